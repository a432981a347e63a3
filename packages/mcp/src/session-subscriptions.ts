import { assertSessionIdFormat } from '@agentpool/core';
import type { AgentPool } from '@agentpool/sdk';

/** `agentpool://sessions/<id>` and its `/transcript` and `/events`: the resources a client can subscribe to. */
const SESSION_URI = /^agentpool:\/\/sessions\/([^/]+)(?:\/(?:transcript|events))?$/;

/** The session a subscribable resource URI names, or null for any other URI. */
export function sessionOfUri(uri: string): string | null {
  return SESSION_URI.exec(uri)?.[1] ?? null;
}

interface Watched {
  readonly uris: Set<string>;
  readonly controller: AbortController;
}

export interface SessionSubscriptions {
  /** Starts watching the session the URI names (SESSION_NOT_FOUND when there is none). */
  subscribe(uri: string): Promise<void>;
  unsubscribe(uri: string): void;
  /** Tells the session's subscribers now (a tool call changed it: a new turn, an interrupt, its end). */
  changed(sessionId: string): void;
  /** Stops every watch (the client went away). */
  close(): void;
  /** How many sessions are watched now. */
  readonly size: number;
}

/**
 * Resource subscriptions for sessions: one watch per subscribed session (the wake-up a waiting
 * observe uses), each state change sent as `notifications/resources/updated` to every URI of that
 * session the client subscribed to. The watch ends with the session or the last unsubscribe.
 */
export function createSessionSubscriptions(pool: AgentPool, notify: (uri: string) => void): SessionSubscriptions {
  const watched = new Map<string, Watched>();
  const notifyAll = (sessionId: string) => {
    for (const uri of watched.get(sessionId)?.uris ?? []) notify(uri);
  };
  return {
    async subscribe(uri) {
      const sessionId = sessionOfUri(uri);
      if (sessionId === null) return; // Other resources do not change while a client reads them.
      assertSessionIdFormat(sessionId);
      const manager = await pool.sessions();
      const existing = watched.get(sessionId);
      if (existing) {
        existing.uris.add(uri);
        return;
      }
      await manager.show(sessionId); // SESSION_NOT_FOUND before anything is watched
      const entry: Watched = { uris: new Set([uri]), controller: new AbortController() };
      watched.set(sessionId, entry);
      manager
        .watch(sessionId, () => notifyAll(sessionId), entry.controller.signal)
        .catch(() => {
          // The session's records went away (its home was removed): nothing more will change.
        });
    },
    unsubscribe(uri) {
      const sessionId = sessionOfUri(uri);
      const entry = sessionId === null ? undefined : watched.get(sessionId);
      if (!entry || sessionId === null) return;
      entry.uris.delete(uri);
      if (entry.uris.size === 0) {
        entry.controller.abort();
        watched.delete(sessionId);
      }
    },
    changed: notifyAll,
    close() {
      for (const entry of watched.values()) entry.controller.abort();
      watched.clear();
    },
    get size() {
      return watched.size;
    },
  };
}
