import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DebateRow, MessageRow, PositionRow, TaskRow, TeamStore } from '@agentpool/store';
import { parseMonitorLines } from './monitor-report.js';
import { checkDependencies } from './task-graph.js';
import { invalidRequest, teamError } from './team-errors.js';
import { validateTeamName } from './team-name.js';
import type { TeamLocation } from './team-root.js';
import { debateView, eventView, taskView, teamView } from './team-views.js';
import { DEBATE_STATUSES, isTaskStatus } from './team-vocabulary.js';

/** The files of a team_ops team folder (`<root>/<team>/`). */
export const TEAM_FILES = ['team.json', 'tasks.json', 'debates.json', 'messages.jsonl', 'monitor.jsonl'] as const;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : [];
const numberOf = (id: string, prefix: string, fallback: number): number => {
  const match = new RegExp(`^${prefix}-(\\d+)$`).exec(id);
  return match ? Number(match[1]) : fallback;
};

function corrupt(file: string, problem: string): Error {
  return invalidRequest(`Cannot import ${file}: ${problem}`, 'agentpool team import --team-name <team> --from <folder>', { file });
}

function readJson(file: string, fallback: unknown): unknown {
  if (!existsSync(file)) return fallback;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw corrupt(file, 'it is not valid JSON.');
  }
}

/** What `import` read from a folder, before it enters the store. */
interface FolderContent {
  goal: string;
  members: string[];
  createdAt: string;
  tasks: TaskRow[];
  nextTask: number;
  debates: DebateRow[];
  nextDebate: number;
  messages: Omit<MessageRow, 'seq'>[];
  events: ReturnType<typeof parseMonitorLines>['events'];
  warnings: string[];
}

