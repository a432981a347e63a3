import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  AgentPoolError,
  findProviderBinary,
  type Installation,
  type LaunchRequest,
  type LaunchSpec,
  type NativeSignals,
  type PromptMode,
  type ProviderAdapterV1,
  type ProviderContext,
  parseJsonObject,
  readVersion,
} from '@agentpool/core';
import { opencodeDataDir } from './opencode-data-dir.js';
import { configContentWithPlugin, inheritedVariable, readOnlyPermission } from './opencode-environment.js';
import { parseOpencodeEvent } from './opencode-events.js';
import { defaultModelFromConfig, listModels, OFFLINE_ENV, parseModelList } from './opencode-models.js';
import { opencodeSignalPlugin } from './opencode-plugin.js';
import { classifyOpencodeScreen } from './opencode-screen-rules.js';
import { probeOpencodeUsage } from './opencode-usage.js';

/** The file in a worker's signal folder its plugin writes to. */
const EVENTS_FILE = 'opencode-events.jsonl';
/** The per-worker plugin module (in the session folder), named in `OPENCODE_CONFIG_CONTENT`. */
const PLUGIN_FILE = 'opencode-signals.js';

/** Environment variables of the model providers opencode reads a key from (the common ones). */
const PROVIDER_KEYS = [
  'ANTHROPIC_API_KEY',
  'OPENAI_API_KEY',
  'GEMINI_API_KEY',
  'GOOGLE_GENERATIVE_AI_API_KEY',
  'OPENROUTER_API_KEY',
  'GROQ_API_KEY',
  'XAI_API_KEY',
  'DEEPSEEK_API_KEY',
  'MISTRAL_API_KEY',
  'OPENCODE_API_KEY',
] as const;

export interface OpencodeProviderSettings {
  /** Binary names tried on PATH, in order (config `providers.opencode.binary` wins over these). */
  readonly binaryCandidates?: readonly string[];
}

function authOf(context: ProviderContext): Installation['auth'] {
  const env = { ...context.env, ...context.settings.env, ...context.account?.env };
  const file = join(opencodeDataDir(context), 'auth.json');
  if (existsSync(file)) {
    let count = 0;
    try {
      count = Object.keys(parseJsonObject(readFileSync(file, 'utf8')) ?? {}).length;
    } catch {
      // Unreadable: as if absent.
    }
    if (count > 0) {
      return { status: 'authenticated', confidence: 'local_cli', reason: `${file} holds ${count} credential${count === 1 ? '' : 's'}` };
    }
  }
  if (env.OPENCODE_AUTH_CONTENT) return { status: 'authenticated', confidence: 'observed', reason: 'OPENCODE_AUTH_CONTENT is set' };
  const key = PROVIDER_KEYS.find((name) => env[name]);
  if (key) return { status: 'authenticated', confidence: 'observed', reason: `${key} is set in the environment` };
  return {
    status: 'unknown',
    confidence: 'local_cli',
    reason: `no credentials in ${file} or the environment; OpenCode Zen's free models and providers configured in opencode.json may need none`,
  };
}

