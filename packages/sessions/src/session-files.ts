import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files of one session's private folder (`$AGENTPOOL_HOME/artifacts/<id>/`, mode 0700). */
export interface SessionFiles {
  readonly dir: string;
  /** The pane's raw output stream, appended once by tmux (the transcript's source). */
  readonly stream: string;
  /** The worker's exit status, written by the pane entry when it exits. */
  readonly exitStatus: string;
  /** Why the runtime watchdog ended the worker. */
  readonly endReason: string;
  /** The exact prompt for prompt mode `stdin`; removed once the worker has read it. */
  readonly promptInput: string;
  /** The exact prompt for prompt mode `arg`; the pane entry reads and removes it. */
  readonly promptArg: string;
  /** The worker's environment; the pane entry reads and removes it. */
  readonly envFile: string;
  /** Where hook and notify programs record the worker's native signals. */
  readonly signalsDir: string;
  readonly prompt: string;
  readonly latestScreen: string;
  readonly transcript: string;
  readonly result: string;
  readonly gitStatus: string;
  readonly diff: string;
  readonly summary: string;
  readonly metadata: string;
  readonly events: string;
}

export function sessionFiles(dir: string): SessionFiles {
  return {
    dir,
    stream: join(dir, 'stream.raw'),
    exitStatus: join(dir, 'exit_status'),
    endReason: join(dir, 'end_reason'),
    promptInput: join(dir, 'prompt.input'),
    promptArg: join(dir, 'prompt.arg'),
    envFile: join(dir, 'worker.env'),
    signalsDir: join(dir, 'signals'),
    prompt: join(dir, 'prompt.md'),
    latestScreen: join(dir, 'latest_screen.txt'),
    transcript: join(dir, 'transcript.txt'),
    result: join(dir, 'result.md'),
    gitStatus: join(dir, 'git-status.txt'),
    diff: join(dir, 'diff.patch'),
    summary: join(dir, 'summary.md'),
    metadata: join(dir, 'metadata.json'),
    events: join(dir, 'events.jsonl'),
  };
}

export function createSessionDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Writes a file atomically (temp file + rename), mode 0600. */
export function writePrivateFile(path: string, content: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode: 0o600 });
  renameSync(temp, path);
}

export function readSmallFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export function readIntFile(path: string): number | null {
  const text = readSmallFile(path)?.trim();
  if (!text) return null;
  const value = Number.parseInt(text, 10);
  return Number.isFinite(value) ? value : null;
}

export function fileStat(path: string): { size: number; mtimeMs: number } | null {
  try {
    const stat = statSync(path);
    return { size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return null;
  }
}

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
