import { afterEach, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

it('collect answers for the current turn: nothing while it runs (never the previous block), each turn’s own with --turn', async () => {
  harness = await createHarness(undefined, undefined, { FAKE_AGENT_SLOW_MS: '2500' });
  const { id, state } = await harness.spawnAndWait('fake-slow', ['completed', 'idle']);
  expect(state).toBe('completed');
  expect((await harness.sessions.collect(id)).result?.sections.Summary).toBe('fake-agent (slow) completed the task in turn 1.');

  await harness.sessions.send({ sessionId: id, text: 'Go on with the next part.' });
  expect(await harness.waitFor(id, ['working'])).toBe('working');
  const running = await harness.sessions.collect(id);
  expect(running.turn).toBe(2);
  expect(running.result).toBeNull();
  expect(running.warnings.join(' ')).toContain(`agentpool collect ${id} --turn 1`);

  expect(await harness.waitFor(id, ['completed', 'idle'])).toBe('completed');
  const done = await harness.sessions.collect(id);
  expect(done).toMatchObject({ turn: 2, resultSource: 'screen' });
  expect(done.result?.sections.Summary).toBe('fake-agent (slow) completed the task in turn 2.');
  expect((await harness.sessions.collect({ sessionId: id, turn: 1 })).result?.sections.Summary).toBe(
    'fake-agent (slow) completed the task in turn 1.',
  );
  await expect(harness.sessions.collect({ sessionId: id, turn: 3 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
});

it('a worker that reads its input late is not called idle before its start grace (no busy screen, no signal yet)', async () => {
  harness = await createHarness();
  // fake-completed-slowstart shows its empty input prompt for 2.5 s after the task arrives, then works.
  const spawned = await harness.sessions.spawn({
    provider: 'fake-completed-slowstart',
    task: 'Inspect the folder and report.',
    repo: harness.temp.home,
    promptMode: 'send_after_launch',
  });
  const first = await harness.sessions.observe({
    sessionId: spawned.session.id,
    waitFor: ['idle', 'completed', 'error'],
    timeoutMs: 20_000,
  });
  expect(first.evaluated.evaluation.state).toBe('completed');
});

it('an Enter the worker dropped while the task sat in its input box is pressed again, once the turn shows no work', async () => {
  // The fake drops the first Enter that would submit a message, as Claude Code 2.1.197 does after --resume.
  harness = await createHarness(undefined, undefined, { FAKE_AGENT_DROP_ENTERS: '1' });
  const { id, state } = await harness.spawnAndWait('fake-completed', ['completed', 'idle']);
  expect(state).toBe('completed');
  await harness.sessions.send({ sessionId: id, text: 'Go on with the next part.' });
  expect(await harness.waitFor(id, ['completed', 'idle'])).toBe('completed');
  expect((await harness.sessions.collect(id)).turn).toBe(2);
  const repeated = (await harness.sessions.context.store.events.list(id)).filter((event) => event.type === 'submit_repeated');
  expect(repeated).toHaveLength(1);
  expect(repeated[0]?.data).toMatchObject({ turn: 2, press: 2 });
});

it('a submitted turn gets no second Enter', async () => {
  harness = await createHarness();
  const { id } = await harness.spawnAndWait('fake-completed', ['completed', 'idle']);
  await harness.sessions.send({ sessionId: id, text: 'Go on with the next part.' });
  expect(await harness.waitFor(id, ['completed', 'idle'])).toBe('completed');
  expect((await harness.sessions.context.store.events.list(id)).filter((event) => event.type === 'submit_repeated')).toEqual([]);
});
