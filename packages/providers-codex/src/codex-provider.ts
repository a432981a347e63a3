import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  findProviderBinary,
  type Installation,
  type LaunchRequest,
  type LaunchSpec,
  type NativeSignals,
  type PromptMode,
  type ProviderAdapterV1,
  type ProviderContext,
  providerEnv,
  type ResumeRequest,
  readVersion,
} from '@agentpool/core';
import { codexAccountHome } from './codex-account-home.js';
import { codexConversationId, findCodexRollouts } from './codex-conversation.js';
import { CODEX_EFFORTS, CODEX_MODELS, CODEX_SERVICE_TIERS } from './codex-models.js';
import { classifyCodexScreen } from './codex-screen-rules.js';
import { CODEX_STATE_OSC, parseCodexNotify, parseCodexStateSequence } from './codex-signals.js';
import { codexTokenLog } from './usage/codex-token-log.js';
import { type CodexUsageOptions, probeCodexUsage } from './usage/codex-usage-probe.js';

/** The file in a worker's signal folder its `notify` program writes to. */
const NOTIFY_FILE = 'codex-notify.jsonl';

export interface CodexProviderSettings {
  /** Binary names tried on PATH, in order (config `providers.codex-cli.binary` wins over these). */
  readonly binaryCandidates?: readonly string[];
  /** How `probeUsage` reads limits (the ChatGPT base URL, which sources, time bounds). */
  readonly usage?: CodexUsageOptions;
}

/** The home Codex uses: the account's home, `CODEX_HOME`, else `~/.codex`. */
function codexHome(context: ProviderContext): string {
  return context.account?.home ?? context.env.CODEX_HOME ?? join(context.env.HOME ?? homedir(), '.codex');
}

function authOf(context: ProviderContext): Installation['auth'] {
  const env = { ...context.env, ...context.settings.env, ...context.account?.env };
  const auth = join(codexHome(context), 'auth.json');
  if (existsSync(auth)) return { status: 'authenticated', confidence: 'local_cli', reason: `${auth} present` };
  if (env.OPENAI_API_KEY) return { status: 'authenticated', confidence: 'observed', reason: 'OPENAI_API_KEY is set in the environment' };
  return { status: 'unknown', confidence: 'unknown', reason: `no ${auth}; a model provider in config.toml may need no login` };
}

/** A TOML value for a `-c key=value` override: JSON strings and arrays of them are valid TOML. */
const toml = (value: unknown) => JSON.stringify(value);

/** The options every Codex worker runs with, first launch or resume. */
function workerOptions(
  request: Pick<LaunchRequest, 'isolation' | 'gitCommonDir' | 'worktreeGitDir' | 'model' | 'reasoningEffort' | 'serviceTier'>,
): string[] {
  // Inline mode keeps the conversation in the terminal's scrollback; no shared daemon outlives the worker.
  const argv = ['--no-alt-screen', '--no-daemon'];
  // Read-only is enforced by Codex's own sandbox; it asks before anything beyond it (0.149 removed `untrusted`).
  if (request.isolation === 'read_only') argv.push('--sandbox', 'read-only', '--ask-for-approval', 'on-request');
  else argv.push('--sandbox', 'workspace-write', '--ask-for-approval', 'on-request');
  // A worktree's commits write the main repository's git folder, outside the workspace-write
  // sandbox's root, and the worktree's own git folder, which the sandbox keeps read-only unless
  // it is named (checked on 0.169: `fatal: Unable to create '…/.git/worktrees/<name>/index.lock': Read-only file system`).
  if (request.isolation === 'worktree') {
    for (const dir of [request.gitCommonDir, request.worktreeGitDir]) if (dir) argv.push('--add-dir', dir);
  }
  if (request.model) argv.push('--model', request.model);
  if (request.reasoningEffort) argv.push('-c', `model_reasoning_effort=${toml(request.reasoningEffort)}`);
  if (request.serviceTier) argv.push('-c', `service_tier=${toml(request.serviceTier)}`);
  return argv;
}

