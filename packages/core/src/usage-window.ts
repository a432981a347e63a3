/** The kind of a usage window, from its duration, never from its position in a list. */
export type UsageWindowKind = '5h' | 'daily' | 'weekly' | 'monthly' | 'session' | 'other';

/** How a usage figure was obtained, strongest first. */
export type UsageConfidence = 'official' | 'local_cli' | 'observed' | 'estimated' | 'unknown';

/** One limit window of a subscription. */
export interface UsageWindow {
  /** The provider's own name for the window ("5h limit", "weekly"). */
  readonly name: string;
  readonly kind: UsageWindowKind;
  /** 0..100; above 100 where the provider reports overage (never clamped). */
  readonly usedPercent: number;
  /** 0..100; below 0 where the provider reports overage. 0 means exhausted; it is never read as "unknown" or 100. */
  readonly remainingPercent: number;
  /** ISO time the window resets, when known. */
  readonly resetsAt: string | null;
  /** Where the figure came from (`codex-rollout-log`, `codex-app-server`, …). */
  readonly source: string;
  readonly confidence: UsageConfidence;
  /** ISO time the figure was read. */
  readonly observedAt: string;
  /** Absolute amount used, where the provider counts requests, credits or money. */
  readonly used?: number | undefined;
  /** The window's absolute limit, in the same unit. */
  readonly limit?: number | undefined;
  /** Unit of `used` and `limit` (`requests`, `credits`, `usd`, `tokens`). */
  readonly unit?: string | undefined;
}

/**
 * What a probe could tell: `ok` (windows read), `no_limits` (the plan has no limits to report),
 * `limit_reached` (the provider refused work on a limit, e.g. a worker's turn failed on it, though no
 * window reads exhausted; `warnings[0]` says why), `unauthenticated`, `unsupported` (this provider or
 * plan has no usage source) or `failed` (the probe ran and could not read them; `warnings` say why).
 * An empty window list alone never means "no limits".
 */
export type UsageReportStatus = 'ok' | 'no_limits' | 'limit_reached' | 'unauthenticated' | 'unsupported' | 'failed';

/** What one usage probe of one provider found. */
export interface UsageReport {
  readonly providerId: string;
  readonly windows: readonly UsageWindow[];
  readonly warnings: readonly string[];
  /** Absent in reports from adapters written before it existed: read as `ok` when windows exist, else `failed`. */
  readonly status?: UsageReportStatus | undefined;
  /** The account the report is for, when not the provider's default home. */
  readonly accountId?: string | undefined;
}
