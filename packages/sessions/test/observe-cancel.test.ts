import { inotifyWatchCount } from '@agentpool/test-utils';
import { afterEach, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

let harness: Harness;
afterEach(async () => harness?.close());

it('an observe whose signal aborts returns at once, cancelled, and leaves no directory watch behind', async () => {
  harness = await createHarness();
  const { id } = await harness.spawnAndWait('fake-idle', ['idle', 'completed']);
  const before = inotifyWatchCount();
  const controller = new AbortController();
  const waiting = harness.sessions.observe({ sessionId: id, waitFor: ['error'], timeoutMs: 30_000, signal: controller.signal });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(inotifyWatchCount()).toBeGreaterThan(before);
  const abortedAt = Date.now();
  controller.abort();
  const result = await waiting;
  expect(Date.now() - abortedAt).toBeLessThan(1000);
  expect(result).toMatchObject({ cancelled: true, reached: false, timedOut: false });
  expect(inotifyWatchCount()).toBe(before);
  await harness.sessions.terminate(id);
});

it('watch reports each state change of a session and stops when the session ends', async () => {
  harness = await createHarness();
  const spawned = await harness.sessions.spawn({ provider: 'fake-question', task: 'Inspect and ask.', repo: harness.temp.home });
  const id = spawned.session.id;
  const seen: string[] = [];
  const controller = new AbortController();
  const watching = harness.sessions.watch(id, (evaluated) => seen.push(evaluated.evaluation.state), controller.signal);
  await harness.waitFor(id, ['question']);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(seen).toContain('question');
  await harness.sessions.terminate(id);
  const terminatedAt = Date.now();
  const last = await watching;
  // The terminate wakes the watch (a killed pane writes no exit file); it does not wait for a liveness check.
  expect(Date.now() - terminatedAt).toBeLessThan(5000);
  expect(last.evaluation.ended).toBe(true);
  expect(seen.at(-1)).toBe(last.evaluation.state);
});
