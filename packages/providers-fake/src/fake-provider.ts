import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Installation,
  type LaunchRequest,
  type LaunchSpec,
  type NativeSignals,
  type PromptMode,
  type ProviderAdapterV1,
  parseJsonObject,
  type ResumeRequest,
  type SignalRecord,
} from '@agentpool/core';
import { claudeHookSettings, parseClaudeHookEvent } from '@agentpool/providers-claude-code';
import { FAKE_BEHAVIORS, type FakeBehavior } from './fake-behaviors.js';
import { FAKE_CONVERSATION_VARIABLE, FAKE_HOME_VARIABLE, fakeConversationPath } from './fake-conversation.js';
import { classifyFakeScreen } from './fake-screen-rules.js';
import { probeFakeUsage } from './fake-usage.js';

/** The fake agent program, built beside this module. */
export const FAKE_AGENT_PATH = fileURLToPath(new URL('./fake-agent.js', import.meta.url));

let cachedVersion: string | undefined;

function packageVersion(): string {
  if (cachedVersion === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    cachedVersion = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return cachedVersion;
}

export interface FakeProviderOptions {
  /** Report turns through hooks exactly as Claude Code does (a settings file, JSON on each hook's stdin); id gets `-hooks`. */
  readonly hooks?: boolean;
  /** Wait this long after input before starting work, like a CLI that reads its input late; id gets `-slowstart`. */
  readonly reactMs?: number;
  /** The adapter's start grace (ms). */
  readonly startGraceMs?: number;
}

const SETTINGS_FILE = 'fake-settings.json';
const HOOKS_FILE = 'fake-hooks.jsonl';

/** A test-only provider that runs the fake agent with one behaviour (`fake-question`, `fake-crash`, …). */
export function createFakeProvider(behavior: FakeBehavior, options: FakeProviderOptions = {}): ProviderAdapterV1 {
  const suffix = `${options.hooks ? '-hooks' : ''}${options.reactMs ? '-slowstart' : ''}`;
  const id = `fake-${behavior}${suffix}`;
  return {
    specificationVersion: 'v1',
    id,
    displayName: `Fake (${behavior}${suffix ? `, ${suffix.slice(1).replace('-', ', ')}` : ''})`,
    testOnly: true,
    capabilities: {
      promptModes: ['arg', 'send_after_launch', 'stdin'],
      defaultPromptMode: 'arg',
      modelSelection: false,
      readOnly: 'prompt_only',
      turnStartGraceMs: options.startGraceMs ?? 0,
    },
    async detect(): Promise<Installation> {
      return {
        binaryPath: process.execPath,
        version: packageVersion(),
        auth: { status: 'not_required', confidence: 'official', reason: 'fake provider' },
      };
    },
    launch(request: LaunchRequest): LaunchSpec {
      const promptMode: PromptMode = request.promptMode === 'provider_default' ? 'arg' : request.promptMode;
      const argv = [process.execPath, FAKE_AGENT_PATH, '--behavior', behavior];
      if (options.hooks) argv.push('--settings', join(request.sessionDir, SETTINGS_FILE));
      if (promptMode === 'arg') argv.push('--', request.prompt);
      return launchSpec(request, argv, promptMode, request.sessionId);
    },
    classify: classifyFakeScreen,
    // Laid out as a Codex home, so pool-account spawns run against the fake in real tmux.
    accountHome: {
      homeVariable: 'FAKE_AGENT_HOME',
      authFile: 'auth.json',
      skip: ['sessions', 'conversations', 'log', 'history.jsonl', '*.sqlite'],
    },
    probeUsage(context) {
      return probeFakeUsage(id, context);
    },
    ...(options.hooks
      ? {
          signals(request: LaunchRequest): NativeSignals {
            if (!request.signalRecorder) return { args: [], env: {}, files: [] };
            const file = join(request.signalRecorder.dir, HOOKS_FILE);
            return {
              args: [],
              env: {},
              files: [{ path: SETTINGS_FILE, content: JSON.stringify(claudeHookSettings(request.signalRecorder, file)) }],
              sources: [{ name: 'hooks', kind: 'file', path: file }],
            };
          },
          parseSignal: (record: { source: string; payload: string }) =>
            record.source === 'hooks' ? parseClaudeHookEvent(record.payload) : null,
          // Every hook record carries the conversation's id, as Claude Code's do.
          conversationId(record: SignalRecord): string | null {
            if (record.source !== 'hooks') return null;
            const id = parseJsonObject(record.payload)?.session_id;
            return typeof id === 'string' && id !== '' ? id : null;
          },
          conversationFiles({ home, conversationId }: { home: string; conversationId: string }): string[] {
            const path = fakeConversationPath(home, conversationId);
            return existsSync(path) ? [path] : [];
          },
          resume(request: ResumeRequest): LaunchSpec {
            const argv = [
              process.execPath,
              FAKE_AGENT_PATH,
              '--behavior',
              behavior,
              '--settings',
              join(request.sessionDir, SETTINGS_FILE),
              '--resume',
              request.conversationId,
            ];
            return launchSpec(request, argv, 'send_after_launch', request.conversationId);
          },
        }
      : {}),
  };

  function launchSpec(
    request: Pick<LaunchRequest, 'context' | 'cwd' | 'isolation'>,
    argv: string[],
    promptMode: PromptMode,
    conversationId: string,
  ): LaunchSpec {
    const home = request.context.account?.home;
    return {
      argv,
      env: {
        [FAKE_CONVERSATION_VARIABLE]: conversationId,
        ...(home ? { [FAKE_HOME_VARIABLE]: home } : {}),
        ...(options.reactMs ? { FAKE_AGENT_REACT_MS: String(options.reactMs) } : {}),
        ...request.context.settings.env,
      },
      cwd: request.cwd,
      promptMode,
      submitKeys: ['Enter'],
      interruptKeys: ['Escape'],
      isolationEnforcement: request.isolation === 'read_only' ? 'prompt_only' : 'not_needed',
    };
  }
}

/** Fakes that report their turns through Claude Code-style hooks. */
const HOOK_BEHAVIORS: readonly FakeBehavior[] = ['completed', 'approval', 'question', 'idle', 'limit', 'slow'];

/** Every fake provider: one per behaviour, the hook-reporting ones, and one that reads its input late. */
export const fakeProviders: readonly ProviderAdapterV1[] = [
  ...FAKE_BEHAVIORS.map((behavior) => createFakeProvider(behavior)),
  ...HOOK_BEHAVIORS.map((behavior) => createFakeProvider(behavior, { hooks: true })),
  createFakeProvider('completed', { reactMs: 2500, startGraceMs: 6000 }),
];
