import { existsSync } from 'node:fs';
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
  versionFromLine,
} from '@agentpool/core';
import { devinCredentialsFile } from './devin-credentials.js';
import { devinWorkerConfig, parseDevinHookEvent } from './devin-hooks.js';
import { classifyDevinScreen } from './devin-screen-rules.js';
import { probeDevinUsage } from './devin-usage.js';
import { devinUserConfigPath, readDevinUserConfig } from './devin-user-config.js';

/** The file in a worker's signal folder its hooks write to. */
const HOOKS_FILE = 'devin-hooks.jsonl';
/** The per-worker config (in the session folder), passed with `--config`. */
const CONFIG_FILE = 'devin-config.json';

/**
 * Model names `--model` takes: Devin resolves a family's short name to its newest release (`opus`,
 * `swe`, …); full ids come from `devin models list` (a network call, never made here).
 */
export const DEVIN_MODELS: readonly ModelInfo[] = [
  { id: 'swe', displayName: 'SWE (Cognition; newest SWE release)', isDefault: true },
  { id: 'opus', displayName: 'Claude Opus (newest release)' },
  { id: 'sonnet', displayName: 'Claude Sonnet (newest release)' },
  { id: 'gpt', displayName: 'GPT (newest release)' },
  { id: 'codex', displayName: 'GPT Codex (newest release)' },
  { id: 'gemini', displayName: 'Gemini (newest release)' },
];

export interface DevinProviderSettings {
  /** Binary names tried on PATH, in order (config `providers.devin-cli.binary` wins over these). */
  readonly binaryCandidates?: readonly string[];
  /** Reads the user's Devin config (tests inject one); returns null when there is no file. */
  readonly readUserConfig?: (path: string) => string | null;
  /**
   * Base URL the usage probe calls `GetUserStatus` on (default: the `api_server_url` of Devin's
   * credentials, else `https://server.codeium.com`; `AGENTPOOL_DEVIN_USAGE_URL` in the provider's
   * environment overrides both).
   */
  readonly usageBaseUrl?: string;
}

function authOf(context: ProviderContext): Installation['auth'] {
  const file = devinCredentialsFile(context);
  if (existsSync(file)) return { status: 'authenticated', confidence: 'local_cli', reason: `${file} present` };
  if (providerEnv(context).WINDSURF_API_KEY) {
    return {
      status: 'unknown',
      confidence: 'estimated',
      reason: `no ${file}; WINDSURF_API_KEY is set (read by Devin's ACP server, not known for its TUI)`,
    };
  }
  return { status: 'unauthenticated', confidence: 'local_cli', reason: `no ${file} (devin auth login writes it)` };
}

/** `devin --version` prints `devin 3000.10.21 (611c1cba)`; the version is the second word. */
const DEVIN_VERSION = /^(?:devin\s+)?v?(\d[\w.-]*)/;

/** Devin CLI (`devin`), driven as an interactive TUI in tmux. */
export function createDevinProvider(options: DevinProviderSettings = {}): ProviderAdapterV1 {
  const candidates = options.binaryCandidates ?? ['devin'];
  const binaryFor = (context: ProviderContext) => findProviderBinary(context, candidates);

  return {
    specificationVersion: 'v1',
    id: 'devin-cli',
    displayName: 'Devin CLI',
    capabilities: {
      promptModes: ['send_after_launch', 'arg'],
      // Pasted into its input box, the task never appears on a command line.
      defaultPromptMode: 'send_after_launch',
      modelSelection: true,
      // Plan and Ask are agent modes reached only with `/plan` and `/ask` inside the TUI; no flag starts
      // one. read_only is asked for in the prompt, and Devin's `normal` permission mode asks before any
      // write or command, so each one surfaces as an approval prompt the caller answers.
      readOnly: 'prompt_only',
      // Devin accepts a family's short name or any full id its account lists; agentpool cannot list
      // them offline, so a name outside the catalog is passed on and Devin itself refuses a wrong one.
      anyModel: true,
      // Not measured (no Devin here): the same start grace as Claude Code's input box.
      turnStartGraceMs: 5000,
    },
    async detect(context) {
      const binaryPath = binaryFor(context);
      if (!binaryPath) return null;
      const line = await readVersion(binaryPath, ['--version'], { signal: context.signal, env: context.env });
      return { binaryPath, version: versionFromLine(line, DEVIN_VERSION), auth: authOf(context) };
    },
    async models() {
      return [...DEVIN_MODELS];
    },
    launch(request: LaunchRequest): LaunchSpec {
      const promptMode: PromptMode = request.promptMode === 'provider_default' ? 'send_after_launch' : request.promptMode;
      const argv = [binaryFor(request.context) ?? 'devin'];
      // `normal`: read-only tools run, every write or command asks first (whatever the user's default is).
      if (request.isolation === 'read_only') argv.push('--permission-mode', 'normal');
      if (request.model) argv.push('--model', request.model);
      // After `--` the prompt is never read as a subcommand; a positional prompt is submitted at once.
      if (promptMode === 'arg') argv.push('--', request.prompt);
      return {
        argv,
        env: request.context.account?.home ? { XDG_DATA_HOME: request.context.account.home } : {},
        cwd: request.cwd,
        promptMode,
        submitKeys: ['Enter'],
        // Ctrl+C cancels the running turn (one Escape only arms "esc twice to interrupt").
        interruptKeys: ['C-c'],
        isolationEnforcement: request.isolation === 'read_only' ? 'prompt_only' : 'not_needed',
      };
    },
    classify: (screen) => classifyDevinScreen(screen),
    signals(request): NativeSignals {
      if (!request.signalRecorder) return { args: [], env: {}, files: [] };
      const user = readDevinUserConfig(devinUserConfigPath(providerEnv(request.context)), options.readUserConfig);
      // A config agentpool cannot read whole would lose the user's settings if replaced: no hooks then.
      if (user.kind === 'unreadable') return { args: [], env: {}, files: [] };
      const file = join(request.signalRecorder.dir, HOOKS_FILE);
      const config = devinWorkerConfig(user.kind === 'object' ? user.value : {}, request.signalRecorder, file);
      return {
        args: ['--config', join(request.sessionDir, CONFIG_FILE)],
        env: {},
        files: [{ path: CONFIG_FILE, content: `${JSON.stringify(config, null, 2)}\n`, mode: 0o600 }],
        sources: [{ name: 'hooks', kind: 'file', path: file }],
      };
    },
    parseSignal: (record) => (record.source === 'hooks' ? parseDevinHookEvent(record.payload) : null),
    probeUsage: (context) => probeDevinUsage(context, { baseUrl: options.usageBaseUrl }),
  };
}

export const devinProvider: ProviderAdapterV1 = createDevinProvider();