function launchSpec(request: Pick<LaunchRequest, 'context' | 'cwd' | 'isolation'>, argv: string[], promptMode: PromptMode): LaunchSpec {
  return {
    argv,
    env: request.context.account?.home ? { CODEX_HOME: request.context.account.home } : {},
    cwd: request.cwd,
    promptMode,
    submitKeys: ['Enter'],
    interruptKeys: ['Escape'],
    isolationEnforcement: request.isolation === 'read_only' ? 'provider_flag' : 'not_needed',
  };
}

/** OpenAI Codex CLI (`codex`), driven as an interactive TUI in tmux. */
export function createCodexProvider(options: CodexProviderSettings = {}): ProviderAdapterV1 {
  const candidates = options.binaryCandidates ?? ['codex'];
  const binaryFor = (context: ProviderContext) => findProviderBinary(context, candidates);

  return {
    specificationVersion: 'v1',
    id: 'codex-cli',
    displayName: 'OpenAI Codex CLI',
    capabilities: {
      promptModes: ['send_after_launch', 'arg'],
      // Pasted into its input line, the task never appears on a command line.
      defaultPromptMode: 'send_after_launch',
      modelSelection: true,
      readOnly: 'provider_flag',
      // `--model` takes any name and hands it to the model provider unchanged; the catalog only suggests.
      anyModel: true,
      reasoningEfforts: CODEX_EFFORTS,
      serviceTiers: CODEX_SERVICE_TIERS,
      // Codex may show its input line for seconds before it reads what was typed into it.
      turnStartGraceMs: 10_000,
      commandLineExposure:
        "Codex hands each finished turn's last reply to its notify program as a command-line argument, for the moment that program runs.",
    },
    async detect(context) {
      const binaryPath = binaryFor(context);
      if (!binaryPath) return null;
      const version = await readVersion(binaryPath, ['--version'], { signal: context.signal, env: context.env });
      return { binaryPath, version: version?.replace(/^codex-cli\s+/, '') ?? null, auth: authOf(context) };
    },
    launch(request: LaunchRequest): LaunchSpec {
      const promptMode: PromptMode = request.promptMode === 'provider_default' ? 'send_after_launch' : request.promptMode;
      const argv = [binaryFor(request.context) ?? 'codex', ...workerOptions(request)];
      if (promptMode === 'arg') argv.push(request.prompt);
      return launchSpec(request, argv, promptMode);
    },
    conversationId: (record) => (record.source === 'notify' ? codexConversationId(record.payload) : null),
    conversationFiles: ({ home, conversationId }) => findCodexRollouts(home, conversationId),
    resume(request: ResumeRequest): LaunchSpec {
      // `codex resume [OPTIONS] <SESSION_ID>` (0.169) takes the same worker options as a first launch.
      const argv = [binaryFor(request.context) ?? 'codex', 'resume', ...workerOptions(request), request.conversationId];
      return launchSpec(request, argv, 'send_after_launch');
    },
    classify: (screen) => classifyCodexScreen(screen),
    models: async () => [...CODEX_MODELS],
    signals(request): NativeSignals {
      const osc = { name: 'state', kind: 'osc' as const, code: CODEX_STATE_OSC };
      if (!request.signalRecorder) return { args: [], env: {}, files: [], sources: [osc] };
      const file = join(request.signalRecorder.dir, NOTIFY_FILE);
      return {
        // A config override for this worker only: the user's config.toml is never touched.
        args: ['-c', `notify=${toml([...request.signalRecorder.argv, file])}`],
        env: {},
        files: [],
        sources: [{ name: 'notify', kind: 'file', path: file }, osc],
      };
    },
    parseSignal(record) {
      if (record.source === 'notify') return parseCodexNotify(record.payload);
      if (record.source === 'state') return parseCodexStateSequence(record.payload);
      return null;
    },
    tokenLogs: (context) => [codexTokenLog(codexHome(context))],
    accountHome: codexAccountHome,
    async probeUsage(context) {
      const target = {
        codexHome: codexHome(context),
        binary: binaryFor(context),
        env: providerEnv(context),
        accountId: context.account?.id ?? null,
        signal: context.signal,
        stateSeedDir: context.account?.disposable ? join(context.home, 'cache', 'codex-state') : undefined,
      };
      return (await probeCodexUsage(target, options.usage)).report;
    },
  };
}

export const codexProvider: ProviderAdapterV1 = createCodexProvider();
