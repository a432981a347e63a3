import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { killChild } from './child-kill.js';
import { scrubSecrets } from './secret-scrub.js';

export interface JsonRpcProcessOptions {
  readonly command: string;
  /** argv, never a shell line (`['app-server']`). */
  readonly args?: readonly string[] | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
  readonly cwd?: string | undefined;
  /** Aborting it kills the child; pending requests end as `exited`. */
  readonly signal?: AbortSignal | undefined;
  /** A longer line ends the session as a protocol error. Default 1 MiB. */
  readonly maxLineBytes?: number | undefined;
  /** Notifications kept; later ones are counted in `droppedNotifications`. Default 1000. */
  readonly maxNotifications?: number | undefined;
  /** Tail of stderr kept for an `exited` result. Default 8 KiB. */
  readonly maxStderrBytes?: number | undefined;
  /** Between SIGTERM and SIGKILL. Default 1000 ms. */
  readonly killGraceMs?: number | undefined;
  /** Values (a token passed in `env`) never to show in stderr or error text; known secret shapes are redacted anyway. */
  readonly secrets?: readonly string[] | undefined;
}

/** A message the child sent without an id (`account/rateLimits/updated`). */
export interface JsonRpcNotification {
  readonly method: string;
  readonly params: unknown;
}

/** How one request ended, as a value: none of these is thrown. */
export type JsonRpcResult<T = unknown> =
  | { readonly kind: 'ok'; readonly result: T }
  | { readonly kind: 'rpc_error'; readonly code: number; readonly message: string; readonly data?: unknown }
  /** No answer in time; the child has been killed. */
  | { readonly kind: 'timeout'; readonly method: string; readonly timeoutMs: number }
  /** The child exited (crashed, was killed or aborted) before answering; `stderr` is its redacted tail. */
  | { readonly kind: 'exited'; readonly exitCode: number | null; readonly signal: string | null; readonly stderr: string }
  /** The child wrote something that is not newline-delimited JSON-RPC within bounds; it has been killed. */
  | { readonly kind: 'protocol_error'; readonly message: string }
  | { readonly kind: 'spawn_error'; readonly code: string | null; readonly message: string };

/** A child process spoken to in newline-delimited JSON-RPC 2.0 over stdio. */
export interface JsonRpcProcess {
  /** Sends a request and waits for the response with its id, at most `timeoutMs` (then the child is killed). */
  request<T = unknown>(method: string, params: unknown, options: { readonly timeoutMs: number }): Promise<JsonRpcResult<T>>;
  /** Sends a notification (no id, no answer): `initialized`. */
  notify(method: string, params?: unknown): void;
  /** Notifications received so far, oldest first, at most `maxNotifications`. */
  readonly notifications: readonly JsonRpcNotification[];
  readonly droppedNotifications: number;
  /** Lines that were not JSON, or JSON that was not a JSON-RPC message; skipped. */
  readonly malformedLines: number;
  /** Calls `listener` for each notification from now on; returns a function that stops it. */
  onNotification(listener: (notification: JsonRpcNotification) => void): () => void;
  /** Whether the child has ended (or never started). */
  readonly ended: boolean;
  /** Closes stdin, then kills the child and its group. Safe to call more than once. */
  close(): Promise<void>;
}

type Ending = Extract<JsonRpcResult, { kind: 'exited' | 'protocol_error' | 'spawn_error' }>;

interface Pending {
  readonly resolve: (result: JsonRpcResult<never>) => void;
  readonly timer: NodeJS.Timeout;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Starts `command` and speaks JSON-RPC to it; the child runs in its own process group so it can be ended whole. */
export function startJsonRpcProcess(options: JsonRpcProcessOptions): JsonRpcProcess {
  const maxLine = options.maxLineBytes ?? 1024 * 1024;
  const scrub = (text: string) => scrubSecrets(text, options.secrets);
  const maxNotifications = options.maxNotifications ?? 1000;
  const maxStderr = options.maxStderrBytes ?? 8 * 1024;
  const notifications: JsonRpcNotification[] = [];
  const listeners = new Set<(notification: JsonRpcNotification) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let dropped = 0;
  let malformed = 0;
  let ending: Ending | null = null;
  let stderrTail = '';
  let buffer = '';

  const child: ChildProcessWithoutNullStreams = spawn(options.command, [...(options.args ?? [])], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });

