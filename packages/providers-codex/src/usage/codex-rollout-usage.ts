import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createSnapshot, type NormalisedUsageWindow, type UsageSnapshot } from '@agentpool/usage';
import { CODEX_PROVIDER_ID, codexWindow, failedSnapshot, isRecord, MAIN_LIMIT_ID } from './codex-rate-window.js';

export const ROLLOUT_SOURCE = 'codex-rollout-log';

export interface RolloutUsageOptions {
  /** The Codex home whose `sessions/**` rollout logs are read. */
  readonly codexHome: string;
  readonly accountId?: string | null | undefined;
  readonly now?: (() => Date) | undefined;
  /** Newest rollout files looked into before giving up. Default 50. */
  readonly maxFiles?: number | undefined;
  /** Bytes read backwards per chunk. Default 64 KiB. */
  readonly chunkBytes?: number | undefined;
}

export interface RolloutUsage {
  readonly snapshot: UsageSnapshot;
  /** The rollout file the reading came from, when one had limits. */
  readonly file: string | null;
  /** Lines that named rate limits but were not JSON (corrupt, or cut off while Codex wrote them): skipped. */
  readonly skippedLines: number;
}

interface RolloutFile {
  readonly path: string;
  readonly mtimeMs: number;
}

const ROLLOUT_NAME = /^rollout-.*\.jsonl$/;

async function listRollouts(dir: string, found: RolloutFile[]): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await listRollouts(path, found);
    else if (entry.isFile() && ROLLOUT_NAME.test(entry.name)) {
      const info = await stat(path).catch(() => null);
      if (info) found.push({ path, mtimeMs: info.mtimeMs });
    }
  }
}

/**
 * The lines of a file from the last to the first, read backwards in chunks, so the newest limit
 * state is found without reading a long rollout whole. A last line without its newline (Codex is
 * writing it) comes first, marked `unterminated`.
 */
