import { execFile } from 'node:child_process';
import { AgentPoolError } from '@agentpool/core';

export interface TmuxResult {
  readonly stdout: string;
  readonly stderr: string;
}

export interface TmuxClientOptions {
  /** The tmux binary (default `tmux`). */
  readonly binary: string;
  /** The private socket of this agentpool home. */
  readonly socketPath: string;
  /** Environment for tmux itself (the server inherits it when this call starts it). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const TMUX_INSTALL_HINT =
  'Install tmux (Debian/Ubuntu: sudo apt-get install tmux; macOS: brew install tmux), then run: agentpool doctor';

/** Runs one tmux invocation against the private server, with an argv array (never a shell). */
export interface TmuxClient {
  run(args: readonly string[], options?: { input?: string; allowFailure?: boolean }): Promise<TmuxResult & { ok: boolean }>;
  /** How many tmux processes this client has started (for benchmarks and doctor). */
  readonly commandCount: number;
}

export function createTmuxClient(options: TmuxClientOptions): TmuxClient {
  let commandCount = 0;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env))
    if (value !== undefined && key !== 'TMUX' && key !== 'TMUX_PANE') env[key] = value;
  return {
    get commandCount() {
      return commandCount;
    },
    run(args, runOptions = {}) {
      commandCount++;
      return new Promise((resolve, reject) => {
        const child = execFile(
          options.binary,
          ['-S', options.socketPath, '-f', '/dev/null', ...args],
          { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
          (error, stdout, stderr) => {
            if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
              reject(
                new AgentPoolError('TMUX_NOT_FOUND', `tmux was not found (${options.binary}).`, {
                  details: { binary: options.binary },
                  hint: TMUX_INSTALL_HINT,
                }),
              );
              return;
            }
            if (error && !runOptions.allowFailure) {
              reject(
                new AgentPoolError('TMUX_FAILED', `tmux ${args[0] ?? ''} failed: ${stderr.trim() || error.message}`, {
                  details: { command: args[0], stderr: stderr.trim() },
                  cause: error,
                }),
              );
              return;
            }
            resolve({ stdout, stderr, ok: !error });
          },
        );
        if (runOptions.input !== undefined) child.stdin?.end(runOptions.input);
        else child.stdin?.end();
      });
    },
  };
}
