import { open, readdir } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { type NormalisedUsageWindow, normaliseWindow } from '@agentpool/usage';
import { type ClaudeStatusLineUsage, parseClaudeStatusLine } from './claude-hooks.js';

/** Source tag of windows read from a worker's statusLine record. */
export const CLAUDE_STATUSLINE_SOURCE = 'claude-statusline';
/** The file in a worker's signal folder its statusLine command writes to. */
export const CLAUDE_STATUSLINE_FILE = 'claude-statusline.jsonl';

const FIVE_HOURS = 5 * 3600;
const SEVEN_DAYS = 7 * 24 * 3600;

/**
 * Turns a parsed statusLine `rate_limits` into usage windows: `five_hour` is a 5-hour window and
 * `seven_day` a 7-day one (kind from that duration), `used_percentage` as given, `resets_at` as the
 * reset. Claude computes them from the API's own rate-limit headers, so they are `local_cli`
 * figures, as old as the record (`observedAt`). Pure.
 */
export function statusLineUsageWindows(
  usage: ClaudeStatusLineUsage,
  observedAt: Date,
): { windows: NormalisedUsageWindow[]; warnings: string[] } {
  const windows: NormalisedUsageWindow[] = [];
  const warnings: string[] = [];
  const entries = [
    ['five_hour', FIVE_HOURS, usage.fiveHour],
    ['seven_day', SEVEN_DAYS, usage.sevenDay],
  ] as const;
  for (const [name, durationSeconds, window] of entries) {
    if (!window) continue;
    const result = normaliseWindow({
      name,
      durationSeconds,
      usedPercent: window.usedPercent,
      resetsAt: window.resetsAt,
      source: CLAUDE_STATUSLINE_SOURCE,
      confidence: 'local_cli',
      observedAt,
    });
    if (result.ok) {
      windows.push(result.window);
      warnings.push(...result.warnings);
    } else warnings.push(result.problem);
  }
  return { windows, warnings };
}

/** The newest statusLine record with rate limits among some recorder files, with when it was written. */
export interface LatestStatusLine {
  readonly usage: ClaudeStatusLineUsage;
  readonly at: Date;
  readonly file: string;
}

/** How much of a record file's end is read: statusLine records come often, only the newest counts. */
const TAIL_BYTES = 256 * 1024;

/** The end of a recorder file (its newest records), or null when it cannot be read. */
export async function readTail(file: string): Promise<string | null> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    // A cut first line is not a record.
    return start > 0 ? text.slice(text.indexOf('\n') + 1) : text;
  } catch {
    return null;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Whether `path` lies in `dir`. */
export const within = (path: string, dir: string): boolean => {
  const root = resolve(dir);
  const target = resolve(path);
  return target === root || target.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
};

/**
 * Reads the newest statusLine record with `rate_limits` from the recorder files (`{"at": ms,
 * "payload": "<statusLine JSON>"}` lines). Only records whose `transcript_path` lies in
 * `configDir` count, so one account's figures are never read as another's. Lines that are not
 * whole records are skipped and counted.
 */
export async function latestStatusLineUsage(
  files: readonly string[],
  configDir: string,
): Promise<{ latest: LatestStatusLine | null; skipped: number }> {
  let latest: LatestStatusLine | null = null;
  let skipped = 0;
  for (const file of files) {
    const text = await readTail(file);
    if (text === null) continue;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let record: { at?: unknown; payload?: unknown };
      try {
        record = JSON.parse(line) as typeof record;
      } catch {
        skipped++;
        continue;
      }
      if (typeof record.at !== 'number' || typeof record.payload !== 'string') {
        skipped++;
        continue;
      }
      if (latest && record.at <= latest.at.getTime()) continue;
      let transcript: unknown;
      try {
        transcript = (JSON.parse(record.payload) as { transcript_path?: unknown }).transcript_path;
      } catch {
        skipped++;
        continue;
      }
      if (typeof transcript !== 'string' || !within(transcript, configDir)) continue;
      const usage = parseClaudeStatusLine(record.payload);
      if (usage) latest = { usage, at: new Date(record.at), file };
    }
  }
  return { latest, skipped };
}

/** The statusLine record files of every session under an agentpool artifacts folder (`<id>/signals/…`). */
export async function statusLineFiles(artifactsDir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(artifactsDir);
  } catch {
    return [];
  }
  return entries.map((id) => join(artifactsDir, id, 'signals', CLAUDE_STATUSLINE_FILE));
}
