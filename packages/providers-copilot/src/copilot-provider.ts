import { isAbsolute, join, relative } from 'node:path';
import {
  type LaunchRequest,
  type LaunchSpec,
  type NativeSignals,
  type PromptMode,
  type ProviderAdapterV1,
  type ProviderContext,
  readVersion,
  versionFromLine,
} from '@agentpool/core';
import { COPILOT_HOOKS_FILE, copilotHookConfig, copilotPluginManifest, parseCopilotHookEvent } from './copilot-hooks.js';
import { copilotAuth, findCopilotBinary } from './copilot-installation.js';
import { COPILOT_MODELS, COPILOT_REASONING_EFFORTS } from './copilot-models.js';
import { classifyCopilotScreen } from './copilot-screen-rules.js';
import { probeCopilotUsage } from './copilot-usage.js';

/** The file in a worker's signal folder its hooks write to. */
const HOOKS_RECORD_FILE = 'copilot-hooks.jsonl';

export interface CopilotProviderSettings {
  /** Binary names tried on PATH, in order (config `providers.copilot-cli.binary` wins over these; `gh copilot` comes last). */
  readonly binaryCandidates?: readonly string[];
  /**
   * Base URL of the GitHub API the usage probe reads `copilot_internal/user` from (default
   * `https://api.github.com`; else `AGENTPOOL_COPILOT_USAGE_URL` in the provider's environment).
   */
  readonly usageBaseUrl?: string;
}

/** Copilot downloads updates of itself unless told not to; a worker must never change the user's install. */
const NO_AUTO_UPDATE = { COPILOT_AUTO_UPDATE: 'false' } as const;

/** "GitHub Copilot CLI 1.0.102." → "1.0.102". */
const COPILOT_VERSION = /\b(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/;

/** GitHub Copilot CLI (`copilot`, or `gh copilot`), driven as an interactive TUI in tmux. */
export function createCopilotProvider(options: CopilotProviderSettings = {}): ProviderAdapterV1 {
  const candidates = options.binaryCandidates ?? ['copilot'];
  const binaryFor = (context: ProviderContext) => findCopilotBinary(context, candidates);

  return {
    specificationVersion: 'v1',
    id: 'copilot-cli',
    displayName: 'GitHub Copilot CLI',
    capabilities: {
      promptModes: ['send_after_launch', 'arg'],
      // Pasted into its input box, the task never appears on a command line (`-i <prompt>` would put it there).
      defaultPromptMode: 'send_after_launch',
      modelSelection: true,
      // Plan mode is enforced by Copilot: commands and edits outside its own session folder are blocked.
      readOnly: 'provider_flag',
      // The account's catalog is GitHub's to decide, and a custom provider takes any name: Copilot reports an unknown model itself.
      anyModel: true,
      reasoningEfforts: COPILOT_REASONING_EFFORTS,
      // Copilot takes a pasted prompt at once ("Working" within a second); a little room for a slow start.
      turnStartGraceMs: 3000,
    },
    async detect(context) {
      const binary = binaryFor(context);
      if (!binary) return null;
      const line = await readVersion(binary.path, [...binary.prefix, '--version'], {
        signal: context.signal,
        env: { ...context.env, ...NO_AUTO_UPDATE },
      });
      return { binaryPath: binary.path, version: versionFromLine(line, COPILOT_VERSION), auth: copilotAuth(context) };
    },
    async models() {
      return [...COPILOT_MODELS];
    },
    launch(request: LaunchRequest): LaunchSpec {
      const promptMode: PromptMode = request.promptMode === 'provider_default' ? 'send_after_launch' : request.promptMode;
      const binary = binaryFor(request.context) ?? { path: 'copilot', prefix: [] };
      // `-i` starts the interactive session and runs this prompt at once. It comes first so that the
      // prompt is never the last argument: agentpool adds its options (the hook plugin) before a last
      // prompt, which would leave `-i` without its value.
      const argv = [binary.path, ...binary.prefix, ...(promptMode === 'arg' ? ['-i', request.prompt] : []), '--no-auto-update'];
      if (request.isolation === 'read_only') argv.push('--mode', 'plan');
      if (request.model) argv.push('--model', request.model);
      if (request.reasoningEffort) argv.push('--reasoning-effort', request.reasoningEffort);
      return {
        argv,
        env: {
          ...NO_AUTO_UPDATE,
          ...(request.context.account?.home ? { COPILOT_HOME: request.context.account.home } : {}),
        },
        cwd: request.cwd,
        promptMode,
        submitKeys: ['Enter'],
        // One Escape only arms the interrupt ("esc again to interrupt"); the second one stops the turn.
        interruptKeys: ['Escape', 'Escape'],
        isolationEnforcement: request.isolation === 'read_only' ? 'provider_flag' : 'not_needed',
      };
    },
    classify: (screen) => classifyCopilotScreen(screen),
    signals(request): NativeSignals {
      if (!request.signalRecorder) return { args: [], env: {}, files: [] };
      // The plugin lives in the worker's signal folder (it exists before launch; the session folder
      // holds the output stream, which Copilot need not watch), else in the session folder.
      const inside = relative(request.sessionDir, request.signalRecorder.dir);
      const folder = inside.startsWith('..') || isAbsolute(inside) ? '' : inside;
      const record = join(request.signalRecorder.dir, HOOKS_RECORD_FILE);
      return {
        args: ['--plugin-dir', join(request.sessionDir, folder)],
        env: {},
        files: [
          { path: join(folder, 'plugin.json'), content: `${JSON.stringify(copilotPluginManifest(), null, 2)}\n` },
          {
            path: join(folder, COPILOT_HOOKS_FILE),
            content: `${JSON.stringify(copilotHookConfig(request.signalRecorder, record), null, 2)}\n`,
          },
        ],
        sources: [{ name: 'hooks', kind: 'file', path: record }],
      };
    },
    parseSignal: (record) => (record.source === 'hooks' ? parseCopilotHookEvent(record.payload) : null),
    probeUsage: (context) => probeCopilotUsage(context, { baseUrl: options.usageBaseUrl }),
  };
}

export const copilotProvider: ProviderAdapterV1 = createCopilotProvider();
