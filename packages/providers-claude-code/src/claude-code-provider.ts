import { existsSync, readFileSync } from 'node:fs';
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
  type ResumeRequest,
  readVersion,
} from '@agentpool/core';
import { claudeConversationId, findClaudeConversation } from './claude-conversation.js';
import { claudeHookSettings, parseClaudeHookEvent } from './claude-hooks.js';
import { CLAUDE_EFFORTS, CLAUDE_MODELS } from './claude-models.js';
import { classifyClaudeScreen } from './claude-screen-rules.js';
import { CLAUDE_STATUSLINE_FILE } from './claude-statusline-usage.js';
import { claudeTokenLog } from './claude-token-log.js';
import { claudeConfigDir, probeClaudeUsage } from './claude-usage-probe.js';

/** The file in a worker's signal folder its hooks write to. */
const HOOKS_FILE = 'claude-hooks.jsonl';
/** The per-worker settings file (in the session folder), passed with `--settings`. */
const SETTINGS_FILE = 'claude-settings.json';

export interface ClaudeCodeProviderSettings {
  /** Binary names tried on PATH, in order (config `providers.claude-code.binary` wins over these). */
  readonly binaryCandidates?: readonly string[];
  /**
   * Base URL of the usage endpoint (`/api/oauth/usage`); else `AGENTPOOL_CLAUDE_USAGE_BASE_URL` from
   * config `providers.claude-code.env` or the environment, else `https://api.anthropic.com`.
   */
  readonly usageBaseUrl?: string;
}

const configDir = claudeConfigDir;

function authOf(context: ProviderContext): Installation['auth'] {
  const env = { ...context.env, ...context.settings.env, ...context.account?.env };
  if (env.ANTHROPIC_API_KEY || env.ANTHROPIC_AUTH_TOKEN) {
    return { status: 'authenticated', confidence: 'observed', reason: 'an Anthropic API key is set in the environment' };
  }
  const dir = configDir(context);
  if (existsSync(join(dir, '.credentials.json'))) {
    return { status: 'authenticated', confidence: 'local_cli', reason: `${join(dir, '.credentials.json')} present` };
  }
  try {
    const state = JSON.parse(readFileSync(join(context.env.HOME ?? homedir(), '.claude.json'), 'utf8')) as { oauthAccount?: unknown };
    if (state.oauthAccount) return { status: 'authenticated', confidence: 'local_cli', reason: '~/.claude.json holds a signed-in account' };
  } catch {
    // No state file: Claude Code has not been set up here.
  }
  return { status: 'unauthenticated', confidence: 'local_cli', reason: 'no API key in the environment and no stored credentials' };
}

/** The options every Claude Code worker runs with, first launch or resume. */
function workerOptions(
  request: Pick<LaunchRequest, 'isolation' | 'gitCommonDir' | 'worktreeGitDir' | 'model' | 'reasoningEffort'>,
): string[] {
  const argv: string[] = [];
  // Read-only is enforced by Claude itself: plan mode proposes and never edits.
  if (request.isolation === 'read_only') argv.push('--permission-mode', 'plan');
  if (request.model) argv.push('--model', request.model);
  if (request.reasoningEffort) argv.push('--effort', request.reasoningEffort);
  // A worktree's commits write the main repository's git folder: let Claude's tools reach it.
  // `--add-dir` takes several folders; the `=` form takes one, so a prompt after it stays the prompt.
  if (request.isolation === 'worktree') {
    for (const dir of [request.gitCommonDir, request.worktreeGitDir]) if (dir) argv.push(`--add-dir=${dir}`);
  }
  return argv;
}

function launchSpec(request: Pick<LaunchRequest, 'context' | 'cwd' | 'isolation'>, argv: string[], promptMode: PromptMode): LaunchSpec {
  return {
    argv,
    env: {
      // Never let a worker update the user's global install.
      DISABLE_AUTOUPDATER: '1',
      ...(request.context.account?.home ? { CLAUDE_CONFIG_DIR: request.context.account.home } : {}),
    },
    cwd: request.cwd,
    promptMode,
    submitKeys: ['Enter'],
    interruptKeys: ['Escape'],
    isolationEnforcement: request.isolation === 'read_only' ? 'provider_flag' : 'not_needed',
  };
}

