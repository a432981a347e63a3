import type { UsageConfidence } from '@agentpool/core';
import { createSnapshot, type NormalisedUsageWindow, normaliseWindow, type UsageSnapshot, windowKindFromDuration } from '@agentpool/usage';

export const CODEX_PROVIDER_ID = 'codex-cli';

/** The limit id of Codex's ordinary usage; other ids (`codex_bengalfox`) are separate limits, kept apart by scope. */
export const MAIN_LIMIT_ID = 'codex';

/** One Codex limit window as any of its sources says it, already in seconds. */
export interface CodexWindowReading {
  readonly usedPercent: unknown;
  readonly durationSeconds: unknown;
  /** Unix seconds. */
  readonly resetsAt?: unknown;
  readonly resetsInSeconds?: unknown;
  /** The limit id (`codex`, `codex_bengalfox`); the main one has no scope. */
  readonly limitId?: string | null | undefined;
  /** The provider's name of the limit (`GPT-5-Codex-Spark`), when it has one. */
  readonly limitName?: string | null | undefined;
}

const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** `5-hour limit`, `weekly limit`, `90-minute limit`: named by duration, never by the field it came in. */
export function codexWindowName(durationSeconds: number | null, limitName?: string | null): string {
  const kind = windowKindFromDuration(durationSeconds);
  const label =
    kind === '5h'
      ? '5-hour limit'
      : kind === 'other'
        ? durationSeconds === null
          ? 'limit'
          : `${Math.round(durationSeconds / 60)}-minute limit`
        : `${kind} limit`;
  return limitName ? `${limitName} ${label}` : label;
}

/** A reading as a window, or a problem text; the kind comes from the duration alone. */
export function codexWindow(
  reading: CodexWindowReading,
  source: string,
  confidence: UsageConfidence,
  observedAt: string | Date,
): { window: NormalisedUsageWindow } | { problem: string } {
  const durationSeconds = number(reading.durationSeconds);
  const scope = reading.limitId && reading.limitId !== MAIN_LIMIT_ID ? reading.limitId : null;
  const result = normaliseWindow({
    name: codexWindowName(durationSeconds, reading.limitName),
    durationSeconds,
    scope,
    usedPercent: reading.usedPercent as number | null | undefined,
    resetsAt: number(reading.resetsAt),
    resetsInSeconds: number(reading.resetsInSeconds),
    source,
    confidence,
    observedAt,
  });
  return result.ok ? { window: result.window } : { problem: result.problem };
}

/** A snapshot saying why a source could not read anything. */
export function failedSnapshot(
  status: 'error' | 'unknown',
  reason: string,
  fetchedAt: Date,
  accountId: string | null,
  warnings: readonly string[] = [],
): UsageSnapshot {
  return createSnapshot({ providerId: CODEX_PROVIDER_ID, accountId, status, reason, fetchedAt, warnings });
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
