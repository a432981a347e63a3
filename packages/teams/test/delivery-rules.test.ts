import type { MessageRow } from '@agentpool/store';
import { describe, expect, it } from 'vitest';
import { deliveryText, type MemberMoment, nextAction, pendingMessages } from '../src/delivery-rules.js';

const message = (seq: number, from: string, to = 'impl', body = `body ${seq}`): MessageRow => ({
  seq,
  at: 't',
  type: to === '*' ? 'broadcast' : 'direct',
  from,
  to,
  body,
});

const moment = (patch: Partial<MemberMoment>): MemberMoment => ({
  state: 'idle',
  ended: false,
  turnCount: 1,
  deliveryTurn: null,
  idleTurn: null,
  pending: [],
  ...patch,
});

describe('delivery rules', () => {
  it('pending: received, not its own, past its read cursor, never delivered', () => {
    const received = [message(1, 'lead'), message(2, 'impl', '*'), message(3, 'lead', '*'), message(4, 'reviewer'), message(5, 'lead')];
    const pending = pendingMessages({ member: 'impl', received, readCursor: 1, delivered: new Set([4]) });
    expect(pending.map((m) => m.seq)).toEqual([3, 5]);
  });

  it('never mid-turn: working, a question, an approval prompt, a limit or a start-up prompt make messages wait', () => {
    const pending = [message(1, 'lead')];
    for (const state of ['working', 'question', 'approval_prompt', 'limit_reached', 'starting', 'startup_prompt', 'error']) {
      expect(nextAction(moment({ state, pending })).kind).toBe('wait');
    }
    expect(nextAction(moment({ state: 'exited', ended: true, pending })).kind).toBe('none');
  });

  it('between turns (idle or completed) delivers, once per between-turns moment', () => {
    const pending = [message(1, 'lead'), message(2, 'reviewer')];
    expect(nextAction(moment({ state: 'completed', pending }))).toEqual({ kind: 'deliver', messages: pending });
    expect(nextAction(moment({ state: 'idle', pending, turnCount: 3, deliveryTurn: 2 })).kind).toBe('deliver');
    // The moment of turn 3 was used: the delivery has not started its turn yet, so nothing more is typed.
    expect(nextAction(moment({ state: 'idle', pending, turnCount: 3, deliveryTurn: 3 }))).toMatchObject({ kind: 'wait' });
  });

  it('between turns with nothing to deliver is idle once per turn', () => {
    expect(nextAction(moment({ state: 'completed', turnCount: 2, idleTurn: 1 }))).toEqual({ kind: 'idle', turn: 2 });
    expect(nextAction(moment({ state: 'completed', turnCount: 2, idleTurn: 2 })).kind).toBe('none');
    expect(nextAction(moment({ state: 'working', turnCount: 2, idleTurn: 1 })).kind).toBe('wait');
  });

  it('the typed text heads each message with team, id, sender and kind; control characters become text', () => {
    const text = deliveryText('alpha', [message(3, 'lead', '*', 'all hands'), message(5, 'reviewer', 'impl', 'look\u001b[201~ here\nnow')]);
    expect(text).toBe(
      '[agentpool team alpha] message msg-3 from lead (broadcast):\nall hands\n\n[agentpool team alpha] message msg-5 from reviewer (direct):\nlook?[201~ here\nnow',
    );
  });
});
