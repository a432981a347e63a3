import type { ModelInfo } from '@agentpool/core';

/**
 * Models Claude Code 2.1.197 takes with `--model`: its aliases (resolved by the CLI itself to the
 * latest model of that family) and full ids. The CLI passes any other name on to the API
 * unchanged (`--model claude-imaginary-9` reaches `POST /v1/messages` as `"model":
 * "claude-imaginary-9"`), so this catalog is a list of suggestions, not a limit.
 * Seen against the model imitation: `opus` → claude-opus-4-8 (also the default with an API key),
 * `sonnet` → claude-sonnet-5, `haiku` → claude-haiku-4-5-20251001, `fable` → claude-fable-5.
 */
export const CLAUDE_MODELS: readonly ModelInfo[] = [
  { id: 'opus', displayName: 'Opus (latest; Claude Code’s default with an API key)', isDefault: true },
  { id: 'sonnet', displayName: 'Sonnet (latest)' },
  { id: 'haiku', displayName: 'Haiku (latest)' },
  { id: 'fable', displayName: 'Fable (latest)' },
  { id: 'opusplan', displayName: 'Opus in plan mode, else Sonnet' },
  { id: 'sonnet[1m]', displayName: 'Sonnet with a 1M-token context' },
  { id: 'opus[1m]', displayName: 'Opus with a 1M-token context' },
  { id: 'claude-opus-4-8', displayName: 'Claude Opus 4.8' },
  { id: 'claude-sonnet-5', displayName: 'Claude Sonnet 5' },
  { id: 'claude-fable-5', displayName: 'Claude Fable 5' },
  { id: 'claude-haiku-4-5', displayName: 'Claude Haiku 4.5' },
];

/** `claude --effort` values (2.1.197 `--help`: "low, medium, high, xhigh, max"); it warns and ignores any other. */
export const CLAUDE_EFFORTS: readonly string[] = ['low', 'medium', 'high', 'xhigh', 'max'];
