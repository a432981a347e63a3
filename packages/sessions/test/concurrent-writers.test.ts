import type { SessionChange } from '@agentpool/store';
import { afterEach, expect, it } from 'vitest';
import { createSessionManager } from '../src/index.js';
import { createHarness, type Harness } from './harness.js';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

it('a look whose write races a send from another process is judged again on the new turn, and loses nothing', async () => {
  harness = await createHarness();
  const { id, state } = await harness.spawnAndWait('fake-question', ['question']);
  expect(state).toBe('question');
  const other = harness.sessions;
  const store = harness.store;
  // "Process A": the same store, except that just before A's first write another process sends.
  let raced = false;
  const racingStore = {
    ...store,
    sessions: {
      ...store.sessions,
      async apply(sessionId: string, change: SessionChange) {
        if (!raced && change.patch.state !== undefined) {
          raced = true;
          await other.send({ sessionId: id, text: 'Look in the src folder first.' });
        }
        return store.sessions.apply(sessionId, change);
      },
    },
  };
  const processA = createSessionManager({ ...harness.sessions.context, store: racingStore });
  // A stale stored state gives A's look something to write.
  await store.sessions.update(id, { state: 'working' });

  const look = await processA.show(id);
  expect(raced).toBe(true);
  // A's judgement is of the turn B started, not of the question it read before.
  expect(look.session.turnCount).toBe(2);
  expect(look.evaluation.state).not.toBe('question');
  const turns = await store.sessions.turns(id);
  expect(turns.map((turn) => [turn.number, turn.sentText])).toEqual([
    [1, expect.stringContaining('Inspect the folder and report.')],
    [2, 'Look in the src folder first.'],
  ]);
  const stored = await store.sessions.require(id);
  expect(stored.baseline?.state).toBe('question');
  // No event claims the old state after the new turn began.
  const events = await store.events.list(id);
  const started = events.findIndex((event) => event.type === 'turn_started');
  expect(events.slice(started).some((event) => event.state === 'question')).toBe(false);
  expect(await harness.waitFor(id, ['completed', 'idle'])).toBe('completed');
});
