import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where everything of one agentpool home lives. */
export interface HomePaths {
  readonly home: string;
  readonly config: string;
  readonly preferences: string;
  readonly database: string;
  readonly artifacts: string;
  readonly worktrees: string;
  /** Private provider homes of workers that run on a pool account (0700, one folder per session). */
  readonly homes: string;
  readonly tmuxSocket: string;
}

/** `$AGENTPOOL_HOME`, else `~/.agentpool`. */
export function resolveHome(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const fromEnv = env.AGENTPOOL_HOME?.trim();
  return resolve(fromEnv ? fromEnv : join(env.HOME ?? homedir(), '.agentpool'));
}

export function homePaths(home: string): HomePaths {
  return {
    home,
    config: join(home, 'config.yaml'),
    preferences: join(home, 'preferences.md'),
    database: join(home, 'agentpool.sqlite'),
    artifacts: join(home, 'artifacts'),
    worktrees: join(home, 'worktrees'),
    homes: join(home, 'homes'),
    tmuxSocket: join(home, 'tmux.sock'),
  };
}

export function sessionDir(paths: HomePaths, sessionId: string): string {
  return join(paths.artifacts, sessionId);
}
