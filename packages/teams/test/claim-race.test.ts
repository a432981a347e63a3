import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TeamAddress } from '../src/team-board.js';
import { type BoardFixture, openBoard } from './board-fixture.js';

const CHILD = fileURLToPath(new URL('./fixtures/claim-child.mjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const PROCESSES = 20;
const TASKS = 200;

interface ChildReport {
  member: string;
  claimed: string[];
  refused: { TASK_CONFLICT: number; TASK_BLOCKED: number };
}

function runChild(args: string[]): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1);
      if (code !== 0 || !line) reject(new Error(`claim child exited ${code}: ${stderr || stdout}`));
      else resolve(JSON.parse(line) as ChildReport);
    });
  });
}

let fx: BoardFixture;
beforeEach(async () => {
  fx = await openBoard();
});
afterEach(async () => fx.close());

describe('20 processes claiming 200 tasks', () => {
  it('no task is claimed twice and no task is claimed while a dependency is open', { timeout: 240_000 }, async () => {
    if (!existsSync(BUILT)) throw new Error('Build first: pnpm exec turbo run build --filter=@agentpool/teams');
    const members = Array.from({ length: PROCESSES }, (_, i) => `m${i + 1}`);
    const team: TeamAddress = { location: fx.location, teamName: 'race' };
    await fx.board.init({ location: fx.location, teamName: 'race', goal: 'race', members: members.join(',') });
    // Tasks 1–100 are free; task 100+i waits on task i, and every 10th of those also on the task before it.
    for (let i = 1; i <= TASKS; i += 1) {
      const deps = i > 100 ? [`task-${i - 100}`, ...(i % 10 === 0 ? [`task-${i - 1}`] : [])] : [];
      await fx.board.addTask(team, { title: `t${i}`, dependsOn: deps.join(',') });
    }
    const barrier = join(fx.dir, 'go');
    const readies = members.map((member) => join(fx.dir, `ready-${member}`));
    const children = members.map((member, index) =>
      runChild([fx.store.path, fx.location.root, 'race', member, barrier, readies[index] as string, String(index + 1)]),
    );
    while (!readies.every((file) => existsSync(file))) await sleep(20);
    writeFileSync(barrier, '');
    const reports = await Promise.all(children);

    const claims = reports.flatMap((report) => report.claimed);
    expect(new Set(claims).size).toBe(claims.length);
    expect(claims).toHaveLength(TASKS);

    const events = (await fx.board.events(team)).events;
    const claimEvents = events.filter((event) => event.eventType === 'task.claimed');
    expect(claimEvents).toHaveLength(TASKS);
    expect(new Set(claimEvents.map((event) => event.entityId)).size).toBe(TASKS);
    const completedAt = new Map(
      events
        .filter((event) => event.eventType === 'task.updated' && (event.after as { status?: string }).status === 'completed')
        .map((event) => [event.entityId, event.id] as const),
    );
    const tasks = (await fx.board.listTasks(team)).tasks;
    const byId = new Map(tasks.map((task) => [task.id, task] as const));
    const blockedClaims = claimEvents.filter((claim) =>
      (byId.get(claim.entityId)?.depends_on ?? []).some((dep) => (completedAt.get(dep) ?? Number.POSITIVE_INFINITY) > claim.id),
    );
    expect(blockedClaims.map((claim) => claim.entityId)).toEqual([]);
    expect(tasks.every((task) => task.status === 'completed')).toBe(true);
    for (const claim of claimEvents) expect(byId.get(claim.entityId)?.owner).toBe(claim.actor);
    const refused = reports.reduce((sum, r) => sum + r.refused.TASK_CONFLICT + r.refused.TASK_BLOCKED, 0);
    expect(refused).toBeGreaterThan(0);
  });
});
