import type { ProbeStateStore } from '@agentpool/core';
import { type NormalisedUsageWindow, normaliseWindow, scanTokenLog, type TimeSlots } from '@agentpool/usage';
import { claudeTokenLog } from './claude-token-log.js';

/** Source tag of the local-log estimate. */
export const CLAUDE_LOG_SOURCE = 'claude-local-log';

const BLOCK_MS = 5 * 3600_000;

/** Token use at one moment of a Claude session log (a response, or a 15-minute slot of them). */
export interface ClaudeUsageEntry {
  readonly timestamp: number;
  /** The last response of a slot, when the entry stands for several; else `timestamp`. */
  readonly last?: number | undefined;
  /** input + output + cache creation + cache read, as ccusage counts a block's total. */
  readonly tokens: number;
}

/** A 5-hour block as ccusage counts them: it starts at its first entry floored to the UTC hour. */
export interface ClaudeUsageBlock {
  readonly startTime: number;
  readonly endTime: number;
  readonly lastEntryTime: number;
  readonly tokens: number;
  readonly entries: number;
  /** Its last entry is under 5 hours old and its end has not passed. */
  readonly isActive: boolean;
}

const floorToHour = (ms: number): number => {
  const date = new Date(ms);
  date.setUTCMinutes(0, 0, 0);
  return date.getTime();
};

/**
 * Groups entries into 5-hour blocks the way ccusage does (`identifySessionBlocks`): sorted by time,
 * a block starts at its first entry floored to the hour, and an entry more than 5 hours after the
 * block's start or after the previous entry starts a new one. Gap blocks are not kept. Pure.
 */
export function identifyClaudeBlocks(entries: readonly ClaudeUsageEntry[], now: Date): ClaudeUsageBlock[] {
  const sorted = [...entries].sort((a, b) => a.timestamp - b.timestamp);
  const blocks: ClaudeUsageBlock[] = [];
  let start: number | null = null;
  let last = 0;
  let tokens = 0;
  let count = 0;
  const close = () => {
    if (start === null) return;
    const endTime = start + BLOCK_MS;
    blocks.push({
      startTime: start,
      endTime,
      lastEntryTime: last,
      tokens,
      entries: count,
      isActive: now.getTime() - last < BLOCK_MS && now.getTime() < endTime,
    });
  };
  for (const entry of sorted) {
    if (start !== null && entry.timestamp - start <= BLOCK_MS && entry.timestamp - last <= BLOCK_MS) {
      tokens += entry.tokens;
      count++;
      last = Math.max(last, entry.last ?? entry.timestamp);
      continue;
    }
    close();
    start = floorToHour(entry.timestamp);
    last = entry.last ?? entry.timestamp;
    tokens = entry.tokens;
    count = 1;
  }
  close();
  return blocks;
}

/**
 * The active block as an `estimated` 5-hour window: its tokens against the largest earlier block
 * (ccusage's `--token-limit max`), resetting at the block's end. Not the provider's limit: a
 * guess from this machine's logs only. Null, with the reason, when there is no active block or
 * no earlier block to compare with.
 */
export function estimateFiveHourWindow(
  blocks: readonly ClaudeUsageBlock[],
  now: Date,
): { window: NormalisedUsageWindow | null; reason: string | null } {
  const t = now.getTime();
  const active = blocks.find((block) => t - block.lastEntryTime < BLOCK_MS && t < block.endTime && t >= block.startTime);
  if (!active) return { window: null, reason: 'no Claude activity in the local logs within the last 5 hours' };
  const largest = Math.max(0, ...blocks.filter((block) => block !== active).map((block) => block.tokens));
  if (largest === 0) return { window: null, reason: 'no earlier 5-hour block in the local logs to estimate a limit from' };
  const result = normaliseWindow({
    name: 'five_hour (local log estimate)',
    durationSeconds: BLOCK_MS / 1000,
    // The current block may be the largest yet: the limit was at least that much.
    used: active.tokens,
    limit: Math.max(largest, active.tokens),
    unit: 'tokens',
    resetsAt: new Date(active.endTime),
    source: CLAUDE_LOG_SOURCE,
    confidence: 'estimated',
    observedAt: now,
  });
  return result.ok ? { window: result.window, reason: null } : { window: null, reason: result.problem };
}

/** How far back the estimate looks for earlier blocks to compare with. */
const HISTORY_MS = 8 * 24 * 3600_000;

/** The slots since `since` as entries for `identifyClaudeBlocks`: a block boundary inside a 15-minute slot falls at its start. */
export function claudeEntriesFromSlots(slots: TimeSlots, since: number): ClaudeUsageEntry[] {
  const entries: ClaudeUsageEntry[] = [];
  for (const slot of slots.values()) {
    if (slot.last >= since) entries.push({ timestamp: Math.max(slot.first, since), last: slot.last, tokens: slot.total });
  }
  return entries;
}

/**
 * The local-log 5-hour estimate of one Claude home: at most one window, the count of corrupt lines,
 * and why there is no estimate. The logs are read incrementally when `state` keeps the offsets.
 */
export async function probeClaudeLogEstimate(
  configDir: string,
  now: Date,
  state?: ProbeStateStore,
): Promise<{ windows: NormalisedUsageWindow[]; corruptLines: number; reason: string | null }> {
  const history = await scanTokenLog(claudeTokenLog(configDir), { state });
  const entries = claudeEntriesFromSlots(history.slots, now.getTime() - HISTORY_MS);
  const { window, reason } = estimateFiveHourWindow(identifyClaudeBlocks(entries, now), now);
  return { windows: window ? [window] : [], corruptLines: history.corruptLines, reason };
}
