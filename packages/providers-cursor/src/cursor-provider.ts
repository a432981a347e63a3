import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import {
  findProviderBinary,
  type Installation,
  type LaunchRequest,
  type LaunchSpec,
  type ModelInfo,
  type PromptMode,
  type ProviderAdapterV1,
  type ProviderContext,
  providerEnv,
  readVersion,
  versionFromLine,
} from '@agentpool/core';
import { cursorAuthFiles } from './cursor-auth-files.js';
import { classifyCursorScreen } from './cursor-screen-rules.js';
import { probeCursorUsage } from './cursor-usage.js';

/**
 * Model names `--model` takes. `auto` lets Cursor pick (the only model a free plan may use); the
 * full list is the account's (`agent models`, a network call, never made here).
 */
export const CURSOR_MODELS: readonly ModelInfo[] = [
  { id: 'auto', displayName: 'Auto (Cursor picks)', isDefault: true },
  { id: 'composer-1.5', displayName: 'Composer 1.5' },
  { id: 'composer-1', displayName: 'Composer 1' },
  { id: 'gpt-5', displayName: 'GPT-5' },
  { id: 'sonnet-4.5', displayName: 'Claude Sonnet 4.5' },
  { id: 'sonnet-4.5-thinking', displayName: 'Claude Sonnet 4.5 Thinking' },
  { id: 'opus-4.6-thinking', displayName: 'Claude Opus 4.6 Thinking' },
  { id: 'gemini-3-pro', displayName: 'Gemini 3 Pro' },
  { id: 'grok', displayName: 'Grok' },
];

export interface CursorProviderSettings {
  /** Binary names tried on PATH, in order (config `providers.cursor-cli.binary` wins over these). */
  readonly binaryCandidates?: readonly string[];
  /** The platform the login store is looked up for (tests set it); default `process.platform`. */
  readonly platform?: NodeJS.Platform;
  /** Base URL the usage probe reads `api/usage-summary` from (default `https://cursor.com`; else `AGENTPOOL_CURSOR_USAGE_URL` in the provider's environment). */
  readonly usageBaseUrl?: string;
}

function authOf(context: ProviderContext, platform: NodeJS.Platform): Installation['auth'] {
  const env = providerEnv(context);
  if (env.CURSOR_API_KEY) return { status: 'authenticated', confidence: 'observed', reason: 'CURSOR_API_KEY is set in the environment' };
  const files = cursorAuthFiles(context);
  const found = files.find((file) => existsSync(file));
  if (found) return { status: 'authenticated', confidence: 'local_cli', reason: `${found} present` };
  if (platform === 'darwin' && !context.account?.home && !env.CURSOR_CONFIG_DIR) {
    return {
      status: 'unknown',
      confidence: 'unknown',
      reason: 'no auth.json; on macOS cursor-agent keeps its login in the Keychain, which is not read',
    };
  }
  return {
    status: 'unauthenticated',
    confidence: 'local_cli',
    reason: `no ${files.join(' or ')} (agent login writes it) and no CURSOR_API_KEY`,
  };
}

/** `agent --version` prints the build, e.g. `2026.09.18-9a7762b` (some builds prefix a `v`). */
const CURSOR_VERSION = /^(?:cursor-agent\s+|agent\s+)?v?(\d{4}\.\d{2}\.\d{2}[\w.-]*)/;

/** Cursor Agent CLI (`cursor-agent`, also installed as `agent`), driven as an interactive TUI in tmux. */
export function createCursorProvider(options: CursorProviderSettings = {}): ProviderAdapterV1 {
  // `cursor-agent` first: `agent` is a generic name another program may also use.
  const candidates = options.binaryCandidates ?? ['cursor-agent', 'agent'];
  const platform = options.platform ?? process.platform;
  const binaryFor = (context: ProviderContext) => findProviderBinary(context, candidates);

  return {
    specificationVersion: 'v1',
    id: 'cursor-cli',
    displayName: 'Cursor Agent CLI',
    capabilities: {
      promptModes: ['send_after_launch', 'arg'],
      // Pasted into its input line, the task never appears on a command line.
      defaultPromptMode: 'send_after_launch',
      modelSelection: true,
      // `--mode ask`: Cursor's read-only Q&A mode, enforced by the CLI (no edits, no commands).
      readOnly: 'provider_flag',
      // The account's list (`agent models`) is not readable offline: a name outside the catalog is passed
      // on, and Cursor itself refuses an unknown one ("Cannot use this model: …").
      anyModel: true,
      // Not measured (no Cursor here): the same start grace as Claude Code's input box.
      turnStartGraceMs: 5000,
    },
    async detect(context) {
      const binaryPath = binaryFor(context);
      if (!binaryPath) return null;
      const line = await readVersion(binaryPath, ['--version'], { signal: context.signal, env: context.env });
      // `agent` is a generic name: found only by that name on PATH (not configured), it counts as
      // Cursor's alias only when its version reads like a Cursor build.
      if (!context.settings.binary && basename(binaryPath) === 'agent' && !CURSOR_VERSION.test(line?.trim() ?? '')) return null;
      return { binaryPath, version: versionFromLine(line, CURSOR_VERSION), auth: authOf(context, platform) };
    },
    async models() {
      return [...CURSOR_MODELS];
    },
    launch(request: LaunchRequest): LaunchSpec {
      const promptMode: PromptMode = request.promptMode === 'provider_default' ? 'send_after_launch' : request.promptMode;
      const argv = [binaryFor(request.context) ?? 'cursor-agent'];
      if (request.isolation === 'read_only') argv.push('--mode', 'ask');
      if (request.model) argv.push('--model', request.model);
      // A positional prompt starts the session with it; `--` keeps one that begins with `-` a prompt.
      if (promptMode === 'arg') argv.push('--', request.prompt);
      return {
        argv,
        env: request.context.account?.home ? { CURSOR_CONFIG_DIR: request.context.account.home } : {},
        cwd: request.cwd,
        promptMode,
        submitKeys: ['Enter'],
        // The input line says "ctrl+c to stop" while a turn runs.
        interruptKeys: ['C-c'],
        isolationEnforcement: request.isolation === 'read_only' ? 'provider_flag' : 'not_needed',
      };
    },
    classify: (screen) => classifyCursorScreen(screen),
    probeUsage: (context) => probeCursorUsage(context, { baseUrl: options.usageBaseUrl }),
  };
}

export const cursorProvider: ProviderAdapterV1 = createCursorProvider();
