import type { ModelInfo } from '@agentpool/core';

/**
 * The models Copilot CLI 1.0.102 names for its `model` setting (`copilot help config`), and `auto`
 * (Copilot picks per request), which is what a spawn without `--model` gets from an account whose
 * settings name none. Which of them an account may use is decided by GitHub per plan and
 * organization policy; with a custom provider (`COPILOT_PROVIDER_BASE_URL`) any name the provider
 * knows is passed through. That is why the adapter takes models outside this list (`anyModel`).
 */
export const COPILOT_MODELS: readonly ModelInfo[] = [
  { id: 'auto', displayName: 'Auto (Copilot picks)', isDefault: true },
  { id: 'claude-sonnet-5.5', displayName: 'Claude Sonnet 5.5' },
  { id: 'claude-sonnet-5', displayName: 'Claude Sonnet 5' },
  { id: 'claude-opus-5.5', displayName: 'Claude Opus 5.5' },
  { id: 'claude-opus-5', displayName: 'Claude Opus 5' },
  { id: 'claude-opus-4.8', displayName: 'Claude Opus 4.8' },
  { id: 'claude-sonnet-4.6', displayName: 'Claude Sonnet 4.6' },
  { id: 'claude-haiku-5.5', displayName: 'Claude Haiku 5.5' },
  { id: 'claude-haiku-4.5', displayName: 'Claude Haiku 4.5' },
  { id: 'gpt-6.1-sol', displayName: 'GPT-6.1 Sol' },
  { id: 'gpt-6-sol', displayName: 'GPT-6 Sol' },
  { id: 'gpt-5.6-sol', displayName: 'GPT-5.6 Sol' },
  { id: 'gpt-5.5', displayName: 'GPT-5.5' },
  { id: 'gpt-5.4', displayName: 'GPT-5.4' },
  { id: 'gpt-5.4-mini', displayName: 'GPT-5.4 mini' },
  { id: 'gpt-5.3-codex', displayName: 'GPT-5.3 Codex' },
  { id: 'gpt-5-mini', displayName: 'GPT-5 mini' },
  { id: 'gemini-4-argon', displayName: 'Gemini 4 Argon' },
  { id: 'gemini-3.8-flash', displayName: 'Gemini 3.8 Flash' },
  { id: 'grok-4.7', displayName: 'Grok 4.7' },
];

/** The reasoning efforts `copilot --reasoning-effort` takes in 1.0.102 (whether a model honours one is the model's business). */
export const COPILOT_REASONING_EFFORTS: readonly string[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];
