import { describe, expect, it } from 'vitest';
import { buildMonitorReport, parseIsoTime, parseMonitorLines } from '../src/monitor-report.js';

describe('monitor report', () => {
  it.each([
    ['2026-02-16T06:00:00Z', Date.UTC(2026, 1, 16, 6)],
    ['2026-02-16T06:00:00+00', Date.UTC(2026, 1, 16, 6)],
    ['2026-02-16T06:00:00+0000', Date.UTC(2026, 1, 16, 6)],
    ['2026-02-16T07:30:00+01:30', Date.UTC(2026, 1, 16, 6)],
    ['2026-02-16T06:00:00', Date.UTC(2026, 1, 16, 6)],
    ['2026-02-16T06:00:00.250000+00:00', Date.UTC(2026, 1, 16, 6) + 250],
    ['yesterday', null],
    ['2026-02-30T00:00:00Z', null],
  ])('parses %s as team_ops does', (text, expected) => {
    expect(parseIsoTime(text)).toBe(expected);
  });

  it('counts lines as team_ops does: invalid, other team, and the latency from start to apply', () => {
    const line = (fields: Record<string, unknown>) =>
      JSON.stringify({ command: 'c', actor: 'lead', entity_type: 'debate', team_name: 't', ...fields });
    const text = [
      line({ at: '2026-02-16T06:00:00Z', event_type: 'debate.started', entity_id: 'debate-1' }),
      line({ at: '2026-02-16T06:00:30Z', event_type: 'orchestrate.waiting', entity_id: 'debate-1' }),
      line({ at: '2026-02-16T06:01:00Z', event_type: 'message.sent', entity_id: 'lead->a', entity_type: 'message' }),
      line({ at: '2026-02-16T06:02:00+00:00', event_type: 'debate.applied', entity_id: 'debate-1' }),
      line({ at: '2026-02-16T06:02:00Z', event_type: 'message.sent', entity_id: 'x', team_name: 'other' }),
      line({ at: 'not a time', event_type: 'message.sent', entity_id: 'x' }),
      line({ at: '2026-02-16T06:02:00Z', event_type: 'message.sent' }),
      '{broken',
      '',
    ].join('\n');
    const parsed = parseMonitorLines(text, 't');
    const report = buildMonitorReport(parsed.events, {
      teamName: 't',
      monitorFile: 'm',
      invalidLines: parsed.invalid,
      otherTeamLines: parsed.otherTeam,
    });
    expect(report).toMatchObject({
      events_total: 4,
      invalid_event_lines: 3,
      other_team_event_lines: 1,
      message_count: 1,
      debate_count: 1,
      debate_applied_count: 1,
      task_reflection_count: 1,
      reflection_latency_seconds: 120,
      orchestrate_wait_cycles: 1,
    });
  });
});
