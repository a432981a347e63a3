import type { DebateRow, MessageRow, MonitorEventRow, TaskRow, TeamRow } from '@agentpool/store';

/** The JSON shapes of team_ops' files (snake_case): what `--json`, MCP and `team export` show. */
export const teamView = (team: TeamRow) => ({
  team_name: team.name,
  goal: team.goal,
  members: [...team.members],
  created_at: team.createdAt,
});

export const taskView = (task: TaskRow) => ({
  id: task.id,
  title: task.title,
  owner: task.owner,
  status: task.status,
  depends_on: [...task.dependsOn],
  notes: task.notes.map((note) => ({ at: note.at, text: note.text })),
  created_at: task.createdAt,
  updated_at: task.updatedAt,
});

export const debateView = (debate: DebateRow) => ({
  id: debate.id,
  topic: debate.topic,
  task_id: debate.taskId,
  options: [...debate.options],
  members: [...debate.members],
  decider: debate.decider,
  status: debate.status,
  positions: debate.positions.map((p) => ({
    at: p.at,
    member: p.member,
    option: p.option,
    confidence: p.confidence,
    rationale: p.rationale,
  })),
  decision: debate.decision,
  applied: debate.applied,
  created_at: debate.createdAt,
  updated_at: debate.updatedAt,
});

/** A message with its id (`msg-N`): team_ops' line plus `id` and `seq`. */
export const messageView = (message: MessageRow) => ({
  id: `msg-${message.seq}`,
  seq: message.seq,
  at: message.at,
  type: message.type,
  from: message.from,
  to: message.to,
  body: message.body,
});

/** A `monitor.jsonl` line. */
export const eventView = (teamName: string, event: Omit<MonitorEventRow, 'id'>) => ({
  at: event.at,
  event_type: event.eventType,
  command: event.command,
  team_name: teamName,
  actor: event.actor,
  entity_type: event.entityType,
  entity_id: event.entityId,
  before: event.before ?? null,
  after: event.after ?? null,
  metadata: event.metadata,
  correlation_id: event.correlationId,
});

export type TaskView = ReturnType<typeof taskView>;
export type DebateView = ReturnType<typeof debateView>;
export type MessageView = ReturnType<typeof messageView>;
