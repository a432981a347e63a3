import { describe, expect, it } from 'vitest';
import type { Store } from '../src/records.js';
import { newSession, withTempStore } from './temp-store.js';

describe('event repository', () => {
  let store: Store;
  withTempStore((opened) => {
    store = opened;
  });

  it('appends events in order and reads them after an id', async () => {
    const a = await store.sessions.insertWithinCap(newSession(), 5);
    const b = await store.sessions.insertWithinCap(newSession(), 5);
    const spawned = await store.events.append({ sessionId: a.id, type: 'spawned', state: 'starting', data: { argv: ['fake'] } });
    await store.events.append({ sessionId: b.id, type: 'spawned', state: 'starting', data: {} });
    const changed = await store.events.append({
      sessionId: a.id,
      type: 'state_changed',
      state: 'working',
      data: {},
      at: '2030-01-01T00:00:00.000Z',
    });
    const keys = await store.events.append({ sessionId: a.id, type: 'keys_sent', state: null, data: { keys: ['Enter'] } });

    expect(spawned).toMatchObject({ sessionId: a.id, type: 'spawned', state: 'starting', data: { argv: ['fake'] } });
    expect(Number.isNaN(Date.parse(spawned.at))).toBe(false);
    expect(changed.at).toBe('2030-01-01T00:00:00.000Z');

    const all = await store.events.list(a.id);
    expect(all.map((event) => event.type)).toEqual(['spawned', 'state_changed', 'keys_sent']);
    expect(all[2]).toEqual(keys);
    expect((await store.events.list(a.id, { afterId: spawned.id })).map((event) => event.id)).toEqual([changed.id, keys.id]);
    expect((await store.events.list(a.id, { afterId: spawned.id, limit: 1 })).map((event) => event.id)).toEqual([changed.id]);
    expect(await store.events.list(a.id, { afterId: keys.id })).toEqual([]);
  });

  it('lists the state-setting events of many sessions, each session oldest first', async () => {
    const sessions = [];
    for (let index = 0; index < 503; index++) sessions.push(await store.sessions.insertWithinCap(newSession(), 1000));
    const first = sessions[0]!;
    const last = sessions[502]!;
    await store.events.append({ sessionId: last.id, type: 'spawned', state: 'starting', data: {} });
    await store.events.append({ sessionId: first.id, type: 'spawned', state: 'starting', data: {} });
    await store.events.append({ sessionId: first.id, type: 'keys_sent', state: null, data: { keys: ['Enter'] } });
    await store.events.append({ sessionId: first.id, type: 'state_changed', state: 'limit_reached', data: { from: 'working' } });
    await store.events.append({ sessionId: last.id, type: 'terminated', state: 'cancelled', data: { from: 'starting' } });

    const events = await store.events.listStateEvents(sessions.map((session) => session.id));
    const of = (id: string) => events.filter((event) => event.sessionId === id).map((event) => event.state);
    expect(of(first.id)).toEqual(['starting', 'limit_reached']);
    expect(of(last.id)).toEqual(['starting', 'cancelled']);
    expect(events).toHaveLength(4);
    expect(await store.events.listStateEvents([])).toEqual([]);
  });
});
