import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
  delete process.env.FAKE_AGENT_SLOW_MS;
});

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

it('a secret the worker echoes is redacted in every read, and gone from disk and store once the session ends', async () => {
  harness = await createHarness();
  const secret = `sk-ant-${'a1B2c3D4e5F6g7H8i9J0kLmN'}`;
  const { id } = await harness.spawnAndWait('fake-completed', ['completed']);
  await harness.sessions.send({ sessionId: id, text: `Use the key ${secret} for the API call.` });
  expect(await harness.waitFor(id, ['completed'])).toBe('completed');

  const transcript = await harness.sessions.transcript({ sessionId: id, tailLines: 1000 });
  expect(transcript.text).toContain('[REDACTED]');
  expect(transcript.text).not.toContain(secret);
  const shown = await harness.sessions.observe({ sessionId: id, waitFor: [], timeoutMs: 0 });
  expect((shown.evaluated.screen ?? []).join('\n')).not.toContain(secret);
  await harness.sessions.collect(id);
  await harness.sessions.terminate(id);

  const home = harness.temp.home;
  const stored = [...filesUnder(join(home, 'artifacts', id)), ...filesUnder(home).filter((path) => path.includes('agentpool.sqlite'))];
  expect(stored.length).toBeGreaterThan(5);
  for (const path of stored) expect({ path, leaked: readFileSync(path).includes(secret) }).toEqual({ path, leaked: false });
});

it('interrupt stops the current turn; --dry-run only says which keys it would send', async () => {
  process.env.FAKE_AGENT_SLOW_MS = '30000';
  harness = await createHarness();
  const { id, state } = await harness.spawnAndWait('fake-slow', ['working']);
  expect(state).toBe('working');
  const dry = await harness.sessions.interrupt(id, true);
  expect(dry).toMatchObject({ dryRun: true, keys: ['Escape'] });
  const events = await harness.sessions.events(id);
  expect(events.some((event) => event.type === 'interrupted')).toBe(false);

  await harness.sessions.interrupt(id);
  expect(await harness.waitFor(id, ['idle', 'completed'])).toBe('idle');
  const transcript = await harness.sessions.transcript({ sessionId: id });
  expect(transcript.text).toContain('Interrupted by user.');
  expect((await harness.sessions.events(id)).some((event) => event.type === 'interrupted')).toBe(true);
});
