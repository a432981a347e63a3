import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AgentPoolError, redact } from '@agentpool/core';

/** The most of preferences.md that is read: it is advice for an agent, not a document store. */
export const MAX_PREFERENCES_BYTES = 64 * 1024;

/** What `preferences init` writes: headings a person fills in, no machine-specific facts. */
export const STARTER_PREFERENCES = `# Delegation preferences

How I want work delegated through agentpool. An agent reads this (\`agentpool preferences show\`,
or the MCP resource agentpool://preferences.md) before it spawns a worker. agentpool never
chooses a provider: these are my choices, for the agent to follow.

## Providers

- Which provider for which kind of work (e.g. reviews on claude-code, quick fixes on codex-cli).
- Providers to keep for my own interactive use, or never to delegate to.

## Isolation and limits

- Default isolation for edits (worktree, shared) and for questions (read_only).
- The least remaining usage (percent) a provider must have before it gets new work.

## Checking back

- How often to look at a worker, and when to ask me before answering a worker's question.
`;

export interface DelegationPreferences {
  readonly path: string;
  readonly exists: boolean;
  /** The file's text, redacted (a pasted key never reaches an agent); null when there is no file. */
  readonly text: string | null;
  /** The file was longer than MAX_PREFERENCES_BYTES and was cut there. */
  readonly truncated: boolean;
}

/** Reads preferences.md; a missing file is `exists: false`, never an error. */
export function readDelegationPreferences(path: string): DelegationPreferences {
  if (!existsSync(path)) return { path, exists: false, text: null, truncated: false };
  if (!statSync(path).isFile()) {
    throw new AgentPoolError('INVALID_HOME', `${path} is not a file.`, {
      details: { path },
      hint: 'agentpool preferences path',
    });
  }
  const bytes = readFileSync(path);
  const truncated = bytes.length > MAX_PREFERENCES_BYTES;
  const text = bytes.subarray(0, MAX_PREFERENCES_BYTES).toString('utf8');
  return { path, exists: true, text: redact(text), truncated };
}

/** Writes the starter preferences.md; refuses to replace one unless `force` (which keeps a backup). */
export function initDelegationPreferences(path: string, options: { force?: boolean } = {}) {
  let backup: string | null = null;
  if (existsSync(path)) {
    if (!options.force) {
      throw new AgentPoolError('CONFIG_EXISTS', `${path} already exists; it was left as it is.`, {
        details: { path },
        hint: 'agentpool preferences show   (or agentpool preferences init --force to replace it; a backup is kept)',
      });
    }
    backup = `${path}.bak-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    copyFileSync(path, backup);
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, STARTER_PREFERENCES, { mode: 0o600 });
  renameSync(temp, path);
  return { path, backup_path: backup, created: backup === null };
}
