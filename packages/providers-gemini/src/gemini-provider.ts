import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
import { dotenvSets, geminiHome } from './gemini-home.js';
import { geminiHooks, parseGeminiHookEvent } from './gemini-hooks.js';
import { classifyGeminiScreen } from './gemini-screen-rules.js';
import { probeGeminiUsage } from './gemini-usage.js';
import { nodeOptionsWith, workerHomeScript } from './gemini-worker-home.js';

/** The file in a worker's signal folder its hooks write to. */
const HOOKS_FILE = 'gemini-hooks.jsonl';
/** The script (in the session folder) that lays out the worker's own Gemini home before the CLI starts. */
const HOME_SCRIPT = 'gemini-worker-home.cjs';
/** The worker's own Gemini home (the folder holding its `.gemini/`), in the session folder. */
const WORKER_HOME = 'gemini-home';

/**
 * Models Gemini CLI 0.61.0 knows by name (`packages/core/src/config/models.ts`). `auto` lets the
 * CLI route each request between a Pro and a Flash model; `pro`, `flash` and `flash-lite` are its
 * aliases for the current ones. The CLI passes any other name to the API as it is.
 */
export const GEMINI_MODELS: readonly ModelInfo[] = [
  { id: 'auto', displayName: 'Auto (Gemini CLI routes between Pro and Flash)', isDefault: true },
  { id: 'pro', displayName: 'Pro (alias)' },
  { id: 'flash', displayName: 'Flash (alias)' },
  { id: 'flash-lite', displayName: 'Flash-Lite (alias)' },
  { id: 'gemini-3.1-pro-preview', displayName: 'Gemini 3.1 Pro (preview)' },
  { id: 'gemini-3-pro-preview', displayName: 'Gemini 3 Pro (preview)' },
  { id: 'gemini-3-flash-preview', displayName: 'Gemini 3 Flash (preview)' },
  { id: 'gemini-3.5-flash', displayName: 'Gemini 3.5 Flash' },
  { id: 'gemini-3.1-flash-lite', displayName: 'Gemini 3.1 Flash-Lite' },
  { id: 'gemini-2.5-pro', displayName: 'Gemini 2.5 Pro' },
  { id: 'gemini-2.5-flash', displayName: 'Gemini 2.5 Flash' },
];

export interface GeminiProviderSettings {
  /** Binary names tried on PATH, in order (config `providers.gemini-cli.binary` wins over these). */
  readonly binaryCandidates?: readonly string[];
  /**
   * Base URL of the Code Assist API the usage probe reads `v1internal:retrieveUserQuota` from
   * (default `https://cloudcode-pa.googleapis.com`; else `AGENTPOOL_GEMINI_USAGE_URL`, else Gemini
   * CLI's own `CODE_ASSIST_ENDPOINT`, in the provider's environment).
   */
  readonly usageBaseUrl?: string;
}

function authOf(context: ProviderContext): Installation['auth'] {
  const env = providerEnv(context);
  const dir = join(geminiHome(context), '.gemini');
  if (env.GOOGLE_GENAI_USE_VERTEXAI === 'true' && (env.GOOGLE_API_KEY || env.GOOGLE_APPLICATION_CREDENTIALS || env.GOOGLE_CLOUD_PROJECT)) {
    return { status: 'authenticated', confidence: 'observed', reason: 'Vertex AI is selected in the environment' };
  }
  if (env.GEMINI_API_KEY) return { status: 'authenticated', confidence: 'observed', reason: 'GEMINI_API_KEY is set in the environment' };
  if (env.GOOGLE_GEMINI_BASE_URL) {
    return { status: 'authenticated', confidence: 'observed', reason: 'GOOGLE_GEMINI_BASE_URL names a Gemini API gateway' };
  }
  if (dotenvSets(join(dir, '.env'), 'GEMINI_API_KEY')) {
    return { status: 'authenticated', confidence: 'local_cli', reason: `${join(dir, '.env')} sets GEMINI_API_KEY` };
  }
  if (existsSync(join(dir, 'oauth_creds.json'))) {
    return {
      status: 'authenticated',
      confidence: 'local_cli',
      reason: `${join(dir, 'oauth_creds.json')} present (Google sign-in: since 2026-06-18 only for Workspace and Code Assist accounts)`,
    };
  }
  return {
    status: 'unauthenticated',
    confidence: 'local_cli',
    reason: `no GEMINI_API_KEY in the environment or ${join(dir, '.env')}, no Vertex AI settings, no signed-in Google account`,
  };
}

