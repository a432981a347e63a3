import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCallersOwnVariable, type ProbeTerminal, type ProbeTerminalRequest, type ProbeTerminalSession } from '@agentpool/core';
import { endMarkedProcesses } from './process-sweep.js';
import { createStreamRenderer } from './stream-renderer.js';
import { createTmuxRuntime } from './tmux-runtime.js';

export interface ProbeTerminalOptions {
  /** The caller's environment: the private tmux server takes only PATH and the locale from it. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  readonly tmuxBinary?: string | undefined;
  /** Where each terminal's private folder (socket, stream) is made; default the system temp folder (short socket paths). */
  readonly tempDir?: string | undefined;
}

/** The name every process of a probe terminal carries in its environment, as a worker's do (the pane entry sweeps by it). */
const MARKER = 'AGENTPOOL_SESSION_ID';

/**
 * Probe terminals on throwaway private tmux servers: one server, one pane, in a folder of its own
 * for each `open`. The pane runs the program through the workers' pane entry (environment from a
 * private file, a watchdog at `maxRuntimeSeconds`), its output stream is rendered by the stream
 * renderer, and `close` kills the pane and every process still marked as the terminal's, then
 * removes the folder: nothing is left running.
 */
export function createProbeTerminal(options: ProbeTerminalOptions = {}): ProbeTerminal {
  return {
    async open(request: ProbeTerminalRequest): Promise<ProbeTerminalSession> {
      const dir = realpathSync(mkdtempSync(join(options.tempDir ?? tmpdir(), 'ap-probe-')));
      const runtime = createTmuxRuntime({
        socketPath: join(dir, 'tmux.sock'),
        binary: options.tmuxBinary,
        env: options.env ?? process.env,
      });
      const marker = `probe-${randomBytes(8).toString('hex')}`;
      const env: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.env)) if (!isCallersOwnVariable(name)) env[name] = value;
      env[MARKER] = marker;
      const stream = join(dir, 'stream.raw');
      const exitFile = join(dir, 'exit');
      const name = 'probe';
      let closed = false;
      const cleanup = async () => {
        if (closed) return;
        closed = true;
        await runtime.killSession(name).catch(() => false);
        await endMarkedProcesses(MARKER, marker, 1000);
        rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      };
      try {
        await runtime.ensureAvailable();
        await runtime.startWorker({
          name,
          argv: request.argv,
          env,
          envFile: join(dir, 'env'),
          cwd: request.cwd,
          width: request.cols,
          height: request.rows,
          outputFile: stream,
          exitFile,
          endReasonFile: join(dir, 'end-reason'),
          maxRuntimeSeconds: request.maxRuntimeSeconds,
        });
      } catch (error) {
        await cleanup();
        throw error;
      }
      const renderer = await createStreamRenderer({ cols: request.cols, rows: request.rows, scrollback: 200 });
      const buffer = Buffer.alloc(64 * 1024);
      let offset = 0;
      const readMore = async () => {
        if (closed) return;
        const fd = openSync(stream, 'r');
        try {
          for (;;) {
            const count = readSync(fd, buffer, 0, buffer.length, offset);
            if (count <= 0) break;
            offset += count;
            await renderer.feed(buffer.subarray(0, count));
          }
        } finally {
          closeSync(fd);
        }
      };
      return {
        async screen() {
          await readMore();
          return renderer.screen();
        },
        exited: () => closed || existsSync(exitFile),
        type: (text) => runtime.pasteText(name, text),
        keys: (keys) => runtime.sendKeys(name, keys),
        async close() {
          await cleanup();
          renderer.dispose();
        },
      };
    },
  };
}
