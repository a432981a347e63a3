import type { UsageConfidence, UsageWindow, UsageWindowKind } from '@agentpool/core';
import { windowKindFromDuration } from './window-kind.js';

/** One reading that contributed to a window: where it came from, how sure, and when. */
export interface UsageProvenance {
  /** The source that produced the figure (`codex-rollout-log`, `claude-oauth-usage`, …). */
  readonly source: string;
  readonly confidence: UsageConfidence;
  /** ISO time the figure was read. */
  readonly observedAt: string;
  /** What that source said, when it differs from the kept figure (a merged-away reading). */
  readonly usedPercent?: number | undefined;
}

/**
 * A usage window as agentpool keeps it: core's `UsageWindow` (which adapters return) plus the
 * duration it was classified by, an optional scope and every source that reported it.
 *
 * `remainingPercent` may be below 0 where a provider reports overage and `usedPercent` above 100;
 * neither is clamped. 0 remaining means exhausted.
 */
export interface NormalisedUsageWindow extends UsageWindow {
  /** The window's length in seconds when the provider says it (the `kind` was derived from it). */
  readonly durationSeconds: number | null;
  /**
   * What the window limits when a provider has several of one kind (`opus`, `sonnet`,
   * `premium_interactions`, a limit id). Windows of one kind and scope are the same window.
   */
  readonly scope: string | null;
  /** Every reading of this window, the kept one first. */
  readonly provenance: readonly UsageProvenance[];
}

/** A raw window as a probe read it. Give at least one of the percent fields or `used` with `limit`. */
export interface UsageWindowInput {
  readonly name: string;
  /** The window's length; the kind is derived from it. */
  readonly durationSeconds?: number | null | undefined;
  /**
   * The kind the provider names (Claude `limits[].kind: session`), used only when the duration does
   * not settle it: a known duration always decides.
   */
  readonly kind?: UsageWindowKind | undefined;
  readonly scope?: string | null | undefined;
  readonly usedPercent?: number | null | undefined;
  readonly remainingPercent?: number | null | undefined;
  /** 0..1 of the window left (Gemini `remainingFraction`). */
  readonly remainingFraction?: number | null | undefined;
  readonly used?: number | null | undefined;
  readonly limit?: number | null | undefined;
  readonly unit?: string | undefined;
  /** ISO text, a Date, or a number of Unix seconds. */
  readonly resetsAt?: string | number | Date | null | undefined;
  /** Seconds from `observedAt` to the reset, where the provider reports it relatively. */
  readonly resetsInSeconds?: number | null | undefined;
  readonly source: string;
  readonly confidence: UsageConfidence;
  /** ISO time (or Date) the figure was read. */
  readonly observedAt: string | Date;
}

export type NormaliseWindowResult =
  | { readonly ok: true; readonly window: NormalisedUsageWindow; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly problem: string };

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const given = (value: unknown): boolean => value !== undefined && value !== null;

/** 1e11 Unix seconds is the year 5138: a number this large is milliseconds sent by mistake. */
const UNIX_SECONDS_LIMIT = 1e11;

