import type { UsageSnapshot } from '../usage-snapshot.js';

/** An external program that reads usage limits besides the providers' own probes. */
export type UsageBackendName = 'codexbar' | 'ccusage';

/**
 * What a usage refresh reads: `native` the providers' own probes (the default), one external
 * backend alone, or `combined`: native plus every installed backend, merged per provider.
 */
export type UsageBackendChoice = 'native' | UsageBackendName | 'combined';

export const USAGE_BACKEND_NAMES: readonly UsageBackendName[] = ['codexbar', 'ccusage'];
export const USAGE_BACKEND_CHOICES: readonly UsageBackendChoice[] = ['native', 'codexbar', 'ccusage', 'combined'];

/** What a backend parser is given besides the program's output. */
export interface BackendParseContext {
  /** agentpool's provider id (`claude-code`). */
  readonly providerId: string;
  readonly accountId?: string | null | undefined;
  /** When the program answered; the figures' `observedAt` when the output names no time. */
  readonly observedAt: Date;
}

/**
 * One external usage backend: which providers it reads, how it is run for one of them, and how its
 * output becomes a snapshot. `parse` is pure; running the program is `probeWithBackend`'s job.
 */
export interface UsageBackend {
  readonly name: UsageBackendName;
  /** The executable looked up on PATH when config names none. */
  readonly defaultCommand: string;
  /** How to install it, shown when it is missing. */
  readonly installHint: string;
  /** agentpool provider ids this backend reads. */
  readonly providers: readonly string[];
  /** The argv (after the command) that reads one provider's usage as JSON, at `now`. */
  args(providerId: string, now: Date): string[];
  /**
   * Reads the program's stdout (exit code 0) as one provider's snapshot. Output that is not what
   * the backend prints is an `error` snapshot naming the backend, never a guessed window.
   */
  parse(stdout: string, context: BackendParseContext): UsageSnapshot;
}
