import type { ModelInfo } from '@agentpool/core';

/**
 * The models Codex 0.169.0 lists (its bundled catalog, `visibility: "list"`, in its own order).
 * Codex sends any `--model` name to its model provider unchanged (`-m o3` reaches
 * `POST /v1/responses` as `"model": "o3"`; a custom provider's own names work the same), so this
 * catalog is a list of suggestions, not a limit. With no `--model` and the OpenAI provider it
 * runs gpt-6.1-sol (the catalog's first).
 */
export const CODEX_MODELS: readonly ModelInfo[] = [
  { id: 'gpt-6.1-sol', displayName: 'GPT-6.1-Sol', isDefault: true },
  { id: 'gpt-6-astra', displayName: 'GPT-6-Astra' },
  { id: 'gpt-6-sol', displayName: 'GPT-6-Sol' },
  { id: 'gpt-6-luna', displayName: 'GPT-6-Luna' },
  { id: 'gpt-5.6-sol', displayName: 'GPT-5.6-Sol' },
  { id: 'gpt-6.1-terra', displayName: 'GPT-6.1 Terra' },
  { id: 'gpt-5.6-terra', displayName: 'GPT-5.6-Terra' },
  { id: 'gpt-5.6-luna', displayName: 'GPT-5.6-Luna' },
  { id: 'gpt-5.5', displayName: 'GPT-5.5' },
];

/**
 * `-c model_reasoning_effort=…` values. Codex 0.169 passes the value to the API as
 * `reasoning.effort` without checking it; its catalog's models take low…max (some ultra, which
 * Codex sends as `max` with `context: all_turns`), and the API's older models minimal and none.
 */
export const CODEX_EFFORTS: readonly string[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max', 'ultra'];

/**
 * `-c service_tier=…` values Codex 0.169 sends (`service_tier` in the request): `priority` (its
 * "Fast" tier; `fast` is Codex's alias and is sent as `priority`) and `flex`. Codex omits a tier
 * its catalog does not list for the model, with a warning (`gpt-4o` takes none).
 */
export const CODEX_SERVICE_TIERS: readonly string[] = ['priority', 'fast', 'flex'];