/** opencode (`opencode`, npm opencode-ai), driven as an interactive TUI in tmux. */
export function createOpencodeProvider(options: OpencodeProviderSettings = {}): ProviderAdapterV1 {
  const candidates = options.binaryCandidates ?? ['opencode'];
  const binaryFor = (context: ProviderContext) => findProviderBinary(context, candidates);
  /** The environment a launch or a catalog read adds for an account: its own data folder. */
  const accountEnv = (context: ProviderContext): Record<string, string> =>
    context.account?.home ? { XDG_DATA_HOME: context.account.home } : {};

  return {
    specificationVersion: 'v1',
    id: 'opencode',
    displayName: 'opencode',
    capabilities: {
      // Pasted into its input box, the task never appears on a command line. `--prompt` is not
      // offered: opencode 1.18.33 only puts its text in the input box, it never submits it.
      promptModes: ['send_after_launch'],
      defaultPromptMode: 'send_after_launch',
      modelSelection: true,
      // Enforced by opencode's own permission rules: edit tools denied, every shell command asked for.
      readOnly: 'provider_flag',
      // `-m` takes only models of the user's own catalog (`opencode models`); others fall back to the default.
      anyModel: false,
      // Once the task is pasted, opencode shows it and its busy line within a second or two, and the
      // plugin reports the turn; the first paste after boot can take a few seconds more under load
      // (its input box redraws once as its session list loads).
      turnStartGraceMs: 8000,
    },
    async detect(context) {
      const binaryPath = binaryFor(context);
      if (!binaryPath) return null;
      const version = await readVersion(binaryPath, ['--version'], {
        signal: context.signal,
        env: { ...context.env, ...OFFLINE_ENV },
      });
      return { binaryPath, version, auth: authOf(context) };
    },
    async models(context) {
      const binary = binaryFor(context);
      if (!binary) {
        throw new AgentPoolError('PROVIDER_NOT_INSTALLED', 'opencode is not installed: its model catalog is read with `opencode models`.', {
          details: { provider: 'opencode' },
          hint: 'npm install --global opencode-ai',
        });
      }
      const env = { ...context.env, ...context.settings.env, ...context.account?.env, ...accountEnv(context), ...OFFLINE_ENV };
      const list = await listModels(binary, env, context.signal);
      if (list.failure !== undefined) {
        throw new AgentPoolError('ADAPTER_FAILED', '`opencode models` failed or ran out of time; its model catalog is unknown.', {
          details: { provider: 'opencode', failure: list.failure },
          retryable: true,
        });
      }
      return parseModelList(list.stdout, defaultModelFromConfig(env));
    },
    launch(request: LaunchRequest): LaunchSpec {
      const promptMode: PromptMode = 'send_after_launch';
      const argv = [binaryFor(request.context) ?? 'opencode'];
      if (request.model) argv.push('--model', request.model);
      const readOnly = request.isolation === 'read_only';
      return {
        argv,
        env: {
          // Never let a worker upgrade the user's install (opencode upgrades patch releases by itself).
          OPENCODE_DISABLE_AUTOUPDATE: '1',
          ...accountEnv(request.context),
          ...(readOnly ? { OPENCODE_PERMISSION: readOnlyPermission(inheritedVariable(request.context, 'OPENCODE_PERMISSION')) } : {}),
        },
        cwd: request.cwd,
        promptMode,
        submitKeys: ['Enter'],
        interruptKeys: ['Escape'],
        isolationEnforcement: readOnly ? 'provider_flag' : 'not_needed',
      };
    },
    classify: (screen) => classifyOpencodeScreen(screen),
    signals(request): NativeSignals {
      if (!request.signalRecorder) return { args: [], env: {}, files: [] };
      const file = join(request.signalRecorder.dir, EVENTS_FILE);
      const content = configContentWithPlugin(
        inheritedVariable(request.context, 'OPENCODE_CONFIG_CONTENT'),
        pathToFileURL(join(request.sessionDir, PLUGIN_FILE)).href,
      );
      // The worker inherits a config document that is not JSON: it is left as it is, and the screen alone tells.
      if (content === null) return { args: [], env: {}, files: [] };
      return {
        args: [],
        env: { OPENCODE_CONFIG_CONTENT: content },
        files: [{ path: PLUGIN_FILE, content: opencodeSignalPlugin(request.signalRecorder.argv, file) }],
        sources: [{ name: 'plugin', kind: 'file', path: file }],
      };
    },
    parseSignal: (record) => (record.source === 'plugin' ? parseOpencodeEvent(record.payload) : null),
    probeUsage: (context) => probeOpencodeUsage(context),
  };
}

export const opencodeProvider: ProviderAdapterV1 = createOpencodeProvider();
