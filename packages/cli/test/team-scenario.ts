import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The differential scenario: the same argv for team_ops.py and `agentpool team`. `ours` is the exit
 * code agentpool gives where it differs from team_ops on purpose (team_ops exits 0 on every step).
 */
export interface ScenarioStep {
  readonly args: readonly string[];
  readonly ours?: number;
  /** Why agentpool differs here. */
  readonly difference?: string;
}

const T = ['--team-name', 'diff'];
const OWNERS = ['--owner-map', 'exponential-backoff:impl-b,fixed-backoff:impl-a'];

export const SCENARIO: readonly ScenarioStep[] = [
  { args: ['init', ...T, '--goal', 'Ship the sync service', '--members', 'lead,impl-a,impl-b,reviewer'] },
  { args: ['add-task', ...T, '--title', 'Schema'] },
  { args: ['add-task', ...T, '--title', 'API', '--depends-on', 'task-1'] },
  { args: ['add-task', ...T, '--title', 'Retry policy', '--depends-on', 'task-2'] },
  { args: ['add-task', ...T, '--title', 'Docs'] },
  { args: ['claim', ...T, '--task-id', 'task-1', '--member', 'impl-a'] },
  {
    args: ['claim', ...T, '--task-id', 'task-1', '--member', 'impl-b'],
    ours: 1,
    difference: "team_ops lets impl-b take impl-a's in-progress task; agentpool refuses (TASK_CONFLICT)",
  },
  { args: ['update-task', ...T, '--task-id', 'task-1', '--owner', 'impl-a', '--note', 'impl-a keeps the schema'] },
  {
    args: ['claim', ...T, '--task-id', 'task-2', '--member', 'impl-b'],
    ours: 1,
    difference: 'team_ops lets a task start while its dependency task-1 is open; agentpool refuses (TASK_BLOCKED)',
  },
  { args: ['message', ...T, '--from', 'impl-a', '--to', 'reviewer', '--body', 'Schema ready for review'] },
  { args: ['broadcast', ...T, '--from', 'lead', '--body', 'API waits on the schema'] },
  {
    args: [
      'start-debate',
      ...T,
      '--topic',
      'Retry strategy',
      '--task-id',
      'task-3',
      '--options',
      'fixed-backoff,exponential-backoff',
      '--members',
      'lead,impl-a,impl-b,reviewer',
      '--notify',
    ],
  },
  { args: ['orchestrate-debate', ...T, '--debate-id', 'debate-1', '--send-reminders'] },
  {
    args: [
      'add-position',
      ...T,
      '--debate-id',
      'debate-1',
      '--member',
      'lead',
      '--option',
      'exponential-backoff',
      '--confidence',
      '0.5',
      '--rationale',
      'p95 under bursts',
    ],
  },
  {
    args: [
      'add-position',
      ...T,
      '--debate-id',
      'debate-1',
      '--member',
      'impl-a',
      '--option',
      'fixed-backoff',
      '--confidence',
      '0.5',
      '--rationale',
      'simpler',
    ],
  },
  {
    args: [
      'add-position',
      ...T,
      '--debate-id',
      'debate-1',
      '--member',
      'impl-b',
      '--option',
      'fixed-backoff',
      '--confidence',
      '0.25',
      '--rationale',
      'fine',
    ],
  },
  {
    args: [
      'add-position',
      ...T,
      '--debate-id',
      'debate-1',
      '--member',
      'reviewer',
      '--option',
      'exponential-backoff',
      '--confidence',
      '0.25',
      '--rationale',
      'safer',
    ],
  },
  {
    args: ['orchestrate-debate', ...T, '--debate-id', 'debate-1', ...OWNERS],
    difference: 'team_ops applies the decision to task-3 while task-2 is open; agentpool keeps it decided and waits',
  },
  { args: ['update-task', ...T, '--task-id', 'task-1', '--status', 'completed', '--note', 'tests pass'] },
  { args: ['claim', ...T, '--task-id', 'task-2', '--member', 'impl-b'] },
  { args: ['update-task', ...T, '--task-id', 'task-2', '--status', 'completed'] },
  {
    args: ['orchestrate-debate', ...T, '--debate-id', 'debate-1', ...OWNERS],
    difference: 'team_ops: already applied, nothing to do; agentpool applies now that task-2 is completed',
  },
  { args: ['start-debate', ...T, '--topic', 'Log format', '--options', 'json,text', '--members', 'lead,impl-a,reviewer'] },
  {
    args: [
      'add-position',
      ...T,
      '--debate-id',
      'debate-2',
      '--member',
      'impl-a',
      '--option',
      'text',
      '--confidence',
      '0.1',
      '--rationale',
      'grep',
    ],
  },
  {
    args: [
      'add-position',
      ...T,
      '--debate-id',
      'debate-2',
      '--member',
      'reviewer',
      '--option',
      'text',
      '--confidence',
      '0.2',
      '--rationale',
      'less',
    ],
  },
  {
    args: [
      'add-position',
      ...T,
      '--debate-id',
      'debate-2',
      '--member',
      'lead',
      '--option',
      'json',
      '--confidence',
      '0.3',
      '--rationale',
      'tools',
    ],
  },
  {
    args: ['decide-debate', ...T, '--debate-id', 'debate-2', '--rationale', 'format'],
    difference:
      "0.1 + 0.2 vs 0.3: team_ops sums floats (0.30000000000000004) and picks 'text' by score; agentpool sees a tie and the decider's 'json' wins. The debate has no task: team_ops leaves it decided, agentpool closes it",
  },
  { args: ['inbox', ...T, '--member', 'reviewer'] },
];

type Json = Record<string, unknown>;

/** What the comparison looks at, read from a team folder in team_ops' layout (timestamps left out). */
export function summarizeFolder(folder: string) {
  const read = (name: string) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as Json;
  const tasks = (read('tasks.json').tasks as Json[]).map((t) => ({
    id: t.id,
    status: t.status,
    owner: t.owner,
    depends_on: t.depends_on,
    notes: (t.notes as Json[]).map((n) => n.text),
  }));
  const debates = (read('debates.json').debates as Json[]).map((d) => {
    const decision = d.decision as Json | null;
    const applied = d.applied as Json | null;
    return {
      id: d.id,
      status: d.status,
      task_id: d.task_id,
      options: d.options,
      members: d.members,
      decider: d.decider,
      positions: (d.positions as Json[]).length,
      decision: decision && { option: decision.option, method: decision.method, scores: decision.scores, rationale: decision.rationale },
      applied: applied && {
        task_id: applied.task_id,
        status: applied.status,
        owner: applied.owner,
        option: applied.option,
        by: applied.by,
      },
    };
  });
  const messages = readFileSync(join(folder, 'messages.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Json)
    .map((m) => `${m.type} ${m.from}->${m.to}: ${m.body}`)
    .sort();
  return { tasks, debates, messages };
}
