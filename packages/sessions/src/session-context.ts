import type { AgentPoolConfig, HomePaths, ProviderAdapter, ProviderContext, ProviderRegistry, SignalSource } from '@agentpool/core';
import { providerContextFor, sessionDir } from '@agentpool/core';
import type { SessionRecord, Store } from '@agentpool/store';
import type { TmuxRuntime } from '@agentpool/tmux-runtime';
import { type SessionFiles, sessionFiles } from './session-files.js';

/** Everything the session operations need; assembled once by the sdk. */
export interface SessionContext {
  readonly store: Store;
  readonly runtime: TmuxRuntime;
  readonly providers: ProviderRegistry;
  readonly config: AgentPoolConfig;
  readonly paths: HomePaths;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Epoch ms; injectable for tests. */
  readonly now: () => number;
}

export function filesOf(context: SessionContext, sessionId: string): SessionFiles {
  return sessionFiles(sessionDir(context.paths, sessionId));
}

export function providerContext(context: Pick<SessionContext, 'config' | 'env' | 'paths'>, providerId: string): ProviderContext {
  return providerContextFor(context.config, context.env, context.paths.home, providerId);
}

/** The adapter of a stored session; a session whose provider is no longer registered is reported, not guessed. */
export function adapterOf(context: SessionContext, session: SessionRecord): ProviderAdapter {
  return context.providers.require(session.provider);
}

export function isoNow(context: SessionContext): string {
  return new Date(context.now()).toISOString();
}

/**
 * Facts fixed when a session is spawned, kept in its `metadata` (written once with the row, never
 * rewritten): how to drive the worker, how to read it, and what was launched.
 */
export interface LaunchFacts {
  readonly submitKeys: readonly string[];
  readonly interruptKeys: readonly string[];
  readonly isolationEnforcement: string;
  /** The argv launched, the prompt replaced by `<prompt>`. */
  readonly launchArgv: readonly string[];
  /** The pane's size: the output stream is rendered at it. */
  readonly paneSize: { readonly cols: number; readonly rows: number };
  /** Where the worker's native signals arrive. */
  readonly signalSources: readonly SignalSource[];
  /** How long a turn may show no sign of work before an input prompt reads as idle. */
  readonly turnStartGraceMs: number;
  /** Whether the prompt is a command-line argument of the worker (visible to `ps` while it runs). */
  readonly promptInArgv: boolean;
}

export function launchFacts(session: SessionRecord, fallbackSize: { cols: number; rows: number }): LaunchFacts {
  const metadata = session.metadata as Partial<LaunchFacts>;
  return {
    submitKeys: metadata.submitKeys ?? ['Enter'],
    interruptKeys: metadata.interruptKeys ?? ['C-c'],
    isolationEnforcement: metadata.isolationEnforcement ?? 'prompt_only',
    launchArgv: metadata.launchArgv ?? [],
    paneSize: metadata.paneSize ?? fallbackSize,
    signalSources: metadata.signalSources ?? [],
    turnStartGraceMs: metadata.turnStartGraceMs ?? 0,
    promptInArgv: metadata.promptInArgv ?? false,
  };
}

/** A session's launch facts, with the configured pane size for sessions created before it was recorded. */
export function factsOf(context: SessionContext, session: SessionRecord): LaunchFacts {
  return launchFacts(session, { cols: context.config.tmux.width, rows: context.config.tmux.height });
}
