import {
  AgentPoolError,
  type CustomProviderConfig,
  findProviderBinary,
  type LaunchRequest,
  type ProviderAdapterV1,
  type ProviderContext,
  readVersion,
} from '@agentpool/core';
import { isNamedKey } from '@agentpool/tmux-runtime';
import { classifyByPatterns, type PatternRule } from './pattern-screen-rules.js';

const PROMPT_SLOT = '{prompt}';
const MODEL_SLOT = '{model}';

function checkKeys(id: string, field: string, keys: readonly string[]): void {
  const bad = keys.find((key) => !isNamedKey(key));
  if (bad === undefined) return;
  throw new AgentPoolError('CONFIG_INVALID', `custom_providers.${id}.${field}: "${bad}" is not a key tmux can send.`, {
    details: { provider: id, field, key: bad },
    hint: 'Use tmux key names: Enter, Escape, C-c, Tab, Up, Down, …',
  });
}

/**
 * The adapter for a CLI described in config `custom_providers.<id>`: its command line, prompt
 * mode, optional model and read-only arguments, and screen patterns. It is registered and used
 * exactly like a built-in; what config cannot say (login state, native signals) it does not claim.
 */
export function createCustomProvider(id: string, config: CustomProviderConfig): ProviderAdapterV1 {
  checkKeys(id, 'submit_keys', config.submit_keys);
  checkKeys(id, 'interrupt_keys', config.interrupt_keys);
  const rules: PatternRule[] = config.screen.map((rule) => ({
    state: rule.state,
    pattern: new RegExp(rule.pattern, 'u'),
    lastLines: rule.last_lines,
  }));
  const [program, ...args] = config.command as [string, ...string[]];
  const binaryFor = (context: ProviderContext) => findProviderBinary(context, [program]);
  return {
    specificationVersion: 'v1',
    id,
    displayName: config.display_name ?? id,
    capabilities: {
      promptModes: [config.prompt_mode],
      defaultPromptMode: config.prompt_mode,
      modelSelection: config.model_args !== undefined,
      anyModel: config.model_args !== undefined && config.models === undefined,
      readOnly: config.read_only_args ? 'provider_flag' : 'prompt_only',
      turnStartGraceMs: config.turn_start_grace_ms,
    },
    async detect(context) {
      const binaryPath = binaryFor(context);
      if (!binaryPath) return null;
      const version = config.version_args
        ? await readVersion(binaryPath, config.version_args, { signal: context.signal, env: { ...context.env, ...config.env } })
        : null;
      return {
        binaryPath,
        version,
        auth: { status: 'unknown', confidence: 'unknown', reason: 'a custom provider: agentpool cannot read its login state' },
      };
    },
    launch(request: LaunchRequest) {
      const promptMode = request.promptMode === 'provider_default' ? config.prompt_mode : request.promptMode;
      const options = [
        ...(request.model && config.model_args ? config.model_args.map((part) => part.split(MODEL_SLOT).join(request.model)) : []),
        ...(request.isolation === 'read_only' && config.read_only_args ? config.read_only_args : []),
      ];
      const slot = args.indexOf(PROMPT_SLOT);
      const rest = args.filter((part) => part !== PROMPT_SLOT);
      const argv = [binaryFor(request.context) ?? program, ...rest, ...options];
      if (promptMode === 'arg') {
        if (slot >= 0) argv.splice(1 + slot, 0, request.prompt);
        else argv.push(request.prompt);
      }
      return {
        argv,
        env: { ...config.env },
        cwd: request.cwd,
        promptMode,
        submitKeys: config.submit_keys,
        interruptKeys: config.interrupt_keys,
        isolationEnforcement: request.isolation === 'read_only' ? (config.read_only_args ? 'provider_flag' : 'prompt_only') : 'not_needed',
      };
    },
    classify: (screen, context) => classifyByPatterns(rules, screen, context.sentTexts),
    ...(config.models ? { models: async () => (config.models ?? []).map((model, index) => ({ id: model, isDefault: index === 0 })) } : {}),
  };
}