async function* linesBackwards(path: string, chunkBytes: number): AsyncGenerator<{ line: string; unterminated: boolean }> {
  const handle = await open(path, 'r');
  try {
    let position = (await handle.stat()).size;
    let carry = Buffer.alloc(0);
    let last = true;
    while (position > 0) {
      const length = Math.min(chunkBytes, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      const { bytesRead } = await handle.read(chunk, 0, length, position);
      let data = Buffer.concat([chunk.subarray(0, bytesRead), carry]);
      let end = data.length;
      for (let index = data.length - 1; index >= 0; index -= 1) {
        if (data[index] !== 0x0a) continue;
        const line = data.subarray(index + 1, end);
        if (line.length > 0 || !last) yield { line: line.toString('utf8'), unterminated: last && end === data.length && line.length > 0 };
        last = false;
        end = index;
      }
      data = data.subarray(0, end);
      carry = Buffer.from(data);
    }
    if (carry.length > 0) yield { line: carry.toString('utf8'), unterminated: last };
  } finally {
    await handle.close();
  }
}

interface Reading {
  readonly rateLimits: Record<string, unknown>;
  readonly timestamp: unknown;
}

/** The `rate_limits` of a `token_count` event line, or null when the line has none. */
function rateLimitsOf(event: unknown): Reading | null {
  if (!isRecord(event) || event.type !== 'event_msg' || !isRecord(event.payload)) return null;
  const payload = event.payload;
  if (payload.type !== 'token_count' || !isRecord(payload.rate_limits)) return null;
  const rateLimits = payload.rate_limits;
  if (!isRecord(rateLimits.primary) && !isRecord(rateLimits.secondary)) return null;
  return { rateLimits, timestamp: event.timestamp };
}

/**
 * Reads the last limit state the server reported into the home's rollout logs
 * (`$CODEX_HOME/sessions/**\/rollout-*.jsonl`, newest file first): offline, free, and as old as the
 * turn that wrote it. Windows that have reset since are left out with a warning; corrupt and
 * truncated lines are skipped and counted.
 */
export async function readRolloutUsage(options: RolloutUsageOptions): Promise<RolloutUsage> {
  const now = (options.now ?? (() => new Date()))();
  const accountId = options.accountId ?? null;
  const files: RolloutFile[] = [];
  await listRollouts(join(options.codexHome, 'sessions'), files);
  files.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.path < b.path ? 1 : -1));
  let skippedLines = 0;
  const warnings: string[] = [];
  const skippedWarning = () => (skippedLines > 0 ? [`${skippedLines} corrupt or truncated rollout line(s) skipped`] : []);
  if (files.length === 0) {
    return {
      snapshot: failedSnapshot('unknown', `no Codex rollout logs under ${join(options.codexHome, 'sessions')}`, now, accountId),
      file: null,
      skippedLines,
    };
  }
  for (const file of files.slice(0, options.maxFiles ?? 50)) {
    // The latest reading of each limit id (`codex`, and e.g. `codex_bengalfox` for another model):
    // the file is read backwards until the main limit has been seen.
    const found = new Map<string, Reading>();
    try {
      for await (const { line, unterminated } of linesBackwards(file.path, options.chunkBytes ?? 64 * 1024)) {
        // Only lines that can hold limits are parsed: the rest of a long rollout is skipped cheaply.
        if (!line.includes('"rate_limits"') && !unterminated) continue;
        let event: unknown;
        try {
          event = JSON.parse(line);
        } catch {
          skippedLines += 1;
          continue;
        }
        const reading = rateLimitsOf(event);
        if (!reading) continue;
        const limitId = typeof reading.rateLimits.limit_id === 'string' ? reading.rateLimits.limit_id : MAIN_LIMIT_ID;
        if (!found.has(limitId)) found.set(limitId, reading);
        if (limitId === MAIN_LIMIT_ID) break;
      }
    } catch (error) {
      warnings.push(`rollout ${file.path} unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      continue;
    }
    if (found.size === 0) continue;
    const windows: NormalisedUsageWindow[] = [];
    const times: number[] = [];
    let reached: string | null = null;
    for (const [limitId, reading] of found) {
      const observedAt =
        typeof reading.timestamp === 'string' && !Number.isNaN(Date.parse(reading.timestamp))
          ? new Date(reading.timestamp)
          : new Date(file.mtimeMs);
      const limitName = typeof reading.rateLimits.limit_name === 'string' ? reading.rateLimits.limit_name : null;
      let kept = 0;
      for (const field of ['primary', 'secondary'] as const) {
        const raw = reading.rateLimits[field];
        if (!isRecord(raw)) continue;
        const minutes = raw.window_minutes;
        const read = codexWindow(
          {
            usedPercent: raw.used_percent,
            durationSeconds: typeof minutes === 'number' ? minutes * 60 : null,
            resetsAt: raw.resets_at,
            resetsInSeconds: raw.resets_in_seconds,
            limitId,
            limitName,
          },
          ROLLOUT_SOURCE,
          'observed',
          observedAt,
        );
        if ('problem' in read) {
          warnings.push(read.problem);
          continue;
        }
        const resetsAt = read.window.resetsAt;
        if (resetsAt !== null && Date.parse(resetsAt) <= now.getTime()) {
          warnings.push(
            `${read.window.name} from the rollout log of ${observedAt.toISOString()} has reset since (${resetsAt}); its figure is not current`,
          );
          continue;
        }
        windows.push(read.window);
        kept += 1;
      }
      if (kept > 0) times.push(observedAt.getTime());
      const reachedType = reading.rateLimits.rate_limit_reached_type;
      if (limitId === MAIN_LIMIT_ID && typeof reachedType === 'string' && kept > 0) {
        reached = `the rollout log of ${observedAt.toISOString()} records ${reachedType}`;
      }
    }
    if (windows.length === 0) {
      return {
        snapshot: failedSnapshot(
          'unknown',
          'the limits last recorded in the rollout logs have reset since, or could not be read',
          now,
          accountId,
          [...warnings, ...skippedWarning()],
        ),
        file: file.path,
        skippedLines,
      };
    }
    // As old as the oldest turn that wrote a kept reading: the age of a log reading is never hidden.
    const snapshot = createSnapshot({
      providerId: CODEX_PROVIDER_ID,
      accountId,
      windows,
      fetchedAt: new Date(Math.min(...times)),
      warnings: [...warnings, ...skippedWarning()],
      ...(reached ? { status: 'limit_reached' as const, reason: reached } : {}),
    });
    return { snapshot, file: file.path, skippedLines };
  }
  return {
    snapshot: failedSnapshot('unknown', 'no rate limits recorded in the newest Codex rollout logs', now, accountId, [
      ...warnings,
      ...skippedWarning(),
    ]),
    file: null,
    skippedLines,
  };
}
