/** The kind of a usage window, from its duration, never from its position in a list. */
export type UsageWindowKind = '5h' | 'daily' | 'weekly' | 'monthly' | 'session' | 'other';

/** How a usage figure was obtained, strongest first. */
export type UsageConfidence = 'official' | 'local_cli' | 'observed' | 'estimated' | 'unknown';

/** One limit window of a subscription. */
export interface UsageWindow {
  /** The provider's own name for the window ("5h limit", "weekly"). */
  readonly name: string;
  readonly kind: UsageWindowKind;
  /** 0..100. */
  readonly usedPercent: number;
  /** 0..100. 0 means exhausted; it is never read as "unknown" or 100. */
  readonly remainingPercent: number;
  /** ISO time the window resets, when known. */
  readonly resetsAt: string | null;
  /** Where the figure came from (`codex-rollout-log`, `codex-app-server`, …). */
  readonly source: string;
  readonly confidence: UsageConfidence;
  /** ISO time the figure was read. */
  readonly observedAt: string;
}

/** What one usage probe of one provider found. */
export interface UsageReport {
  readonly providerId: string;
  readonly windows: readonly UsageWindow[];
  readonly warnings: readonly string[];
}
