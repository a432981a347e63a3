import { AgentPoolError, boundedCall, type ProviderAdapter, type ProviderContext, redact } from '@agentpool/core';
import {
  createSnapshot,
  mergeSnapshots,
  probeWithBackend,
  snapshotFromReport,
  type UsageSnapshot,
  type UsageSnapshotCache,
} from '@agentpool/usage';
import { NATIVE_USAGE_PLAN, plannedBackends, runsNative, type UsageBackendPlan } from './usage-backend-plan.js';

/** The whole refresh's budget when none is given: every probe runs at once within it. */
export const USAGE_REFRESH_TIMEOUT_MS = 20_000;
/** The budget when probes may start a provider's TUI (`--interactive`): Claude's start and its `/usage` panel take seconds. */
export const USAGE_INTERACTIVE_REFRESH_TIMEOUT_MS = 60_000;

export interface UsageRefreshDeps {
  readonly adapters: readonly ProviderAdapter[];
  readonly contextFor: (providerId: string) => ProviderContext;
  readonly cache: UsageSnapshotCache;
  readonly now: () => number;
  /** Which sources to read (default: the providers' own probes only). */
  readonly backends?: UsageBackendPlan | undefined;
}

export interface UsageRefreshResult {
  /** Some probe did not answer within the budget. */
  readonly partial: boolean;
  /** The providers whose probe ran out of time. */
  readonly late: readonly string[];
  /** What each provider's probe gave (a late or failed one as `error`, keeping earlier figures with their own age). */
  readonly snapshots: readonly UsageSnapshot[];
  readonly durationMs: number;
  /** The sources this refresh read. */
  readonly plan: UsageBackendPlan;
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

/** What one source gave for one provider, and whether it ran out of time. */
interface SourceResult {
  readonly snapshot: UsageSnapshot;
  readonly late: boolean;
}

const isTimeout = (error: unknown): boolean =>
  AgentPoolError.isInstance(error) && error.code === 'ADAPTER_FAILED' && /timed out/.test(error.message);

async function probeNative(adapter: ProviderAdapter, deps: UsageRefreshDeps, timeoutMs: number): Promise<SourceResult> {
  const id = adapter.id;
  const probe = adapter.probeUsage?.bind(adapter);
  if (!probe) {
    return {
      snapshot: createSnapshot({ providerId: id, status: 'unknown', reason: `${id} has no usage probe`, fetchedAt: new Date(deps.now()) }),
      late: false,
    };
  }
  try {
    const report = await boundedCall(`${id} usage probe`, timeoutMs, (signal) => probe({ ...deps.contextFor(id), signal }));
    return { snapshot: snapshotFromReport({ ...report, providerId: id }, new Date(deps.now())), late: false };
  } catch (error) {
    const late = isTimeout(error);
    const reason = late
      ? `the usage probe did not answer within ${timeoutMs / 1000} s`
      : `the usage probe failed: ${redact(error instanceof Error ? error.message : String(error))}`;
    return { snapshot: createSnapshot({ providerId: id, status: 'error', reason, fetchedAt: new Date(deps.now()) }), late };
  }
}

/**
 * Runs every adapter's usage probe (and, as the plan says, the external backends that read its
 * provider) in parallel under one budget (each a bounded call with an AbortSignal that fires when the
 * budget runs out), merges what the sources of one provider gave, and caches it. It never waits
 * longer than the budget for a source: a provider with one that has not answered is marked late and
 * the result `partial`.
 */
export interface UsageRefreshOptions {
  readonly timeoutMs?: number | undefined;
  /** Called as each provider's sources have all answered (or run out of time), for a progress display. */
  readonly onProviderDone?: ((snapshot: UsageSnapshot, late: boolean) => void) | undefined;
}

export async function refreshUsage(deps: UsageRefreshDeps, options: UsageRefreshOptions = {}): Promise<UsageRefreshResult> {
  const timeoutMs = checkRefreshTimeout(options.timeoutMs ?? USAGE_REFRESH_TIMEOUT_MS);
  const plan = deps.backends ?? NATIVE_USAGE_PLAN;
  const started = deps.now();
  const late: string[] = [];
  const snapshots = await Promise.all(
    deps.adapters.map(async (adapter): Promise<UsageSnapshot> => {
      const id = adapter.id;
      const previous = await deps.cache.get(id, null).catch(() => null);
      const context = deps.contextFor(id);
      const sources: Promise<SourceResult>[] = runsNative(plan) ? [probeNative(adapter, deps, timeoutMs)] : [];
      for (const { backend, path } of plannedBackends(plan, id)) {
        sources.push(
          boundedCall(`${backend.name} for ${id}`, timeoutMs, (signal) =>
            probeWithBackend({
              backend,
              path,
              providerId: id,
              env: { ...context.env, ...(context.account?.env ?? {}) },
              // The budget's signal stops it; this bound only backs it up.
              timeoutMs: timeoutMs + 1000,
              signal,
              now: deps.now,
            }),
          ).catch((error: unknown): SourceResult => {
            const timedOut = isTimeout(error);
            const reason = timedOut
              ? `${backend.name}: did not answer within ${timeoutMs / 1000} s; it was stopped`
              : `${backend.name}: ${redact(error instanceof Error ? error.message : String(error))}`;
            return {
              snapshot: createSnapshot({ providerId: id, status: 'error', reason, fetchedAt: new Date(deps.now()) }),
              late: timedOut,
            };
          }),
        );
      }
      if (sources.length === 0) {
        // Only a backend that does not read this provider was asked for: nothing was read, nothing is cached.
        return createSnapshot({
          providerId: id,
          status: 'unknown',
          reason: `the ${plan.choice} usage backend does not read ${id}`,
          fetchedAt: new Date(deps.now()),
        });
      }
      const results = await Promise.all(sources);
      if (results.some((result) => result.late)) late.push(id);
      let snapshot =
        results.length === 1 ? (results[0] as SourceResult).snapshot : mergeSnapshots(results.map((result) => result.snapshot));
      if (snapshot.status === 'error' && !hasFigures(snapshot)) snapshot = keepEarlierFigures(previous, snapshot);
      await deps.cache.put(snapshot);
      options.onProviderDone?.(snapshot, late.includes(id));
      return snapshot;
    }),
  );
  late.sort();
  return { partial: late.length > 0, late, snapshots, durationMs: deps.now() - started, plan };
}
