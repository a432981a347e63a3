import { normaliseWindow } from '../normalised-window.js';
import { createSnapshot, type UsageSnapshot } from '../usage-snapshot.js';
import type { BackendParseContext } from './usage-backend.js';

/** Source tag of the window read from ccusage. */
export const CCUSAGE_SOURCE = 'ccusage';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const timeOf = (value: unknown): number | null =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? Date.parse(value) : null;

/**
 * Reads `ccusage blocks --json --token-limit max` (ccusage 20.0.24): `{blocks: [{id, startTime,
 * endTime, isActive, isGap, totalTokens, tokenCounts, projection, tokenLimitStatus: {limit,
 * projectedUsage, percentUsed, status}}]}`. The active block becomes an `estimated` 5-hour window:
 * its tokens against `tokenLimitStatus.limit` (the largest earlier block ccusage printed), resetting
 * at its `endTime`. `percentUsed` is not taken: ccusage computes it from the projected use at the
 * block's end, not from what is used now. A block larger than every earlier one counts as the limit
 * itself (100 % used), as this project's own log estimate does. Pure.
 */
export function parseCcusageBlocks(stdout: string, context: BackendParseContext): UsageSnapshot {
  const base = { providerId: context.providerId, accountId: context.accountId ?? null, fetchedAt: context.observedAt };
  const fail = (reason: string) => createSnapshot({ ...base, status: 'error', reason: `ccusage: ${reason}` });
  const unknown = (reason: string) => createSnapshot({ ...base, status: 'unknown', reason: `ccusage: ${reason}` });
  let body: unknown;
  try {
    body = JSON.parse(stdout);
  } catch {
    return fail(`printed output that is not JSON (${stdout.trim().length} characters)`);
  }
  if (!isObject(body) || !Array.isArray(body.blocks)) return fail('printed JSON without a "blocks" list');
  const active = body.blocks.find((block) => isObject(block) && block.isActive === true && block.isGap !== true) as
    | Record<string, unknown>
    | undefined;
  if (!active) return unknown('no active 5-hour block (no Claude activity in the local logs within the last 5 hours)');
  const start = timeOf(active.startTime);
  const end = timeOf(active.endTime);
  if (!isNumber(active.totalTokens) || end === null) return fail('the active block has no totalTokens or endTime');
  const status = active.tokenLimitStatus;
  if (!isObject(status) || !isNumber(status.limit) || status.limit <= 0) {
    return unknown('no earlier 5-hour block in the local logs to take a limit from (--token-limit max)');
  }
  const result = normaliseWindow({
    name: 'five_hour (ccusage estimate)',
    durationSeconds: start !== null ? (end - start) / 1000 : null,
    kind: '5h',
    used: active.totalTokens,
    limit: Math.max(status.limit, active.totalTokens),
    unit: 'tokens',
    resetsAt: new Date(end),
    source: CCUSAGE_SOURCE,
    confidence: 'estimated',
    observedAt: context.observedAt,
  });
  if (!result.ok) return fail(result.problem);
  return createSnapshot({ ...base, windows: [result.window], warnings: result.warnings });
}
