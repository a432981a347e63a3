import { AgentPoolError, boundedCall, type ProviderAdapter, type ProviderContext, redact } from '@agentpool/core';
import { createSnapshot, mergeSnapshots, snapshotFromReport, type UsageSnapshot, type UsageSnapshotCache } from '@agentpool/usage';

/** The whole refresh's budget when none is given: every probe runs at once within it. */
export const USAGE_REFRESH_TIMEOUT_MS = 20_000;

export interface UsageRefreshDeps {
  readonly adapters: readonly ProviderAdapter[];
  readonly contextFor: (providerId: string) => ProviderContext;
  readonly cache: UsageSnapshotCache;
  readonly now: () => number;
}

export interface UsageRefreshResult {
  /** Some probe did not answer within the budget. */
  readonly partial: boolean;
  /** The providers whose probe ran out of time. */
  readonly late: readonly string[];
  /** What each provider's probe gave (a late or failed one as `error`, keeping earlier figures with their own age). */
  readonly snapshots: readonly UsageSnapshot[];
  readonly durationMs: number;
}

/** Checks a refresh budget (`--timeout`): a whole number of milliseconds, 1 or more. */
export function checkRefreshTimeout(timeoutMs: number): number {
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) {
    throw new AgentPoolError('INVALID_TIMEOUT', `A usage refresh timeout must be a whole number of milliseconds ≥ 1, not ${timeoutMs}.`, {
      details: { timeout_ms: timeoutMs },
      hint: 'agentpool usage-summary --refresh --timeout 20',
    });
  }
  return timeoutMs;
}

const hasFigures = (snapshot: UsageSnapshot | null): snapshot is UsageSnapshot =>
  snapshot !== null && (snapshot.status === 'ok' || snapshot.status === 'limit_reached');

/**
 * A failed probe is cached as a failure, yet the figures read before are not thrown away: they are
 * kept with their own (older) fetch time, so they read as old, never as fresh.
 */
function keepEarlierFigures(previous: UsageSnapshot | null, failed: UsageSnapshot): UsageSnapshot {
  return hasFigures(previous) ? mergeSnapshots([{ ...previous, warnings: [] }, failed]) : failed;
}

/**
 * Runs every adapter's usage probe in parallel under one budget (each a bounded call with an
 * AbortSignal that fires when the budget runs out) and caches what each gave. It never waits
 * longer than the budget for a probe: one that has not answered is marked late and the result
 * `partial`.
 */
export async function refreshUsage(deps: UsageRefreshDeps, options: { timeoutMs?: number } = {}): Promise<UsageRefreshResult> {
  const timeoutMs = checkRefreshTimeout(options.timeoutMs ?? USAGE_REFRESH_TIMEOUT_MS);
  const started = deps.now();
  const late: string[] = [];
  const snapshots = await Promise.all(
    deps.adapters.map(async (adapter): Promise<UsageSnapshot> => {
      const id = adapter.id;
      const previous = await deps.cache.get(id, null).catch(() => null);
      const probe = adapter.probeUsage?.bind(adapter);
      let snapshot: UsageSnapshot;
      if (!probe) {
        snapshot = createSnapshot({
          providerId: id,
          status: 'unknown',
          reason: `${id} has no usage probe`,
          fetchedAt: new Date(deps.now()),
        });
      } else {
        try {
          const report = await boundedCall(`${id} usage probe`, timeoutMs, (signal) => probe({ ...deps.contextFor(id), signal }));
          snapshot = snapshotFromReport({ ...report, providerId: id }, new Date(deps.now()));
        } catch (error) {
          const timedOut = AgentPoolError.isInstance(error) && error.code === 'ADAPTER_FAILED' && /timed out/.test(error.message);
          if (timedOut) late.push(id);
          const reason = timedOut
            ? `the usage probe did not answer within ${timeoutMs / 1000} s`
            : `the usage probe failed: ${redact(error instanceof Error ? error.message : String(error))}`;
          snapshot = keepEarlierFigures(
            previous,
            createSnapshot({ providerId: id, status: 'error', reason, fetchedAt: new Date(deps.now()) }),
          );
        }
        if (snapshot.status === 'error' && !hasFigures(snapshot)) snapshot = keepEarlierFigures(previous, snapshot);
      }
      await deps.cache.put(snapshot);
      return snapshot;
    }),
  );
  late.sort();
  return { partial: late.length > 0, late, snapshots, durationMs: deps.now() - started };
}