  const finish = (result: Ending) => {
    ending ??= result;
    for (const [id, entry] of pending) {
      clearTimeout(entry.timer);
      pending.delete(id);
      entry.resolve(ending);
    }
  };
  const kill = () => killChild(child, options.killGraceMs);

  const write = (message: Record<string, unknown>): boolean => {
    if (ending || !child.stdin.writable) return false;
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    return true;
  };

  const handle = (line: string) => {
    if (line.trim() === '') return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      malformed += 1;
      return;
    }
    if (!isObject(message)) {
      malformed += 1;
      return;
    }
    const { id, method } = message;
    if (typeof method === 'string' && (id === undefined || id === null)) {
      const notification = { method, params: message.params };
      if (notifications.length < maxNotifications) notifications.push(notification);
      else dropped += 1;
      for (const listener of listeners) listener(notification);
      return;
    }
    if (typeof method === 'string') {
      // A request from the child (an approval, say): a usage probe never grants anything.
      write({ id, error: { code: -32601, message: `${method} is not supported by this client` } });
      return;
    }
    const entry = typeof id === 'number' ? pending.get(id) : undefined;
    if (!entry) {
      malformed += 1;
      return;
    }
    pending.delete(id as number);
    clearTimeout(entry.timer);
    if (isObject(message.error)) {
      const { code, message: text, data } = message.error;
      entry.resolve({
        kind: 'rpc_error',
        code: typeof code === 'number' ? code : 0,
        message: scrub(typeof text === 'string' ? text : 'error without message'),
        ...(data === undefined ? {} : { data }),
      });
    } else {
      entry.resolve({ kind: 'ok', result: message.result as never });
    }
  };

  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline !== -1 && !ending) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (Buffer.byteLength(line) > maxLine) break;
      handle(line);
      newline = buffer.indexOf('\n');
    }
    if (!ending && (newline !== -1 || Buffer.byteLength(buffer) > maxLine)) {
      buffer = '';
      finish({ kind: 'protocol_error', message: `a line longer than ${maxLine} bytes` });
      void kill();
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-maxStderr);
  });
  child.stdin.on('error', () => undefined); // EPIPE after the child died: its exit says what happened
  child.on('error', (error: NodeJS.ErrnoException) => {
    finish({ kind: 'spawn_error', code: error.code ?? null, message: scrub(error.message) });
  });
  child.on('exit', (exitCode, signal) => {
    finish({ kind: 'exited', exitCode, signal, stderr: scrub(stderrTail.trim()) });
    void kill(); // a crashed child may leave helpers in its group
  });

  const onAbort = () => void kill();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) void kill();
  child.once('exit', () => options.signal?.removeEventListener('abort', onAbort));

  return {
    request<T>(method: string, params: unknown, { timeoutMs }: { readonly timeoutMs: number }) {
      return new Promise<JsonRpcResult<T>>((resolve) => {
        if (ending) {
          resolve(ending);
          return;
        }
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({ kind: 'timeout', method, timeoutMs });
          void kill();
        }, timeoutMs);
        pending.set(id, { resolve: resolve as Pending['resolve'], timer });
        write({ id, method, ...(params === undefined ? {} : { params }) });
      });
    },
    notify(method, params) {
      write({ method, ...(params === undefined ? {} : { params }) });
    },
    get notifications() {
      return notifications;
    },
    get droppedNotifications() {
      return dropped;
    },
    get malformedLines() {
      return malformed;
    },
    onNotification(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get ended() {
      return ending !== null;
    },
    async close() {
      child.stdin.end();
      await kill();
    },
  };
}

/** Starts a JSON-RPC child, runs `use` with it and always ends the child, whatever `use` does. */
export async function withJsonRpcProcess<T>(options: JsonRpcProcessOptions, use: (process: JsonRpcProcess) => Promise<T>): Promise<T> {
  const rpc = startJsonRpcProcess(options);
  try {
    return await use(rpc);
  } finally {
    await rpc.close();
  }
}
