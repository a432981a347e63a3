import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempHome {
  /** The agentpool home for this test. */
  readonly home: string;
  /** An environment with AGENTPOOL_HOME set and HOME pointing inside the temp folder. */
  readonly env: Record<string, string>;
  /** The private tmux socket agentpool uses for this home. */
  readonly tmuxSocket: string;
  /** Kills this home's tmux server and removes the folder. */
  cleanup(): void;
}

/** A fresh agentpool home in a temp folder; never the real `~`. */
export function createTempHome(prefix = 'agentpool-test-'): TempHome {
  // Short paths keep the tmux socket path under the 108-byte limit of a Unix socket.
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const home = join(root, 'home');
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  env.AGENTPOOL_HOME = home;
  env.HOME = join(root, 'user');
  delete env.TMUX;
  const tmuxSocket = join(home, 'tmux.sock');
  return {
    home,
    env,
    tmuxSocket,
    cleanup() {
      killTmuxServer(tmuxSocket);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Stops the tmux server listening on `socket`, if any. */
export function killTmuxServer(socket: string): void {
  try {
    execFileSync('tmux', ['-S', socket, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // No server was running: nothing to stop.
  }
}
