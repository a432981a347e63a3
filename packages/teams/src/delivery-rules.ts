import type { MessageRow } from '@agentpool/store';
import { DELIVERY_HEADER } from './member-prompt.js';

/** The session states between two turns: the worker waits for input and nothing it does is interrupted by typing. */
export const BETWEEN_TURNS_STATES = ['idle', 'completed'] as const;

export const isBetweenTurns = (state: string): boolean => (BETWEEN_TURNS_STATES as readonly string[]).includes(state);

/**
 * The messages to type into a member's pane: those it receives (its direct messages and every
 * broadcast, `inbox` order) that it did not send, has not read (past its read cursor) and that were
 * never delivered to it (no delivery row, whatever its outcome: each message is delivered at most once).
 */
export function pendingMessages(input: {
  readonly member: string;
  readonly received: readonly MessageRow[];
  readonly readCursor: number;
  readonly delivered: ReadonlySet<number>;
}): MessageRow[] {
  return input.received.filter(
    (message) => message.seq > input.readCursor && message.from !== input.member && !input.delivered.has(message.seq),
  );
}

/** What a live member is due at one look at its session. */
export type MemberAction =
  | { readonly kind: 'none'; readonly reason: string }
  /** Mid-turn (or waiting on a question, an approval, a limit): messages wait. */
  | { readonly kind: 'wait'; readonly reason: string }
  | { readonly kind: 'deliver'; readonly messages: readonly MessageRow[] }
  /** The member ended turn `turn` with nothing to deliver: run teammate_idle and tell the lead. */
  | { readonly kind: 'idle'; readonly turn: number };

export interface MemberMoment {
  /** The session's state now, and whether it has ended. */
  readonly state: string;
  readonly ended: boolean;
  readonly turnCount: number;
  /** Turn counts already used for a delivery and for idle handling (null: never). */
  readonly deliveryTurn: number | null;
  readonly idleTurn: number | null;
  readonly pending: readonly MessageRow[];
}

/**
 * The delivery rule: type messages only between turns (idle or completed), never mid-turn; use each
 * between-turns moment (a turn count) for one delivery at most; a member between turns with nothing
 * to deliver is idle once per turn.
 */
export function nextAction(moment: MemberMoment): MemberAction {
  if (moment.ended) return { kind: 'none', reason: `its session has ended (${moment.state})` };
  if (!isBetweenTurns(moment.state)) return { kind: 'wait', reason: `mid-turn (${moment.state})` };
  const fresh = (taken: number | null) => taken === null || moment.turnCount > taken;
  if (moment.pending.length > 0) {
    return fresh(moment.deliveryTurn)
      ? { kind: 'deliver', messages: moment.pending }
      : { kind: 'wait', reason: 'the last delivery has not started its turn yet' };
  }
  if (fresh(moment.idleTurn)) return { kind: 'idle', turn: moment.turnCount };
  return { kind: 'none', reason: 'idle; already handled' };
}

// C0 controls other than tab, newline and carriage return, DEL and C1: a pane must receive them as text, never as keys.
// biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** The text typed into the pane for `messages`: one block each, headed with team, id, sender and kind. */
export function deliveryText(teamName: string, messages: readonly MessageRow[]): string {
  return messages
    .map((message) => {
      const kind = message.type === 'broadcast' ? 'broadcast' : 'direct';
      return `${DELIVERY_HEADER} ${teamName}] message msg-${message.seq} from ${message.from} (${kind}):\n${message.body.replace(CONTROL, '?')}`;
    })
    .join('\n\n');
}

/** The message a lead receives when a member ends a turn and waits. */
export function idleNotice(member: string, turn: number, state: string): string {
  return `${member} is idle: it ended turn ${turn} (${state}) and waits for its next instruction.`;
}