/** Claude Code (`claude`), driven as an interactive TUI in tmux. */
export function createClaudeCodeProvider(options: ClaudeCodeProviderSettings = {}): ProviderAdapterV1 {
  const candidates = options.binaryCandidates ?? ['claude'];
  const binaryFor = (context: ProviderContext) => findProviderBinary(context, candidates);

  return {
    specificationVersion: 'v1',
    id: 'claude-code',
    displayName: 'Claude Code',
    capabilities: {
      promptModes: ['send_after_launch', 'arg'],
      // Pasted into its input box, the task never appears on a command line.
      defaultPromptMode: 'send_after_launch',
      modelSelection: true,
      readOnly: 'provider_flag',
      // `--model` takes any name and hands it to the API unchanged; the catalog only suggests.
      anyModel: true,
      // `--effort` (2.1.197); the request then carries `output_config.effort`.
      reasoningEfforts: CLAUDE_EFFORTS,
      // After a paste Claude redraws its footer ("paste again to expand") before it starts work.
      turnStartGraceMs: 5000,
    },
    async detect(context) {
      const binaryPath = binaryFor(context);
      if (!binaryPath) return null;
      const version = await readVersion(binaryPath, ['--version'], {
        signal: context.signal,
        env: { ...context.env, DISABLE_AUTOUPDATER: '1' },
      });
      return { binaryPath, version: version?.replace(/\s*\(Claude Code\)$/, '') ?? null, auth: authOf(context) };
    },
    launch(request: LaunchRequest): LaunchSpec {
      const promptMode: PromptMode = request.promptMode === 'provider_default' ? 'send_after_launch' : request.promptMode;
      const argv = [binaryFor(request.context) ?? 'claude', ...workerOptions(request)];
      if (promptMode === 'arg') argv.push(request.prompt);
      return launchSpec(request, argv, promptMode);
    },
    // Every hook record carries `session_id`: the id `--resume` takes.
    conversationId: (record) => (record.source === 'hooks' ? claudeConversationId(record.payload) : null),
    conversationFiles: ({ home, conversationId }) => findClaudeConversation(home, conversationId),
    resume(request: ResumeRequest): LaunchSpec {
      // `--resume <id>` keeps the session id (2.1.197; `--fork-session` would make a new one).
      const argv = [binaryFor(request.context) ?? 'claude', '--resume', request.conversationId, ...workerOptions(request)];
      return launchSpec(request, argv, 'send_after_launch');
    },
    classify: (screen) => classifyClaudeScreen(screen),
    models: async () => [...CLAUDE_MODELS],
    signals(request): NativeSignals {
      if (!request.signalRecorder) return { args: [], env: {}, files: [] };
      const file = join(request.signalRecorder.dir, HOOKS_FILE);
      const statusFile = join(request.signalRecorder.dir, CLAUDE_STATUSLINE_FILE);
      return {
        // A settings file for this worker only: the user's own settings are never touched.
        args: ['--settings', join(request.sessionDir, SETTINGS_FILE)],
        env: {},
        files: [
          { path: SETTINGS_FILE, content: `${JSON.stringify(claudeHookSettings(request.signalRecorder, file, statusFile), null, 2)}\n` },
        ],
        sources: [
          { name: 'hooks', kind: 'file', path: file },
          // The statusLine's input, with the account's rate limits: usage, not turn state (see parseSignal).
          { name: 'statusline', kind: 'file', path: statusFile },
        ],
      };
    },
    // Statusline records say nothing about the turn; core has no usage event yet, so they stay in the
    // session's signal folder for `parseClaudeStatusLine` (rate_limits) and count for no state.
    parseSignal: (record) => (record.source === 'hooks' ? parseClaudeHookEvent(record.payload) : null),
    probeUsage: (context) => probeClaudeUsage(context, { baseUrl: options.usageBaseUrl }),
    tokenLogs: (context) => [claudeTokenLog(claudeConfigDir(context))],
  };
}

export const claudeCodeProvider: ProviderAdapterV1 = createClaudeCodeProvider();
