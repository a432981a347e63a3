import type { MonitorEventRow } from '@agentpool/store';

/** team_ops' monitor-report fields (snake_case, as it prints them) and the board's counts. */
export interface MonitorReport {
  readonly team_name: string;
  readonly monitor_file: string;
  readonly events_total: number;
  readonly invalid_event_lines: number;
  readonly other_team_event_lines: number;
  readonly message_count: number;
  readonly debate_count: number;
  readonly debate_applied_count: number;
  readonly task_reflection_count: number;
  /** Mean seconds from `debate.started` to `debate.applied`, over debates with both. */
  readonly reflection_latency_seconds: number;
  readonly orchestrate_wait_cycles: number;
  /** Beyond team_ops: events per type, successful claims, tasks per status, unread messages per member. */
  readonly event_counts: Record<string, number>;
  readonly claim_count: number;
  readonly tasks_by_status?: Record<string, number>;
  readonly unread_by_member?: Record<string, number>;
}

type EventLike = Pick<MonitorEventRow, 'at' | 'eventType' | 'entityId'>;

/** Parses ISO-8601 as team_ops does: `Z`, `+00`, `+0000`, `+00:00` offsets; no offset means UTC. Null when invalid. */
export function parseIsoTime(value: string): number | null {
  let text = value.trim();
  if (!text) return null;
  if (/[zZ]$/.test(text)) text = `${text.slice(0, -1)}+00:00`;
  else {
    const hhmm = /^(.*[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-]\d{2})(\d{2})$/.exec(text);
    const hh = /^(.*[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-]\d{2})$/.exec(text);
    if (hhmm) text = `${hhmm[1]}${hhmm[2]}:${hhmm[3]}`;
    else if (hh) text = `${hh[1]}${hh[2]}:00`;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?([+-]\d{2}:\d{2})?$/.exec(text);
  if (!match) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', offset = '+00:00'] = match;
  const millis = fraction ? Number(`0.${fraction}`) * 1000 : 0;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(base);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return null;
  const sign = offset.startsWith('-') ? -1 : 1;
  const [oh, om] = offset.slice(1).split(':').map(Number) as [number, number];
  if (oh > 23 || om > 59) return null;
  return base + millis - sign * (oh * 60 + om) * 60_000;
}

/** The report over a team's events (already filtered to the team, in order). */
export function buildMonitorReport(
  events: readonly EventLike[],
  context: { teamName: string; monitorFile: string; invalidLines?: number; otherTeamLines?: number },
): MonitorReport {
  let messageCount = 0;
  let applied = 0;
  let waits = 0;
  let claims = 0;
  const debates = new Set<string>();
  const started = new Map<string, number>();
  const latencies: number[] = [];
  const counts: Record<string, number> = {};
  for (const event of events) {
    counts[event.eventType] = (counts[event.eventType] ?? 0) + 1;
    if (event.eventType.startsWith('message.')) messageCount += 1;
    if (event.eventType.startsWith('debate.')) debates.add(event.entityId);
    if (event.eventType === 'debate.started') {
      const at = parseIsoTime(event.at);
      if (at !== null) started.set(event.entityId, at);
    }
    if (event.eventType === 'debate.applied') {
      applied += 1;
      const start = started.get(event.entityId);
      const at = parseIsoTime(event.at);
      if (start !== undefined && at !== null) latencies.push((at - start) / 1000);
    }
    if (event.eventType === 'orchestrate.waiting') waits += 1;
    if (event.eventType === 'task.claimed') claims += 1;
  }
  return {
    team_name: context.teamName,
    monitor_file: context.monitorFile,
    events_total: events.length,
    invalid_event_lines: context.invalidLines ?? 0,
    other_team_event_lines: context.otherTeamLines ?? 0,
    message_count: messageCount,
    debate_count: debates.size,
    debate_applied_count: applied,
    task_reflection_count: applied,
    reflection_latency_seconds: latencies.length > 0 ? latencies.reduce((sum, value) => sum + value, 0) / latencies.length : 0,
    orchestrate_wait_cycles: waits,
    event_counts: counts,
    claim_count: claims,
  };
}

/** A team_ops `monitor.jsonl` line as the store keeps it. */
export type MonitorLine = Omit<MonitorEventRow, 'id'> & { readonly teamName: string };

const REQUIRED = ['event_type', 'command', 'actor', 'entity_type', 'entity_id', 'at'] as const;

/**
 * Reads a `monitor.jsonl`: lines of `teamName` in order, and how many were malformed (bad JSON, a
 * missing field, a bad time) or another team's — team_ops' rules.
 */
export function parseMonitorLines(text: string, teamName: string): { events: MonitorLine[]; invalid: number; otherTeam: number } {
  const events: MonitorLine[] = [];
  let invalid = 0;
  let otherTeam = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      invalid += 1;
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      invalid += 1;
      continue;
    }
    const record = value as Record<string, unknown>;
    const team = record.team_name;
    if (typeof team !== 'string' || !team || REQUIRED.some((key) => typeof record[key] !== 'string' || !record[key])) {
      invalid += 1;
      continue;
    }
    if (parseIsoTime(record.at as string) === null) {
      invalid += 1;
      continue;
    }
    if (team !== teamName) {
      otherTeam += 1;
      continue;
    }
    const metadata = record.metadata;
    events.push({
      teamName: team,
      at: record.at as string,
      eventType: record.event_type as string,
      command: record.command as string,
      actor: record.actor as string,
      entityType: record.entity_type as string,
      entityId: record.entity_id as string,
      before: record.before ?? null,
      after: record.after ?? null,
      metadata: typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {},
      correlationId: typeof record.correlation_id === 'string' ? record.correlation_id : '',
    });
  }
  return { events, invalid, otherTeam };
}
