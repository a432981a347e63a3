import { type ProviderContext, providerEnv, type UsageReport, type UsageWindow } from '@agentpool/core';
import { collectWindow, describeHttpResult, normaliseWindow, requestJson, usageReportFor } from '@agentpool/usage';
import { storedLoginFile, truthy } from './droid-home.js';

export const DROID_PROVIDER_ID = 'droid-cli';
/** Factory's API, which Droid itself reads `/api/billing/limits` from. */
export const DROID_USAGE_BASE_URL = 'https://api.factory.ai';
/** Read from the provider's environment (config `providers.droid-cli.env`) when the factory sets no base URL. */
export const DROID_USAGE_BASE_URL_VARIABLE = 'AGENTPOOL_DROID_USAGE_URL';
const SOURCE = 'factory-billing-limits';

export interface DroidUsageOptions {
  /** Base URL of Factory's API (a loopback server in tests). */
  readonly baseUrl?: string | undefined;
  /** Bound on the HTTP request. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  readonly now?: (() => Date) | undefined;
}

/** The buckets of one limit set, with their lengths (a month counts as a month, whatever its days). */
const BUCKETS = [
  { key: 'fiveHour', durationSeconds: 5 * 3600, kind: '5h' },
  { key: 'weekly', durationSeconds: 7 * 86400, kind: 'weekly' },
  { key: 'monthly', durationSeconds: null, kind: 'monthly' },
] as const;
/** `standard` is the plan's own allowance; `core` the Droid Core allowance Droid falls back to. */
const LIMIT_SETS = ['standard', 'core'] as const;

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** `windowEnd` as Droid reads it (`new Date(windowEnd)`): ISO text, or epoch milliseconds. */
function timeOf(value: unknown): Date | null {
  if (typeof value !== 'string' && !isNumber(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Windows from an `api/billing/limits` answer: `limits.{standard,core}.{fiveHour,weekly,monthly}`
 * with `usedPercent` and `windowEnd` (or `secondsRemaining`). A window whose end has passed has
 * reset: Droid shows it as 0 % used, and so does this.
 */
export function droidWindowsFrom(data: unknown, observedAt: Date): { windows: UsageWindow[]; warnings: string[] } {
  const windows: UsageWindow[] = [];
  const warnings: string[] = [];
  const limits = (data as { limits?: unknown } | null)?.limits;
  if (typeof limits !== 'object' || limits === null) return { windows, warnings: ['the answer has no limits object'] };
  for (const set of LIMIT_SETS) {
    const buckets = (limits as Record<string, unknown>)[set];
    if (typeof buckets !== 'object' || buckets === null) continue;
    for (const { key, durationSeconds, kind } of BUCKETS) {
      const bucket = (buckets as Record<string, unknown>)[key] as {
        usedPercent?: unknown;
        windowEnd?: unknown;
        secondsRemaining?: unknown;
      } | null;
      if (bucket === null || bucket === undefined) continue;
      const end = timeOf(bucket.windowEnd);
      const ended = end !== null && end.getTime() <= observedAt.getTime();
      const result = normaliseWindow({
        name: `${set} ${key}`,
        durationSeconds,
        kind,
        scope: set,
        usedPercent: ended ? 0 : (bucket.usedPercent as number | null | undefined),
        resetsAt: ended ? null : end,
        resetsInSeconds: ended || !isNumber(bucket.secondsRemaining) ? null : bucket.secondsRemaining,
        source: SOURCE,
        confidence: 'official',
        observedAt,
      });
      if (!collectWindow(result, windows, warnings)) continue;
      if (ended) warnings.push(`${set} ${key}: its window ended at ${end.toISOString()}, so it has reset (0 % used)`);
    }
  }
  return { windows, warnings };
}

/**
 * Reads Droid's 5-hour, weekly and monthly limits from Factory's `api/billing/limits` with
 * `FACTORY_API_KEY`, sent and never kept. Droid's own stored login is encrypted under a key in the
 * system keyring or `auth.v2.key`: agentpool does not decrypt it, so with only that login the usage is unknown.
 */
export async function probeDroidUsage(context: ProviderContext, options: DroidUsageOptions = {}): Promise<UsageReport> {
  const env = providerEnv(context);
  const accountId = context.account?.id;
  const report = usageReportFor(DROID_PROVIDER_ID, accountId);
  // For an account only its own key counts: the caller's may be another Factory account's.
  const key = (context.account ? context.account.env : env).FACTORY_API_KEY?.trim();
  if (!key) {
    const stored = storedLoginFile(context);
    if (stored) {
      return report('unsupported', [
        `Droid's stored login (${stored}) is encrypted by Droid and is not read by agentpool; set FACTORY_API_KEY for this account to read its limits`,
      ]);
    }
    if (truthy(env.FACTORY_AIRGAP_ENABLED)) return report('unsupported', ['FACTORY_AIRGAP_ENABLED: custom models only, no Factory limits']);
    return report('unauthenticated', ['no FACTORY_API_KEY and no stored Droid login']);
  }
  const now = options.now ?? (() => new Date());
  const result = await requestJson({
    baseUrl: options.baseUrl ?? env[DROID_USAGE_BASE_URL_VARIABLE] ?? DROID_USAGE_BASE_URL,
    path: 'api/billing/limits',
    headers: { authorization: `Bearer ${key}` },
    timeoutMs: options.timeoutMs ?? 10_000,
    signal: context.signal,
    now,
  });
  if (result.kind !== 'ok') {
    const why = describeHttpResult(result);
    if (result.kind === 'http_error' && (result.status === 401 || result.status === 403)) {
      return report('unauthenticated', [`FACTORY_API_KEY was refused: ${why}`]);
    }
    return report('failed', [`api/billing/limits: ${why}`]);
  }
  const { windows, warnings } = droidWindowsFrom(result.data, now());
  if (windows.length > 0) return report('ok', warnings, windows);
  return report('failed', [`api/billing/limits: no limit could be read: ${warnings.join('; ') || 'no limit windows'}`]);
}
