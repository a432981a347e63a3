import type { ProbeReading } from '@agentpool/account-pool';
import type { UsageSummaryRow } from './usage-summary.js';

/**
 * One account's status row as the rotation decision reads it: the binding window's remaining
 * percent and reset, or unknown (a failed, late or figure-less probe is never scored as full).
 * Without a binding window the lowest window that still holds binds.
 */
export function probeReading(row: UsageSummaryRow, at: number): ProbeReading {
  if (row.status !== 'ok' || row.late) return { status: 'unknown', at, reason: row.reason ?? `status ${row.status}` };
  const holding = row.windows.filter((window) => !window.reset_passed && Number.isFinite(window.remaining_percent));
  const binding = row.binding_window ? holding.find((window) => window.name === row.binding_window?.name) : undefined;
  const window = binding ?? [...holding].sort((a, b) => a.remaining_percent - b.remaining_percent)[0];
  if (!window) return { status: 'unknown', at, reason: 'the probe gave no usage window' };
  const resetsAt = window.resets_at ? Date.parse(window.resets_at) : null;
  return {
    status: 'ok',
    at,
    remainingPercent: Math.max(0, window.remaining_percent),
    resetsAt: resetsAt !== null && Number.isFinite(resetsAt) ? resetsAt : null,
  };
}
