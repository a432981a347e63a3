import type { SessionRecord } from '@agentpool/store';

/**
 * Whether turn `number` is the first of a session resumed from another (`spawn` with `resume`): the
 * one a resumed CLI starts by drawing the conversation it continues.
 */
export function continuesResumedConversation(session: SessionRecord, number: number | undefined): boolean {
  return typeof session.metadata.resumedFrom === 'string' && number === 1;
}
