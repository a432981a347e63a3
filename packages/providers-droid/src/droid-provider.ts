import { join } from 'node:path';
import {
  findProviderBinary,
  type Installation,
  type LaunchRequest,
  type LaunchSpec,
  type ModelInfo,
  type NativeSignals,
  type PromptMode,
  type ProviderAdapterV1,
  type ProviderContext,
  providerEnv,
  readVersion,
} from '@agentpool/core';
import { factoryHome, storedLoginFile, truthy } from './droid-home.js';
import { droidHookSettings, parseDroidHookEvent } from './droid-hooks.js';
import { classifyDroidScreen } from './droid-screen-rules.js';
import { probeDroidUsage } from './droid-usage.js';

/** The file in a worker's signal folder its hooks write to. */
const HOOKS_FILE = 'droid-hooks.jsonl';
/** The per-worker runtime settings file (in the session folder), passed with `--settings`. */
export const DROID_SETTINGS_FILE = 'droid-settings.json';

/**
 * Factory's own models in Droid 0.225.2 (its model picker; `droid exec --help` names the default).
 * Custom (BYOK) models from the user's `~/.factory/settings.json` are `custom:<displayName>-<index>`,
 * so any id is passed on.
 */
export const DROID_MODELS: readonly ModelInfo[] = [
  { id: 'gpt-5.6-sol', displayName: 'GPT-5.6 Sol', isDefault: true },
  { id: 'gpt-5.6-terra', displayName: 'GPT-5.6 Terra' },
  { id: 'gpt-5.6-luna', displayName: 'GPT-5.6 Luna' },
  { id: 'claude-opus-5', displayName: 'Claude Opus 5' },
  { id: 'claude-sonnet-5', displayName: 'Claude Sonnet 5' },
  { id: 'claude-opus-4-8', displayName: 'Claude Opus 4.8' },
  { id: 'kimi-k3', displayName: 'Kimi K3' },
];

/** Reasoning efforts Droid's settings take (`reasoningEffort`; each model has its own default). */
export const DROID_REASONING_EFFORTS = ['off', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;

export interface DroidProviderSettings {
  /** Binary names tried on PATH, in order (config `providers.droid-cli.binary` wins over these). */
  readonly binaryCandidates?: readonly string[];
  /** Base URL of Factory's API the usage probe reads `api/billing/limits` from (default `https://api.factory.ai`; else `AGENTPOOL_DROID_USAGE_URL` in the provider's environment). */
  readonly usageBaseUrl?: string;
}

function authOf(context: ProviderContext): Installation['auth'] {
  const env = providerEnv(context);
  if (env.FACTORY_API_KEY) return { status: 'authenticated', confidence: 'observed', reason: 'FACTORY_API_KEY is set in the environment' };
  const stored = storedLoginFile(context);
  if (stored) return { status: 'authenticated', confidence: 'local_cli', reason: `${stored} present` };
  if (truthy(env.FACTORY_AIRGAP_ENABLED)) {
    return { status: 'not_required', confidence: 'local_cli', reason: 'FACTORY_AIRGAP_ENABLED: custom models only, no Factory login' };
  }
  return {
    status: 'unauthenticated',
    confidence: 'local_cli',
    reason: `no FACTORY_API_KEY and no stored login in ${join(factoryHome(context), '.factory')}`,
  };
}

/** The runtime settings for one worker: its model, reasoning effort and hooks. */
export function droidRuntimeSettings(request: LaunchRequest): Record<string, unknown> | null {
  const settings: Record<string, unknown> = {};
  if (request.model) settings.model = request.model;
  if (request.reasoningEffort) settings.reasoningEffort = request.reasoningEffort;
  if (request.signalRecorder) settings.hooks = droidHookSettings(request.signalRecorder, join(request.signalRecorder.dir, HOOKS_FILE));
  return Object.keys(settings).length > 0 ? settings : null;
}

/** Factory Droid CLI (`droid`), driven as an interactive TUI in tmux. */
export function createDroidProvider(options: DroidProviderSettings = {}): ProviderAdapterV1 {
  const candidates = options.binaryCandidates ?? ['droid'];
  const binaryFor = (context: ProviderContext) => findProviderBinary(context, candidates);

  return {
    specificationVersion: 'v1',
    id: 'droid-cli',
    displayName: 'Factory Droid CLI',
    capabilities: {
      promptModes: ['send_after_launch', 'arg'],
      // Pasted into its input box, the task never appears on a command line.
      defaultPromptMode: 'send_after_launch',
      modelSelection: true,
      // Custom (BYOK) models have ids of the user's making (`custom:<name>-<index>`).
      anyModel: true,
      reasoningEfforts: DROID_REASONING_EFFORTS,
      readOnly: 'provider_flag',
      // Droid redraws its input box after a paste before the turn shows any sign of work.
      turnStartGraceMs: 3000,
    },
    async detect(context) {
      const binaryPath = binaryFor(context);
      if (!binaryPath) return null;
      const version = await readVersion(binaryPath, ['--version'], {
        signal: context.signal,
        env: { ...context.env, FACTORY_DROID_AUTO_UPDATE_ENABLED: 'false' },
      });
      return { binaryPath, version: version?.trim() ?? null, auth: authOf(context) };
    },
    launch(request: LaunchRequest): LaunchSpec {
      const promptMode: PromptMode = request.promptMode === 'provider_default' ? 'send_after_launch' : request.promptMode;
      const argv = [binaryFor(request.context) ?? 'droid'];
      // Read-only is enforced by Droid itself: spec mode plans and asks before it edits anything.
      // Otherwise low autonomy: edits and read-only commands run, anything riskier asks first.
      if (request.isolation === 'read_only') argv.push('--use-spec');
      else argv.push('--auto', 'low');
      // Droid's interactive mode has no model flag: the model and reasoning effort travel in the
      // per-worker runtime settings file `signals` writes and passes with `--settings`.
      if (promptMode === 'arg') argv.push(request.prompt);
      return {
        argv,
        env: {
          // Never let a worker update the user's install.
          FACTORY_DROID_AUTO_UPDATE_ENABLED: 'false',
          ...(request.context.account?.home ? { FACTORY_HOME_OVERRIDE: request.context.account.home } : {}),
        },
        cwd: request.cwd,
        promptMode,
        submitKeys: ['Enter'],
        interruptKeys: ['Escape'],
        isolationEnforcement: request.isolation === 'read_only' ? 'provider_flag' : 'not_needed',
      };
    },
    classify: (screen) => classifyDroidScreen(screen),
    async models() {
      return [...DROID_MODELS];
    },
    signals(request): NativeSignals {
      const settings = droidRuntimeSettings(request);
      return {
        // Settings "merged for this process only": the user's ~/.factory/settings.json is never touched.
        args: settings ? ['--settings', join(request.sessionDir, DROID_SETTINGS_FILE)] : [],
        env: {},
        files: settings ? [{ path: DROID_SETTINGS_FILE, content: `${JSON.stringify(settings, null, 2)}\n` }] : [],
        sources: request.signalRecorder ? [{ name: 'hooks', kind: 'file', path: join(request.signalRecorder.dir, HOOKS_FILE) }] : [],
      };
    },
    parseSignal: (record) => (record.source === 'hooks' ? parseDroidHookEvent(record.payload) : null),
    probeUsage: (context) => probeDroidUsage(context, { baseUrl: options.usageBaseUrl }),
  };
}

export const droidProvider: ProviderAdapterV1 = createDroidProvider();