function readFolder(folder: string, teamName: string): FolderContent {
  const warnings: string[] = [];
  const teamFile = join(folder, 'team.json');
  if (!existsSync(teamFile)) {
    throw invalidRequest(
      `No team.json in ${folder}: not a team_ops team folder.`,
      `agentpool team import --team-name ${teamName} --from <root>/${teamName}`,
      {
        folder,
      },
    );
  }
  const team = readJson(teamFile, {});
  if (!isObject(team)) throw corrupt(teamFile, 'expected a JSON object.');
  const members = strings(team.members);
  if (members.length === 0 || new Set(members).size !== members.length)
    throw corrupt(teamFile, "'members' must be a non-empty list of distinct names.");
  if (typeof team.team_name === 'string' && team.team_name !== teamName) {
    warnings.push(`team.json names the team '${team.team_name}'; imported as '${teamName}'.`);
  }

  const tasksFile = join(folder, 'tasks.json');
  const board = readJson(tasksFile, { tasks: [], next_id: 1 });
  if (!isObject(board) || !Array.isArray(board.tasks)) throw corrupt(tasksFile, "expected an object with a 'tasks' array.");
  const tasks: TaskRow[] = board.tasks.map((raw, index) => {
    if (!isObject(raw) || typeof raw.id !== 'string' || !raw.id) throw corrupt(tasksFile, `tasks[${index}] needs an id.`);
    const status = text(raw.status, 'pending');
    if (!isTaskStatus(status)) throw corrupt(tasksFile, `tasks[${index}] has status '${status}'.`);
    const notes = Array.isArray(raw.notes) ? raw.notes.filter(isObject).map((note) => ({ at: text(note.at), text: text(note.text) })) : [];
    return {
      id: raw.id,
      number: numberOf(raw.id, 'task', index + 1),
      title: text(raw.title),
      owner: text(raw.owner, 'unassigned'),
      status,
      dependsOn: strings(raw.depends_on),
      notes,
      createdAt: text(raw.created_at),
      updatedAt: text(raw.updated_at),
    };
  });
  if (new Set(tasks.map((t) => t.id)).size !== tasks.length) throw corrupt(tasksFile, 'two tasks share an id.');
  // team_ops never checked dependencies: keep them as they are (a dangling or cyclic one blocks its task), and say so.
  for (const task of tasks) {
    try {
      checkDependencies(task.id, task.dependsOn, tasks);
    } catch (error) {
      warnings.push(`${task.id}: ${(error as Error).message.replace(/^--depends-on /, 'depends_on ')}`);
    }
  }
  const maxTask = Math.max(0, ...tasks.map((t) => t.number));
  const nextTask = Math.max(typeof board.next_id === 'number' && board.next_id >= 1 ? board.next_id : 1, maxTask + 1);

  const debatesFile = join(folder, 'debates.json');
  const debateBoard = readJson(debatesFile, { debates: [], next_id: 1 });
  if (!isObject(debateBoard) || !Array.isArray(debateBoard.debates))
    throw corrupt(debatesFile, "expected an object with a 'debates' array.");
  const debates: DebateRow[] = debateBoard.debates.map((raw, index) => {
    if (!isObject(raw) || typeof raw.id !== 'string' || !raw.id) throw corrupt(debatesFile, `debates[${index}] needs an id.`);
    const status = text(raw.status, 'open');
    if (!(DEBATE_STATUSES as readonly string[]).includes(status)) throw corrupt(debatesFile, `debates[${index}] has status '${status}'.`);
    const positions: PositionRow[] = (Array.isArray(raw.positions) ? raw.positions : []).filter(isObject).map((p) => ({
      at: text(p.at),
      member: text(p.member),
      option: text(p.option),
      confidence: typeof p.confidence === 'number' && Number.isFinite(p.confidence) ? p.confidence : 1,
      rationale: text(p.rationale),
    }));
    return {
      id: raw.id,
      number: numberOf(raw.id, 'debate', index + 1),
      topic: text(raw.topic),
      taskId: typeof raw.task_id === 'string' && raw.task_id ? raw.task_id : null,
      options: strings(raw.options),
      members: strings(raw.members),
      decider: text(raw.decider, 'lead'),
      status,
      positions,
      decision: isObject(raw.decision) ? raw.decision : null,
      applied: isObject(raw.applied) ? raw.applied : null,
      createdAt: text(raw.created_at),
      updatedAt: text(raw.updated_at),
    };
  });
  const maxDebate = Math.max(0, ...debates.map((d) => d.number));
  const nextDebate = Math.max(typeof debateBoard.next_id === 'number' && debateBoard.next_id >= 1 ? debateBoard.next_id : 1, maxDebate + 1);

  const messages: Omit<MessageRow, 'seq'>[] = [];
  const messagesFile = join(folder, 'messages.jsonl');
  let badMessages = 0;
  if (existsSync(messagesFile)) {
    for (const line of readFileSync(messagesFile, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        badMessages += 1;
        continue;
      }
      if (!isObject(value) || (value.type !== 'direct' && value.type !== 'broadcast') || typeof value.from !== 'string') {
        badMessages += 1;
        continue;
      }
      messages.push({ at: text(value.at), type: value.type, from: value.from, to: text(value.to, '*'), body: text(value.body) });
    }
  }
  if (badMessages > 0) warnings.push(`messages.jsonl: skipped ${badMessages} invalid line(s).`);

  const monitorFile = join(folder, 'monitor.jsonl');
  const monitor = existsSync(monitorFile)
    ? parseMonitorLines(readFileSync(monitorFile, 'utf8'), teamName)
    : { events: [], invalid: 0, otherTeam: 0 };
  if (monitor.invalid > 0) warnings.push(`monitor.jsonl: skipped ${monitor.invalid} invalid line(s).`);
  if (monitor.otherTeam > 0) warnings.push(`monitor.jsonl: skipped ${monitor.otherTeam} line(s) of other teams.`);

  return {
    goal: text(team.goal),
    members,
    createdAt: text(team.created_at, new Date().toISOString()),
    tasks,
    nextTask,
    debates,
    nextDebate,
    messages,
    events: monitor.events,
    warnings,
  };
}

/**
 * Reads a team_ops folder (`team.json`, `tasks.json`, `debates.json`, `messages.jsonl`,
 * `monitor.jsonl`) into the store, all in one transaction. An existing team is replaced only with `replace`.
 */