/**
 * The version from the package the binary belongs to (`@google/gemini-cli`'s package.json): the
 * CLI itself takes seconds to start, more than an inventory gives a detect.
 */
function packageVersion(binaryPath: string): string | null {
  try {
    let dir = dirname(realpathSync(binaryPath));
    for (let depth = 0; depth < 4; depth++) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
        if (manifest.name === '@google/gemini-cli' && typeof manifest.version === 'string') return manifest.version;
      }
      dir = dirname(dir);
    }
  } catch {
    // Not an npm install: ask the CLI.
  }
  return null;
}

/** Google's Gemini CLI (`gemini`), driven as an interactive TUI in tmux. */
export function createGeminiProvider(options: GeminiProviderSettings = {}): ProviderAdapterV1 {
  const candidates = options.binaryCandidates ?? ['gemini'];
  const binaryFor = (context: ProviderContext) => findProviderBinary(context, candidates);

  return {
    specificationVersion: 'v1',
    id: 'gemini-cli',
    displayName: 'Gemini CLI',
    capabilities: {
      // Pasted only. `--prompt-interactive <task>` works, but Gemini submits it seconds after its input
      // is drawn (once it has loaded, and after the BeforeAgent hook), and nothing on screen tells that
      // wait from an idle worker: agentpool would read the turn as over before it began.
      promptModes: ['send_after_launch'],
      // Pasted into its input box, the task never appears on a command line.
      defaultPromptMode: 'send_after_launch',
      modelSelection: true,
      // `--approval-mode plan`: Gemini's own read-only mode (it plans and runs no tool that writes).
      readOnly: 'provider_flag',
      anyModel: true,
      // After Enter, Gemini runs the BeforeAgent hook (a process of its own, seconds on a busy machine)
      // before it draws the submitted prompt or any sign of work: until then the screen looks idle.
      turnStartGraceMs: 10_000,
    },
    async detect(context) {
      const binaryPath = binaryFor(context);
      if (!binaryPath) return null;
      const version =
        packageVersion(binaryPath) ??
        // Without relaunching itself as a child with more memory: one process, ended by the time-out.
        (await readVersion(binaryPath, ['--version'], { signal: context.signal, env: { ...context.env, GEMINI_CLI_NO_RELAUNCH: 'true' } }));
      return { binaryPath, version, auth: authOf(context) };
    },
    launch(request: LaunchRequest): LaunchSpec {
      // The only mode it declares: agentpool refuses the others before launch.
      const promptMode: PromptMode = 'send_after_launch';
      const argv = [binaryFor(request.context) ?? 'gemini'];
      // Read-only is enforced by Gemini itself; otherwise it asks before every tool that changes anything.
      argv.push('--approval-mode', request.isolation === 'read_only' ? 'plan' : 'default');
      if (request.model) argv.push('--model', request.model);
      return {
        argv,
        env: request.context.account?.home ? { GEMINI_CLI_HOME: request.context.account.home } : {},
        cwd: request.cwd,
        promptMode,
        submitKeys: ['Enter'],
        interruptKeys: ['Escape'],
        isolationEnforcement: request.isolation === 'read_only' ? 'provider_flag' : 'not_needed',
      };
    },
    classify: (screen) => classifyGeminiScreen(screen),
    models: async () => [...GEMINI_MODELS],
    signals(request): NativeSignals {
      if (!request.signalRecorder) return { args: [], env: {}, files: [] };
      const file = join(request.signalRecorder.dir, HOOKS_FILE);
      const script = join(request.sessionDir, HOME_SCRIPT);
      const env = request.context.env;
      const plan = {
        sourceHome: geminiHome(request.context),
        workerHome: join(request.sessionDir, WORKER_HOME),
        hooks: geminiHooks(request.signalRecorder, file),
        nodeOptions: env.NODE_OPTIONS ?? '',
      };
      return {
        args: [],
        env: {
          GEMINI_CLI_HOME: plan.workerHome,
          NODE_OPTIONS: nodeOptionsWith(script, env.NODE_OPTIONS),
        },
        files: [{ path: HOME_SCRIPT, content: workerHomeScript(plan) }],
        sources: [{ name: 'hooks', kind: 'file', path: file }],
      };
    },
    parseSignal: (record) => (record.source === 'hooks' ? parseGeminiHookEvent(record.payload) : null),
    probeUsage: (context) => probeGeminiUsage(context, { baseUrl: options.usageBaseUrl }),
  };
}

export const geminiProvider: ProviderAdapterV1 = createGeminiProvider();
