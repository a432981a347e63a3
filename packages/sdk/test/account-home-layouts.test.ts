import { claudeAccountHome } from '@agentpool/providers-claude-code';
import { codexAccountHome } from '@agentpool/providers-codex';
import { copiesHomeEntry } from '@agentpool/sessions';
import { describe, expect, it } from 'vitest';

// Top-level names seen in real homes: Codex 0.169 after `codex exec` (CODEX_HOME), Claude Code 2.1 (CLAUDE_CONFIG_DIR).
describe('what a worker home copies from a source home', () => {
  it('Codex: configuration yes; sessions, logs, history, databases, locks, caches and binaries no', () => {
    for (const kept of ['config.toml', 'AGENTS.md', 'prompts', 'skills', 'rules'])
      expect(copiesHomeEntry(codexAccountHome, kept), kept).toBe(true);
    for (const skipped of [
      'auth.json',
      'sessions',
      'archived_sessions',
      'log',
      'history.jsonl',
      'state_5.sqlite',
      'state_5.sqlite-wal',
      'logs_2.sqlite-shm',
      'thread_history_1.sqlite',
      'shell_snapshots',
      'thread-writer-locks',
      '.tmp',
      'packages',
      'installation_id',
    ]) {
      expect(copiesHomeEntry(codexAccountHome, skipped), skipped).toBe(false);
    }
  });

  it('Claude: settings, CLAUDE.md, agents, commands yes; projects, todos, statsig, shell snapshots, history no', () => {
    for (const kept of ['settings.json', 'CLAUDE.md', 'agents', 'commands', 'skills', 'output-styles', '.claude.json']) {
      expect(copiesHomeEntry(claudeAccountHome, kept), kept).toBe(true);
    }
    for (const skipped of [
      '.credentials.json',
      'projects',
      'todos',
      'statsig',
      'shell-snapshots',
      'history.jsonl',
      'file-history',
      'session-env',
      'debug',
    ]) {
      expect(copiesHomeEntry(claudeAccountHome, skipped), skipped).toBe(false);
    }
  });
});
