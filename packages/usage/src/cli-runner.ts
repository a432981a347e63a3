import { spawn } from 'node:child_process';
import { killChild } from './child-kill.js';
import { scrubSecrets } from './secret-scrub.js';

export interface CliRunOptions {
  readonly command: string;
  /** argv, never a shell line. */
  readonly args?: readonly string[] | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
  readonly cwd?: string | undefined;
  /** The run is killed (with its process group) after this long. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Written to stdin, which is then closed; stdin is closed at once without it. */
  readonly input?: string | undefined;
  /** Output kept per stream; the rest is dropped and `truncated` set. Default 1 MiB. */
  readonly maxOutputBytes?: number | undefined;
  /** Between SIGTERM and SIGKILL. Default 1000 ms. */
  readonly killGraceMs?: number | undefined;
  /** Values (a token passed in `env`) never to show in stderr or error text; known secret shapes are redacted anyway. */
  readonly secrets?: readonly string[] | undefined;
}

interface CliOutput {
  readonly stdout: string;
  /** Secrets redacted: it may be shown in a warning. */
  readonly stderr: string;
  readonly truncated: boolean;
}

/** What a CLI run came to, as a value. `stdout` is as printed (the caller parses it); nothing here is thrown. */
export type CliRunResult =
  | ({ readonly kind: 'ok'; readonly exitCode: 0 } & CliOutput)
  | ({ readonly kind: 'exit_nonzero'; readonly exitCode: number | null; readonly signal: string | null } & CliOutput)
  | ({ readonly kind: 'timeout'; readonly timeoutMs: number } & CliOutput)
  | ({ readonly kind: 'aborted' } & CliOutput)
  | { readonly kind: 'spawn_error'; readonly code: string | null; readonly message: string };

const DEFAULT_MAX_OUTPUT = 1024 * 1024;

/** Collects a stream up to `max` bytes. */
function collector(max: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  return {
    add(chunk: Buffer) {
      if (size >= max) {
        truncated = true;
        return;
      }
      const part = size + chunk.length > max ? chunk.subarray(0, max - size) : chunk;
      truncated ||= part.length < chunk.length;
      chunks.push(part);
      size += part.length;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
    get truncated() {
      return truncated;
    },
  };
}

/** Runs a CLI (`codexbar usage --format json`, `ccusage blocks --json`) with a hard time bound. */
export function runCli(options: CliRunOptions): Promise<CliRunResult> {
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const scrub = (text: string) => scrubSecrets(text, options.secrets);
  return new Promise((resolve) => {
    if (options.signal?.aborted) {
      resolve({ kind: 'aborted', stdout: '', stderr: '', truncated: false });
      return;
    }
    const child = spawn(options.command, [...(options.args ?? [])], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const stdout = collector(max);
    const stderr = collector(max);
    child.stdout.on('data', stdout.add);
    child.stderr.on('data', stderr.add);
    child.stdin.on('error', () => undefined); // a child that exits without reading its input
    child.stdin.end(options.input);

    let ending: 'timeout' | 'aborted' | null = null;
    const end = (reason: 'timeout' | 'aborted') => {
      ending ??= reason;
      void killChild(child, options.killGraceMs);
    };
    const timer = setTimeout(() => end('timeout'), options.timeoutMs);
    const onAbort = () => end('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanUp = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };

    child.on('error', (error: NodeJS.ErrnoException) => {
      cleanUp();
      resolve({ kind: 'spawn_error', code: error.code ?? null, message: scrub(error.message) });
    });
    child.on('close', (exitCode, signal) => {
      cleanUp();
      const output = { stdout: stdout.text(), stderr: scrub(stderr.text()), truncated: stdout.truncated || stderr.truncated };
      if (ending === 'timeout') resolve({ kind: 'timeout', timeoutMs: options.timeoutMs, ...output });
      else if (ending === 'aborted') resolve({ kind: 'aborted', ...output });
      else if (exitCode === 0) resolve({ kind: 'ok', exitCode: 0, ...output });
      else resolve({ kind: 'exit_nonzero', exitCode, signal, ...output });
    });
  });
}
