import type { AgentPoolConfig, HomePaths, ProviderAdapter, ProviderContext, ProviderRegistry } from '@agentpool/core';
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

export function providerContext(context: SessionContext, providerId: string): ProviderContext {
  return providerContextFor(context.config, context.env, context.paths.home, providerId);
}

/** The adapter of a stored session; a session whose provider is no longer registered is reported, not guessed. */
export function adapterOf(context: SessionContext, session: SessionRecord): ProviderAdapter {
  return context.providers.require(session.provider);
}

export function isoNow(context: SessionContext): string {
  return new Date(context.now()).toISOString();
}

/** Session metadata fields agentpool relies on. */
export interface SessionRuntimeMetadata {
  readonly submitKeys: readonly string[];
  readonly interruptKeys: readonly string[];
  /** Texts sent to the worker (redacted), for echo removal. */
  readonly sentTexts: readonly string[];
  readonly baseline: { readonly state: string; readonly evidence: readonly string[]; readonly at: number } | null;
  readonly isolationEnforcement: string;
  readonly launchArgv: readonly string[];
  readonly screenHash?: string;
  readonly promptDelivered: boolean;
  /** The pane's process (the pane entry), for a free liveness check. */
  readonly panePid: number | null;
}

export function runtimeMetadata(session: SessionRecord): SessionRuntimeMetadata {
  const metadata = session.metadata as Partial<SessionRuntimeMetadata>;
  return {
    submitKeys: metadata.submitKeys ?? ['Enter'],
    interruptKeys: metadata.interruptKeys ?? ['C-c'],
    sentTexts: metadata.sentTexts ?? [],
    baseline: metadata.baseline ?? null,
    isolationEnforcement: metadata.isolationEnforcement ?? 'prompt_only',
    launchArgv: metadata.launchArgv ?? [],
    ...(metadata.screenHash ? { screenHash: metadata.screenHash } : {}),
    promptDelivered: metadata.promptDelivered ?? true,
    panePid: metadata.panePid ?? null,
  };
}