function toIso(value: string | number | Date): string | null {
  const date = typeof value === 'number' ? new Date(value * 1000) : value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Rounds away floating-point noise (100 - 57.3 = 42.7, not 42.699999…). */
const tidy = (value: number): number => Math.round(value * 1e6) / 1e6;

/**
 * Turns a raw reading into a window. Percentages are taken as given: 0 stays 0, overage stays
 * negative; a figure that cannot be read (missing, not a finite number, negative use) is a problem,
 * never a guess, so an unknown quota can never be scored as full.
 */
export function normaliseWindow(input: UsageWindowInput): NormaliseWindowResult {
  const where = `window "${input.name}" from ${input.source}`;
  const observedAt = toIso(input.observedAt);
  if (observedAt === null) return { ok: false, problem: `${where}: observedAt is not a time` };
  for (const field of [
    'usedPercent',
    'remainingPercent',
    'remainingFraction',
    'used',
    'limit',
    'durationSeconds',
    'resetsInSeconds',
  ] as const) {
    if (given(input[field]) && !isNumber(input[field])) return { ok: false, problem: `${where}: ${field} is not a finite number` };
  }

  let usedPercent: number | null = null;
  let remainingPercent: number | null = null;
  if (isNumber(input.usedPercent)) usedPercent = input.usedPercent;
  if (isNumber(input.remainingPercent)) remainingPercent = input.remainingPercent;
  if (remainingPercent === null && isNumber(input.remainingFraction)) remainingPercent = tidy(input.remainingFraction * 100);
  if (usedPercent === null && remainingPercent === null && isNumber(input.used) && isNumber(input.limit)) {
    if (input.limit <= 0) return { ok: false, problem: `${where}: limit ${input.limit} gives no percentage` };
    usedPercent = tidy((input.used / input.limit) * 100);
  }
  if (usedPercent === null && remainingPercent === null) return { ok: false, problem: `${where}: no used or remaining figure` };
  usedPercent ??= tidy(100 - (remainingPercent as number));
  remainingPercent ??= tidy(100 - usedPercent);
  if (usedPercent < 0 || remainingPercent > 100) {
    return { ok: false, problem: `${where}: used ${usedPercent} % / remaining ${remainingPercent} % is outside any window` };
  }

  const warnings: string[] = [];
  let resetsAt: string | null = null;
  if (typeof input.resetsAt === 'number' && Math.abs(input.resetsAt) >= UNIX_SECONDS_LIMIT) {
    warnings.push(`${where}: reset time ${input.resetsAt} looks like milliseconds, not Unix seconds; reset unknown`);
  } else if (given(input.resetsAt)) {
    resetsAt = toIso(input.resetsAt as string | number | Date);
    if (resetsAt === null) warnings.push(`${where}: reset time ${JSON.stringify(String(input.resetsAt))} is not a time`);
  } else if (isNumber(input.resetsInSeconds)) {
    resetsAt = new Date(Date.parse(observedAt) + input.resetsInSeconds * 1000).toISOString();
  }

  const durationSeconds = isNumber(input.durationSeconds) ? input.durationSeconds : null;
  const byDuration = windowKindFromDuration(durationSeconds);
  const confidence = input.confidence;
  const window: NormalisedUsageWindow = {
    name: input.name,
    kind: byDuration !== 'other' ? byDuration : (input.kind ?? 'other'),
    usedPercent,
    remainingPercent,
    resetsAt,
    source: input.source,
    confidence,
    observedAt,
    ...(isNumber(input.used) ? { used: input.used } : {}),
    ...(isNumber(input.limit) ? { limit: input.limit } : {}),
    ...(input.unit !== undefined ? { unit: input.unit } : {}),
    durationSeconds,
    scope: input.scope ?? null,
    provenance: [{ source: input.source, confidence, observedAt }],
  };
  return { ok: true, window, warnings };
}

/** A window with nothing left: 0 % or less remaining (overage included). Never usable. */
export function isExhausted(window: Pick<UsageWindow, 'remainingPercent'>): boolean {
  return window.remainingPercent <= 0;
}

/**
 * Sorts windows shortest first by kind (5h, daily, weekly, monthly, session, other), then by name,
 * so every listing reads the same whatever order the provider sent them in.
 */
export function sortWindows<W extends Pick<NormalisedUsageWindow, 'kind' | 'name' | 'durationSeconds'>>(windows: readonly W[]): W[] {
  const order: Record<UsageWindowKind, number> = { '5h': 0, daily: 1, weekly: 2, monthly: 3, session: 4, other: 5 };
  return [...windows].sort(
    (a, b) =>
      order[a.kind] - order[b.kind] || (a.durationSeconds ?? Infinity) - (b.durationSeconds ?? Infinity) || a.name.localeCompare(b.name),
  );
}
