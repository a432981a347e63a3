import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEAM_FILES } from '../src/team-folder.js';
import { type BoardFixture, codeOf, openBoard } from './board-fixture.js';

/** A folder the real team_ops.py wrote (the differential scenario of packages/cli, Python 3.11). */
const TEAM_OPS_FOLDER = fileURLToPath(new URL('./fixtures/team-ops-folder/diff', import.meta.url));

const parsed = (folder: string, file: string): unknown => {
  const text = readFileSync(join(folder, file), 'utf8');
  return file.endsWith('.jsonl')
    ? text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : JSON.parse(text);
};

let fx: BoardFixture;
beforeEach(async () => {
  fx = await openBoard();
});
afterEach(async () => fx.close());

describe('team import and export', () => {
  it('round trip: a folder team_ops wrote, imported and exported, reads the same in every file', async () => {
    const imported = await fx.board.importFolder({ location: fx.location, teamName: 'diff', from: TEAM_OPS_FOLDER });
    expect(imported.imported).toEqual({ tasks: 4, debates: 2, messages: 11, events: 36 });
    expect(imported.warnings).toEqual([]);
    const out = join(fx.dir, 'out');
    await fx.board.exportFolder({ location: fx.location, teamName: 'diff', to: out });
    for (const file of TEAM_FILES) expect({ file, content: parsed(out, file) }).toEqual({ file, content: parsed(TEAM_OPS_FOLDER, file) });
  });

  it('an imported team keeps working: numbering goes on, every message is unread, a task-less decided debate closes on apply', async () => {
    await fx.board.importFolder({ location: fx.location, teamName: 'diff', from: TEAM_OPS_FOLDER });
    const team = { location: fx.location, teamName: 'diff' };
    expect((await fx.board.addTask(team, { title: 'next', dependsOn: 'task-3' })).task.id).toBe('task-5');
    expect((await fx.board.inbox(team, { member: 'reviewer', unread: true })).messages.length).toBeGreaterThan(0);
    const closed = await fx.board.decideDebate(team, { debateId: 'debate-2', apply: true });
    expect(closed.debate.status).toBe('closed');
    expect((await fx.board.monitorReport(team)).report).toMatchObject({ debate_applied_count: 1, message_count: 10 });
  });

  it('refuses to import over an existing team or export over a team folder unless asked, and says what it kept of a broken board', async () => {
    const folder = join(fx.dir, 'copy');
    cpSync(TEAM_OPS_FOLDER, folder, { recursive: true });
    const tasks = JSON.parse(readFileSync(join(folder, 'tasks.json'), 'utf8'));
    tasks.tasks[3].depends_on = ['task-9'];
    writeFileSync(join(folder, 'tasks.json'), JSON.stringify(tasks));
    writeFileSync(join(folder, 'messages.jsonl'), `${readFileSync(join(folder, 'messages.jsonl'), 'utf8')}{broken\n`);
    const first = await fx.board.importFolder({ location: fx.location, teamName: 'diff', from: folder });
    expect(first.warnings).toEqual([
      expect.stringContaining('task-4: depends_on names an unknown task: task-9'),
      'messages.jsonl: skipped 1 invalid line(s).',
    ]);
    expect(await codeOf(fx.board.importFolder({ location: fx.location, teamName: 'diff', from: folder }))).toBe('INVALID_REQUEST');
    await fx.board.importFolder({ location: fx.location, teamName: 'diff', from: TEAM_OPS_FOLDER, replace: true });
    const team = { location: fx.location, teamName: 'diff' };
    expect((await fx.board.listTasks(team)).tasks[3]?.depends_on).toEqual([]);

    const target = join(fx.dir, 'target');
    mkdirSync(target);
    writeFileSync(join(target, 'team.json'), '{}');
    expect(await codeOf(fx.board.exportFolder({ location: fx.location, teamName: 'diff', to: target }))).toBe('INVALID_REQUEST');
    expect(readFileSync(join(target, 'team.json'), 'utf8')).toBe('{}');
    await fx.board.exportFolder({ location: fx.location, teamName: 'diff', to: target, force: true });
    expect(parsed(target, 'team.json')).toEqual(parsed(TEAM_OPS_FOLDER, 'team.json'));
  });
});
