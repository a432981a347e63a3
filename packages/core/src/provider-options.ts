import { echoValue } from './echo.js';
import { AgentPoolError } from './errors.js';
import type { PromptMode, PromptModeRequest, ProviderAdapter } from './provider-adapter.js';

const PROMPT_MODES: readonly PromptModeRequest[] = ['provider_default', 'arg', 'send_after_launch', 'stdin'];

/** What a spawn asks of a provider beyond the task. */
export interface ProviderOptionsRequest {
  readonly promptMode?: PromptModeRequest | undefined;
  readonly model?: string | undefined;
  /** Config `providers.<id>.default_model`. */
  readonly defaultModel?: string | undefined;
  readonly reasoningEffort?: string | undefined;
  readonly serviceTier?: string | undefined;
}

export interface CheckedProviderOptions {
  readonly promptMode: PromptModeRequest;
  /** The prompt mode the launch will use. */
  readonly resolvedPromptMode: PromptMode;
  readonly model: string | null;
  readonly reasoningEffort: string | undefined;
  readonly serviceTier: string | undefined;
}

/**
 * Checks what a spawn asks of a provider against what it declares: an option it cannot honour is
 * CAPABILITY_UNSUPPORTED (never dropped), a value it does not know is INVALID_REQUEST naming the
 * ones it does. Pure; every adapter, built-in or plugin, is held to it.
 */
export function checkProviderOptions(adapter: ProviderAdapter, request: ProviderOptionsRequest): CheckedProviderOptions {
  const capabilities = adapter.capabilities;
  const promptMode = request.promptMode ?? 'provider_default';
  if (!PROMPT_MODES.includes(promptMode)) {
    throw new AgentPoolError('INVALID_REQUEST', `Unknown prompt mode "${echoValue(promptMode, 40)}".`, {
      details: { valid: PROMPT_MODES },
      hint: 'agentpool spawn … --initial-prompt-mode arg',
    });
  }
  if (promptMode !== 'provider_default' && !capabilities.promptModes.includes(promptMode)) {
    throw new AgentPoolError('CAPABILITY_UNSUPPORTED', `${adapter.id} cannot take its prompt by ${promptMode}.`, {
      details: { provider: adapter.id, supported: capabilities.promptModes },
      hint: `agentpool spawn --provider ${adapter.id} --initial-prompt-mode ${capabilities.defaultPromptMode} …`,
    });
  }
  if (request.model && !capabilities.modelSelection) {
    throw new AgentPoolError('CAPABILITY_UNSUPPORTED', `${adapter.id} does not let agentpool choose its model; --model would be ignored.`, {
      details: { provider: adapter.id },
      hint: `agentpool spawn --provider ${adapter.id} … (without --model)`,
    });
  }
  if (!request.model && request.defaultModel && !capabilities.modelSelection) {
    throw new AgentPoolError(
      'CAPABILITY_UNSUPPORTED',
      `providers.${adapter.id}.default_model is set, but ${adapter.id} does not let agentpool choose its model; it would be ignored.`,
      {
        details: { provider: adapter.id, default_model: request.defaultModel },
        hint: 'agentpool config print   (remove the default_model)',
      },
    );
  }
  return {
    promptMode,
    resolvedPromptMode: promptMode === 'provider_default' ? capabilities.defaultPromptMode : promptMode,
    model: request.model ?? request.defaultModel ?? null,
    reasoningEffort: optionValue(
      adapter.id,
      'reasoning effort',
      '--reasoning-effort',
      request.reasoningEffort,
      capabilities.reasoningEfforts,
    ),
    serviceTier: optionValue(adapter.id, 'service tier', '--service-tier', request.serviceTier, capabilities.serviceTiers),
  };
}

/** A provider option the caller may set only when the provider takes it, and only to a value it knows. */
function optionValue(provider: string, what: string, flag: string, value: string | undefined, valid: readonly string[] | undefined) {
  if (value === undefined) return undefined;
  if (!valid || valid.length === 0) {
    throw new AgentPoolError('CAPABILITY_UNSUPPORTED', `${provider} has no ${what}; ${flag} would be ignored.`, {
      details: { provider, option: flag },
      hint: `agentpool spawn --provider ${provider} … (without ${flag})`,
    });
  }
  if (!valid.includes(value)) {
    throw new AgentPoolError('INVALID_REQUEST', `${provider} takes ${flag} ${valid.join(', ')}; got "${echoValue(value, 40)}".`, {
      details: { provider, option: flag, valid },
      hint: `agentpool spawn --provider ${provider} ${flag} ${valid[0]} …`,
    });
  }
  return value;
}
