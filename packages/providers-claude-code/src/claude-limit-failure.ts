import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readTail, within } from './claude-statusline-usage.js';

/** Source tag of a worker's turn that failed on the rate limit. */
export const CLAUDE_STOP_FAILURE_SOURCE = 'claude-worker-stopfailure';
/** The hook record file the adapter's `signals()` writes in each worker's signal folder. */
export const CLAUDE_HOOKS_FILE = 'claude-hooks.jsonl';
/** A rate-limit failure older than this says nothing about now (the 5-hour window has turned over). */
const RELEVANT_MS = 5 * 3600_000;

/** The newest turn of this account's workers that Claude ended with StopFailure `rate_limit`. */
export interface ClaudeLimitFailure {
  readonly at: Date;
  /** Claude's own words for it (its last assistant message), when it gave them. */
  readonly message: string | null;
}

/**
 * Reads the workers' hook records (`{"at": ms, "payload": "<hook JSON>"}` lines) for the newest
 * StopFailure whose error is `rate_limit`, in this config dir only (by `transcript_path`), within
 * the last 5 hours, and not followed by a turn that ended well (a Stop) in this config dir: a
 * later success means the limit has lifted. Unreadable files and lines are skipped.
 */
export async function latestLimitFailure(signalDirs: readonly string[], configDir: string, now: Date): Promise<ClaudeLimitFailure | null> {
  let failure: ClaudeLimitFailure | null = null;
  let lastSuccess = 0;
  for (const dir of signalDirs) {
    const file = join(dir, CLAUDE_HOOKS_FILE);
    // A worker's hook file not written to for 5 hours holds nothing that counts now: not read, so a
    // probe's cost does not grow with every session ever run.
    const written = await stat(file).then(
      (info) => info.mtimeMs,
      () => 0,
    );
    if (now.getTime() - written > RELEVANT_MS) continue;
    const text = await readTail(file);
    if (text === null) continue;
    for (const line of text.split('\n')) {
      let payload: { hook_event_name?: unknown; error?: unknown; transcript_path?: unknown; last_assistant_message?: unknown };
      let at: number;
      try {
        const record = JSON.parse(line) as { at?: unknown; payload?: unknown };
        if (typeof record.at !== 'number' || typeof record.payload !== 'string') continue;
        at = record.at;
        payload = JSON.parse(record.payload) as typeof payload;
      } catch {
        continue;
      }
      if (typeof payload.transcript_path !== 'string' || !within(payload.transcript_path, configDir)) continue;
      if (payload.hook_event_name === 'Stop') lastSuccess = Math.max(lastSuccess, at);
      if (payload.hook_event_name !== 'StopFailure' || payload.error !== 'rate_limit') continue;
      if (now.getTime() - at > RELEVANT_MS || (failure && failure.at.getTime() >= at)) continue;
      failure = {
        at: new Date(at),
        message: typeof payload.last_assistant_message === 'string' ? payload.last_assistant_message.slice(0, 300) : null,
      };
    }
  }
  return failure && failure.at.getTime() > lastSuccess ? failure : null;
}
