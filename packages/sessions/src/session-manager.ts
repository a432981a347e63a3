import type { SessionQuery, SessionRecord } from '@agentpool/store';
import { type CollectRequest, type CollectResult, collectSession } from './collect-session.js';
import { type AcquireLeaseRequest, acquireLease } from './leases.js';
import { type ObserveRequest, type ObserveResult, observeSession } from './observe-session.js';
import { reconcileSessions } from './reconcile-sessions.js';
import {
  type InterruptResult,
  interruptSession,
  type KeysRequest,
  type SendRequest,
  sendKeysToSession,
  sendToSession,
} from './send-session.js';
import type { SessionContext } from './session-context.js';
import { type EvaluatedSession, evaluateSession } from './session-evaluator.js';
import { type SpawnRequest, type SpawnResult, spawnSession } from './spawn-session.js';
import { type TerminateResult, terminateSession } from './terminate-session.js';
import { readTranscript, type TranscriptPage, type TranscriptRequest } from './transcript.js';
import { watchSession } from './watch-session.js';
import { type CleanupReport, type CleanupRequest, cleanupWorktrees, describeWorktree, type WorktreeView } from './worktrees.js';

/** Worker sessions of one agentpool home: every operation the CLI, MCP and sdk expose. */
export function createSessionManager(context: SessionContext) {
  const liveIds = async () => new Set((await context.store.sessions.listLive()).map((session) => session.id));
  return {
    context,
    spawn: (request: SpawnRequest): Promise<SpawnResult> => spawnSession(context, request),
    observe: (request: ObserveRequest): Promise<ObserveResult> => observeSession(context, request),
    /** Calls `onChange` at each state change of a session until it ends or `signal` aborts (see watchSession). */
    watch: (sessionId: string, onChange: (evaluated: EvaluatedSession) => void, signal: AbortSignal): Promise<EvaluatedSession> =>
      watchSession(context, sessionId, onChange, signal),
    /** Reads one session's live state (one tmux call) and records any change. */
    show: (sessionId: string): Promise<EvaluatedSession> => evaluateSession(context, sessionId),
    /** The session's turns, oldest first: what was sent, where in the output each began. */
    turns: async (sessionId: string) => {
      await context.store.sessions.require(sessionId);
      return context.store.sessions.turns(sessionId);
    },
    send: (request: SendRequest): Promise<SessionRecord> => sendToSession(context, request),
    keys: (request: KeysRequest): Promise<SessionRecord> => sendKeysToSession(context, request),
    interrupt: (sessionId: string, dryRun = false): Promise<InterruptResult> => interruptSession(context, sessionId, dryRun),
    terminate: (sessionId: string, dryRun = false): Promise<TerminateResult> => terminateSession(context, sessionId, dryRun),
    collect: (request: CollectRequest | string): Promise<CollectResult> =>
      collectSession(context, typeof request === 'string' ? { sessionId: request } : request),
    transcript: (request: TranscriptRequest): Promise<TranscriptPage> => readTranscript(context, request),
    artifacts: async (sessionId: string) => {
      await context.store.sessions.require(sessionId);
      return context.store.artifacts.list(sessionId);
    },
    events: async (sessionId: string) => {
      await context.store.sessions.require(sessionId);
      return context.store.events.list(sessionId);
    },
    /** Lists sessions after marking those whose panes died (one tmux call). */
    list: async (query: SessionQuery = {}): Promise<SessionRecord[]> => {
      await reconcileSessions(context);
      return context.store.sessions.list(query);
    },
    reconcile: (): Promise<SessionRecord[]> => reconcileSessions(context),
    attachCommand: async (sessionId: string) =>
      context.runtime.attachCommand((await context.store.sessions.require(sessionId)).tmuxSession),
    worktrees: {
      list: async (options: { repoPath?: string; includeRemoved?: boolean } = {}): Promise<WorktreeView[]> => {
        await reconcileSessions(context);
        const live = await liveIds();
        const records = await context.store.worktrees.list(options);
        return Promise.all(records.map((record) => describeWorktree(record, (id) => live.has(id))));
      },
      cleanup: async (request: CleanupRequest): Promise<CleanupReport> => {
        await reconcileSessions(context);
        const live = await liveIds();
        return cleanupWorktrees(context, request, (id) => live.has(id));
      },
    },
    leases: {
      acquire: (request: AcquireLeaseRequest) => acquireLease(context, request),
      list: (options: { includeInactive?: boolean; holder?: string } = {}) =>
        context.store.leases.list({ ...options, now: new Date(context.now()) }),
      release: (leaseId: string) => context.store.leases.release(leaseId, new Date(context.now())),
    },
  };
}

export type SessionManager = ReturnType<typeof createSessionManager>;
