import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type NormalisedUsageWindow, normaliseWindow } from '@agentpool/usage';

/** Source tag of the local-log estimate. */
export const CLAUDE_LOG_SOURCE = 'claude-local-log';

const BLOCK_MS = 5 * 3600_000;

/** One assistant message's token use from a Claude session log. */
export interface ClaudeUsageEntry {
  readonly timestamp: number;
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
      last = entry.timestamp;
      continue;
    }
    close();
    start = floorToHour(entry.timestamp);
    last = entry.timestamp;
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

/** What a scan of the session logs found. */
export interface ClaudeLogScan {
  readonly entries: ClaudeUsageEntry[];
  /** Lines that are not JSON (truncated, being written, corrupt): skipped and counted. */
  readonly corruptLines: number;
  readonly files: number;
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);

/** Reads one session log line: an assistant message's usage, or null for any other line. Throws on a line that is not JSON. */
export function claudeUsageEntryOf(line: string): { entry: ClaudeUsageEntry; key: string | null } | null {
  const value = JSON.parse(line) as {
    timestamp?: unknown;
    requestId?: unknown;
    message?: { id?: unknown; usage?: Record<string, unknown> };
  } | null;
  const usage = value?.message?.usage;
  if (!usage || typeof usage !== 'object' || typeof value?.timestamp !== 'string') return null;
  const timestamp = Date.parse(value.timestamp);
  if (Number.isNaN(timestamp)) return null;
  const tokens =
    count(usage.input_tokens) +
    count(usage.output_tokens) +
    count(usage.cache_creation_input_tokens) +
    count(usage.cache_read_input_tokens);
  const id = value.message?.id;
  // One API response may be logged on several lines (one per content block): ccusage counts it once.
  const key = typeof id === 'string' && typeof value.requestId === 'string' ? `${id}:${value.requestId}` : null;
  return { entry: { timestamp, tokens }, key };
}

async function jsonlFiles(dir: string, modifiedSince: number, out: string[]): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await jsonlFiles(path, modifiedSince, out);
    else if (entry.isFile() && entry.name.endsWith('.jsonl')) {
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs >= modifiedSince) out.push(path);
    }
  }
}

/**
 * Reads the usage lines of `<configDir>/projects/**\/*.jsonl` written since `since` (files not
 * modified since then are not opened). Corrupt lines are skipped and counted, never fatal;
 * repeated lines of one response (message id + request id) count once.
 */
export async function scanClaudeLogs(configDir: string, since: Date): Promise<ClaudeLogScan> {
  const files: string[] = [];
  await jsonlFiles(join(configDir, 'projects'), since.getTime(), files);
  const entries: ClaudeUsageEntry[] = [];
  const seen = new Set<string>();
  let corruptLines = 0;
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
    try {
      for await (const line of lines) {
        if (line.trim() === '') continue;
        let read: ReturnType<typeof claudeUsageEntryOf>;
        try {
          read = claudeUsageEntryOf(line);
        } catch {
          corruptLines++;
          continue;
        }
        if (!read || read.entry.timestamp < since.getTime()) continue;
        if (read.key !== null) {
          if (seen.has(read.key)) continue;
          seen.add(read.key);
        }
        entries.push(read.entry);
      }
    } catch {
      // A file that vanished or cannot be read mid-scan: what was read stays.
    }
  }
  return { entries, corruptLines, files: files.length };
}

/** How far back the estimate looks for earlier blocks to compare with. */
const HISTORY_MS = 8 * 24 * 3600_000;

/** The local-log 5-hour estimate of one Claude home: at most one window, the count of corrupt lines, and why there is no estimate. */
export async function probeClaudeLogEstimate(
  configDir: string,
  now: Date,
): Promise<{ windows: NormalisedUsageWindow[]; corruptLines: number; reason: string | null }> {
  const scan = await scanClaudeLogs(configDir, new Date(now.getTime() - HISTORY_MS));
  const { window, reason } = estimateFiveHourWindow(identifyClaudeBlocks(scan.entries, now), now);
  return { windows: window ? [window] : [], corruptLines: scan.corruptLines, reason };
}
