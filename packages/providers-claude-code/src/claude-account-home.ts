import type { AccountHomeLayout } from '@agentpool/core';

/**
 * A Claude Code config folder (CLAUDE_CONFIG_DIR) as Claude Code 2.1 lays it out. A worker's private
 * copy keeps the configuration (settings.json, CLAUDE.md, agents/, commands/, skills/, output-styles/,
 * plugins/, .claude.json with its onboarding state) and leaves out what one run writes: project
 * transcripts, todos, statsig and telemetry caches, shell snapshots, history, debug logs, file
 * history, per-session environments, plans, paste cache, IDE locks, backups and a local install.
 */
export const claudeAccountHome: AccountHomeLayout = {
  homeVariable: 'CLAUDE_CONFIG_DIR',
  authFile: '.credentials.json',
  skip: [
    'projects',
    'todos',
    'statsig',
    'shell-snapshots',
    'history.jsonl',
    'debug',
    'logs',
    'file-history',
    'session-env',
    'plans',
    'paste-cache',
    'ide',
    'telemetry',
    'cache',
    'backups',
    'downloads',
    'local',
    '.claude.json.backup*',
    '*.lock',
  ],
};
