// A throwaway AGENTPOOL_HOME under /tmp (short, so the tmux socket path stays well under the limit).
// Disposing kills the home's private tmux server and removes the folder.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const liveHomes = new Set();

export function tmuxPath() {
  return execFileSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).trim();
}

export function createTempHome() {
  const path = mkdtempSync('/tmp/apb-');
  liveHomes.add(path);
  return {
    path,
    socket: join(path, 'tmux.sock'),
    writeConfig(yaml) {
      writeFileSync(join(path, 'config.yaml'), yaml);
    },
    dispose() {
      disposeHome(path);
    },
  };
}

function disposeHome(path) {
  if (!liveHomes.delete(path)) return;
  try {
    execFileSync(tmuxPath(), ['-S', join(path, 'tmux.sock'), 'kill-server'], { stdio: 'ignore', timeout: 5_000 });
  } catch {
    // No server was running on this socket.
  }
  rmSync(path, { recursive: true, force: true });
}

/** Disposes every home not yet disposed (for signal handlers and last-resort cleanup). */
export function disposeAllHomes() {
  for (const path of [...liveHomes]) disposeHome(path);
}
