import { afterEach, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
  delete process.env.FAKE_AGENT_SLOW_MS;
});

it('observing a streaming worker never copies screens into the transcript or writes an event per look', async () => {
  process.env.FAKE_AGENT_SLOW_MS = '2000';
  harness = await createHarness();
  const spawned = await harness.sessions.spawn({ provider: 'fake-slow', task: 'Stream your output.', repo: harness.temp.home });
  const id = spawned.session.id;
  let looks = 0;
  let state = spawned.session.state;
  while (state !== 'completed' && looks < 400) {
    state = (await harness.sessions.observe({ sessionId: id, waitFor: [], timeoutMs: 0 })).evaluated.evaluation.state;
    looks++;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(state).toBe('completed');
  expect(looks).toBeGreaterThan(20);
  const transcript = await harness.sessions.transcript({ sessionId: id, tailLines: 100_000 });
  const streamed = transcript.text.split('\n').filter((line) => /streaming line \d+/.test(line));
  const numbers = streamed.map((line) => Number(/streaming line (\d+)/.exec(line)?.[1]));
  // Each streamed line appears once, however often the session was looked at.
  expect(new Set(numbers).size).toBe(numbers.length);
  expect(numbers.length).toBeGreaterThanOrEqual(15);
  const events = await harness.sessions.events(id);
  expect(events.length).toBeLessThan(10);
});
