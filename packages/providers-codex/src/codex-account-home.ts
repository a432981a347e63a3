import type { AccountHomeLayout } from '@agentpool/core';

/**
 * A Codex home (CODEX_HOME) as Codex 0.169 lays it out. A worker's private copy keeps the
 * configuration (config.toml, AGENTS.md, prompts/, skills/, rules/) and leaves out what one run
 * writes: rollout sessions and their archive, logs, history, the SQLite state databases
 * (state_5, logs_2, thread_history_1, memories_1, goals_1, queue_1 with -wal/-shm), shell
 * snapshots, thread locks, temp folders, caches, the install id and the self-installed binaries
 * (`packages/`, ~400 MB).
 */
export const codexAccountHome: AccountHomeLayout = {
  homeVariable: 'CODEX_HOME',
  authFile: 'auth.json',
  skip: [
    'sessions',
    'archived_sessions',
    'log',
    'logs',
    'history.jsonl',
    '*.sqlite',
    '*.sqlite-*',
    '*.db',
    'shell_snapshots',
    'thread-writer-locks',
    '.tmp',
    'tmp',
    'cache',
    'packages',
    'models_cache.json',
    'installation_id',
    'version.json',
    '*.lock',
  ],
};
