// (j) The team board: p95 per operation, one process on a board of 200 tasks, then 20 (and 4)
// processes claiming 200 tasks with dependencies at once (each call one BEGIN IMMEDIATE transaction on a
// real SQLite file). Target: p95 < 20 ms per operation.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { openStore } from '../packages/store/dist/index.js';
import { createTeamBoard } from '../packages/teams/dist/index.js';
import { percentile, round } from './stats.mjs';

export const TEAM_OP_P95_TARGET_MS = 20;
const TASKS = 200;
const PROCESS_COUNTS = [20, 4];
const CHILD = fileURLToPath(new URL('./team-claim-child.mjs', import.meta.url));

const summarize = (samples) => ({
  n: samples.length,
  p50_ms: round(percentile(samples, 50), 2),
  p95_ms: round(percentile(samples, 95), 2),
  max_ms: round(Math.max(...samples), 2),
});

async function seedBoard(board, address, members) {
  await board.init({ location: address.location, teamName: address.teamName, goal: 'bench', members: members.join(',') });
  const samples = [];
  for (let i = 1; i <= TASKS; i += 1) {
    const started = performance.now();
    await board.addTask(address, { title: `t${i}`, dependsOn: i > TASKS / 2 ? `task-${i - TASKS / 2}` : '' });
    samples.push(performance.now() - started);
  }
  return samples;
}

async function singleProcess(dir) {
  const store = await openStore({ path: join(dir, 'single.sqlite') });
  try {
    const board = createTeamBoard(store.teams);
    const root = join(dir, 'teams');
    const address = { location: { root, explicit: true, ancestorRoots: [root] }, teamName: 'bench' };
    const members = ['lead', 'impl-a', 'impl-b', 'reviewer'];
    const ops = { add_task: await seedBoard(board, address, members) };
    const time = async (name, fn) => {
      const started = performance.now();
      await fn();
      if (!ops[name]) ops[name] = [];
      ops[name].push(performance.now() - started);
    };
    for (let i = 1; i <= TASKS / 2; i += 1) {
      await time('next', () => board.next(address, { member: 'impl-a' }));
      await time('claim', () => board.claim(address, { taskId: `task-${i}`, member: i % 2 ? 'impl-a' : 'impl-b' }));
      await time('update_task', () => board.updateTask(address, { taskId: `task-${i}`, status: 'completed', note: 'done' }));
      await time('message', () => board.message(address, { from: 'lead', to: 'reviewer', body: `review task-${i}` }));
      await time('inbox_unread_mark_read', () => board.inbox(address, { member: 'reviewer', unread: true, markRead: true }));
      await time('list_tasks', () => board.listTasks(address));
    }
    for (let d = 1; d <= 20; d += 1) {
      const taskId = `task-${TASKS / 2 + d}`;
      await time('start_debate', () =>
        board.startDebate(address, { topic: `d${d}`, taskId, options: 'a,b', members: 'lead,impl-a,impl-b' }),
      );
      for (const member of ['lead', 'impl-a', 'impl-b']) {
        await time('add_position', () =>
          board.addPosition(address, {
            debateId: `debate-${d}`,
            member,
            option: member === 'impl-b' ? 'b' : 'a',
            confidence: 0.5,
            rationale: 'r',
          }),
        );
      }
      await time('orchestrate_debate_apply', () => board.orchestrateDebate(address, { debateId: `debate-${d}`, ownerMap: 'a:impl-a' }));
    }
    await time('monitor_report', () => board.monitorReport(address));
    return Object.fromEntries(Object.entries(ops).map(([name, samples]) => [name, summarize(samples)]));
  } finally {
    await store.close();
  }
}

/** Claim children still running: when one fails, the rest would wait for its task forever. */
const running = new Set();

function runChild(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      running.delete(child);
      const line = stdout.trim().split('\n').at(-1);
      if (code !== 0 || !line) reject(new Error(`bench claim child exited ${code}: ${stderr || stdout}`));
      else resolve(JSON.parse(line));
    });
  });
}

async function contention(dir, processes) {
  const dbPath = join(dir, `race-${processes}.sqlite`);
  const root = join(dir, 'teams');
  const members = Array.from({ length: processes }, (_, i) => `m${i + 1}`);
  const store = await openStore({ path: dbPath });
  try {
    const board = createTeamBoard(store.teams);
    await seedBoard(board, { location: { root, explicit: true, ancestorRoots: [root] }, teamName: 'bench' }, members);
  } finally {
    await store.close();
  }
  const barrier = join(dir, `go-${processes}`);
  const readies = members.map((member) => join(dir, `ready-${processes}-${member}`));
  const children = members.map((member, i) => runChild([dbPath, root, member, barrier, readies[i]]));
  while (!readies.every((file) => existsSync(file))) await sleep(20);
  const started = performance.now();
  writeFileSync(barrier, '');
  const reports = await Promise.all(children).catch((error) => {
    for (const child of running) child.kill('SIGKILL');
    throw error;
  });
  const wall = performance.now() - started;
  const merged = {};
  for (const report of reports) {
    for (const [name, samples] of Object.entries(report.timings)) merged[name] = [...(merged[name] ?? []), ...samples];
  }
  return {
    processes,
    tasks: TASKS,
    claimed: reports.reduce((sum, report) => sum + report.claimed, 0),
    wall_s: round(wall / 1000, 2),
    ops: Object.fromEntries(Object.entries(merged).map(([name, samples]) => [name, summarize(samples)])),
  };
}

export async function measureTeamBoard({ log }) {
  const dir = mkdtempSync('/tmp/apb-team-');
  try {
    log('team board: one process…');
    const single = await singleProcess(dir);
    const contended = [];
    for (const processes of PROCESS_COUNTS) {
      log(`team board: ${processes} processes claiming ${TASKS} tasks…`);
      const run = await contention(dir, processes);
      run.worst_p95_ms = Math.max(...Object.values(run.ops).map((op) => op.p95_ms));
      run.met = run.worst_p95_ms < TEAM_OP_P95_TARGET_MS;
      contended.push(run);
    }
    const worst = Math.max(...Object.values(single).map((op) => op.p95_ms));
    return { single, contended, target_p95_ms: TEAM_OP_P95_TARGET_MS, worst_single_p95_ms: worst, met: worst < TEAM_OP_P95_TARGET_MS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
