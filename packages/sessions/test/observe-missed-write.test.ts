import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { homePaths, sessionDir } from '@agentpool/core';
import { QUESTION_TEXT, WORKING_STATUS } from '@agentpool/providers-fake';
import { afterEach, expect, it, vi } from 'vitest';
import { createHarness, type Harness } from './harness.js';

/**
 * The race a fresh CI run hit once in ~100 smokes: the worker finished drawing its question after
 * observe's first look but before observe's file watches existed, so no watch ever fired and the
 * look waited for its deadline. Here the watches are held back until the question is on disk.
 */
const hold = { sessionDir: null as string | null, heldFor: 0 };
vi.mock('@agentpool/tmux-runtime', async (importOriginal) => {
  const real = await importOriginal<typeof import('@agentpool/tmux-runtime')>();
  return {
    ...real,
    watchDirectory(dir: string, onChange: (fileName: string | null) => void) {
      if (dir === hold.sessionDir) {
        const started = Date.now();
        const stream = join(dir, 'stream.raw');
        const pause = new Int32Array(new SharedArrayBuffer(4));
        while (Date.now() - started < 10_000 && !(existsSync(stream) && readFileSync(stream, 'utf8').includes(QUESTION_TEXT))) {
          Atomics.wait(pause, 0, 0, 20);
        }
        Atomics.wait(pause, 0, 0, 300); // the worker is done drawing: nothing more will be written
        hold.heldFor = Date.now() - started;
        hold.sessionDir = null;
      }
      return real.watchDirectory(dir, onChange);
    },
  };
});

let harness: Harness;
afterEach(async () => harness?.close());

it('a worker that settles between the first look and the watches is seen at once, not at the deadline', async () => {
  harness = await createHarness(undefined, undefined, { FAKE_AGENT_WORK_MS: '1500' });
  const spawned = await harness.sessions.spawn({ provider: 'fake-question', task: 'Inspect and ask.', repo: harness.temp.home });
  const dir = sessionDir(homePaths(harness.temp.home), spawned.session.id);
  // The first look sees the worker at work (its spinner, a state the screen decides with no re-check
  // planned), as the smoke's looks do.
  while (!(existsSync(join(dir, 'stream.raw')) && readFileSync(join(dir, 'stream.raw'), 'utf8').includes(WORKING_STATUS))) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  hold.sessionDir = dir;
  const result = await harness.sessions.observe({ sessionId: spawned.session.id, waitFor: ['question'], timeoutMs: 30_000 });
  // The watches were held back until the question was drawn: the first look saw the worker still at work.
  expect(hold.heldFor).toBeGreaterThan(300);
  expect(result).toMatchObject({ reached: true, timedOut: false });
  expect(result.waitedMs - hold.heldFor).toBeLessThan(10_000);
  await harness.sessions.terminate(spawned.session.id);
}, 60_000);