export async function importTeamFolder(
  store: TeamStore,
  input: { location: TeamLocation; teamName: string; from?: string | undefined; replace?: boolean | undefined },
) {
  const name = validateTeamName(input.teamName);
  const root = input.location.root;
  const folder = input.from ?? join(root, name);
  const content = readFolder(folder, name);
  return store.write(async (tx) => {
    const existing = await tx.findTeam(root, name);
    if (existing && !input.replace) {
      throw teamError(
        'INVALID_REQUEST',
        `Team '${name}' already exists under ${root}. Nothing was imported. Re-run with --replace to overwrite it.`,
        `agentpool team import --team-name ${name} --replace`,
        { team_name: name, team_root: root },
      );
    }
    if (existing) await tx.deleteTeam(existing);
    const team = await tx.insertTeam({ root, name, goal: content.goal, members: content.members, createdAt: content.createdAt });
    for (const task of content.tasks) await tx.insertTask(team, task);
    for (const debate of content.debates) await tx.insertDebate(team, debate);
    for (const message of content.messages) await tx.insertMessage(team, message);
    for (const event of content.events) await tx.insertEvent(team, event);
    await tx.setNextNumbers(team, { task: content.nextTask, debate: content.nextDebate });
    const counts = {
      tasks: content.tasks.length,
      debates: content.debates.length,
      messages: content.messages.length,
      events: content.events.length,
    };
    return {
      team_name: name,
      team_root: root,
      folder,
      imported: counts,
      warnings: content.warnings,
      message: `Imported team '${name}' from ${folder}: ${counts.tasks} tasks, ${counts.debates} debates, ${counts.messages} messages, ${counts.events} monitor events.`,
    };
  });
}

/** Writes a file whole or not at all. */
function writeAtomically(path: string, content: string): void {
  const temp = `${path}.${randomUUID()}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, path);
}

/** Writes the team in team_ops' layout; an existing team folder is overwritten only with `force`. */
export async function exportTeamFolder(
  store: TeamStore,
  input: { location: TeamLocation; teamName: string; to?: string | undefined; force?: boolean | undefined },
) {
  const name = validateTeamName(input.teamName);
  const snapshot = await store.read(async (tx) => {
    const team = await tx.findTeam(input.location.root, name);
    if (!team) {
      throw teamError(
        'TEAM_NOT_FOUND',
        `Team '${name}' is not initialized under ${input.location.root}.`,
        `agentpool team import --team-name ${name}`,
        {
          team_name: name,
          team_root: input.location.root,
        },
      );
    }
    const tasks = await tx.listTasks(team);
    const debates = await tx.listDebates(team);
    const messages = await tx.listMessages(team);
    const events = await tx.listEvents(team);
    const numbers = {
      task: Math.max(0, ...tasks.map((t) => t.number)) + 1,
      debate: Math.max(0, ...debates.map((d) => d.number)) + 1,
    };
    return { team, tasks, debates, messages, events, numbers };
  });
  const folder = input.to ?? join(input.location.root, name);
  if (existsSync(join(folder, 'team.json')) && !input.force) {
    throw invalidRequest(
      `${folder} already holds a team (team.json). Nothing was written. Re-run with --force to overwrite it.`,
      `agentpool team export --team-name ${name} --force`,
      {
        folder,
      },
    );
  }
  mkdirSync(folder, { recursive: true });
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  const lines = (values: readonly unknown[]) => values.map((value) => `${JSON.stringify(value)}\n`).join('');
  writeAtomically(join(folder, 'team.json'), json(teamView(snapshot.team)));
  writeAtomically(join(folder, 'tasks.json'), json({ tasks: snapshot.tasks.map(taskView), next_id: snapshot.numbers.task }));
  writeAtomically(join(folder, 'debates.json'), json({ debates: snapshot.debates.map(debateView), next_id: snapshot.numbers.debate }));
  writeAtomically(
    join(folder, 'messages.jsonl'),
    lines(snapshot.messages.map((m) => ({ at: m.at, type: m.type, from: m.from, to: m.to, body: m.body }))),
  );
  writeAtomically(join(folder, 'monitor.jsonl'), lines(snapshot.events.map((event) => eventView(name, event))));
  return {
    team_name: name,
    team_root: snapshot.team.root,
    folder,
    files: [...TEAM_FILES],
    warnings: [] as string[],
    message: `Exported team '${name}' to ${folder}`,
  };
}
