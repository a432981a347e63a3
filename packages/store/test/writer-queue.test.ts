import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/open-store.js';
import { openWriterQueue, QUEUE_PATIENCE_MS, type WriterTurn } from '../src/writer-queue.js';
import { createTempDir, newSession } from './temp-store.js';

const stamp = (msAgo: number) => (process.hrtime.bigint() - BigInt(msAgo) * 1_000_000n).toString().padStart(20, '0');

describe('the write queue: writers of one store in line, first come first served', () => {
  let temp: ReturnType<typeof createTempDir>;
  beforeEach(() => {
    temp = createTempDir();
    mkdirSync(join(temp.dir, 'home'));
  });
  afterEach(() => temp.cleanup());

  it('gives turns in arrival order, one at a time, and wakes the next writer when one leaves', async () => {
    const queues = Array.from({ length: 6 }, () => openWriterQueue(temp.dbPath));
    const log: string[] = [];
    let holding = 0;
    let mostAtOnce = 0;
    const writer = async (index: number) => {
      const turn = await (queues[index] as ReturnType<typeof openWriterQueue>).enter();
      holding += 1;
      mostAtOnce = Math.max(mostAtOnce, holding);
      log.push(`turn ${index}`);
      await new Promise((resolve) => setTimeout(resolve, 15));
      holding -= 1;
      turn.leave();
    };
    const all: Promise<void>[] = [];
    for (let index = 0; index < 6; index += 1) {
      all.push(writer(index));
      // Each enters after the previous one has its entry in the folder.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await Promise.all(all);
    expect(log).toEqual(['turn 0', 'turn 1', 'turn 2', 'turn 3', 'turn 4', 'turn 5']);
    expect(mostAtOnce).toBe(1);
    expect(readdirSync(`${temp.dbPath}-writers`)).toEqual([]);
  }, 30_000);

  it('skips the entry of a writer whose process is gone, and an entry too old to be anyone’s', async () => {
    const folder = `${temp.dbPath}-writers`;
    mkdirSync(folder);
    const ended = spawnSync(process.execPath, ['-e', '0']).pid as number;
    writeFileSync(join(folder, `${stamp(5)}-${ended}-1`), '');
    writeFileSync(join(folder, `${stamp(60_000)}-${process.pid}-99`), '');
    const started = Date.now();
    const turn = await openWriterQueue(temp.dbPath).enter();
    // Not held up for the patience: both entries were cleared at once.
    expect(Date.now() - started).toBeLessThan(QUEUE_PATIENCE_MS);
    expect(readdirSync(folder)).toHaveLength(1);
    turn.leave();
    expect(readdirSync(folder)).toEqual([]);
  }, 30_000);

  it('a writer killed while first in line: the next one goes on without waiting out the patience', async () => {
    const script = `
      const { openWriterQueue } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
      await openWriterQueue(${JSON.stringify(temp.dbPath)}).enter();
      process.stdout.write('in\\n');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    // Patient enough that only seeing the writer gone can let it through.
    const waiting = openWriterQueue(temp.dbPath, { patienceMs: 60_000 }).enter();
    let turn: WriterTurn | null = null;
    void waiting.then((value) => {
      turn = value;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(turn).toBeNull(); // the child is first in line
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await waiting;
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    (turn as WriterTurn | null)?.leave();
  }, 30_000);

  it('a live writer that keeps its place too long is waited for at most the patience, then SQLite’s lock decides', async () => {
    const slow = await openWriterQueue(temp.dbPath).enter();
    const started = Date.now();
    const turn = await openWriterQueue(temp.dbPath).enter();
    expect(Date.now() - started).toBeGreaterThanOrEqual(QUEUE_PATIENCE_MS - 50);
    // The slow writer keeps its place; the one behind it goes to the lock.
    expect(readdirSync(`${temp.dbPath}-writers`)).toHaveLength(2);
    turn.leave();
    slow.leave();
  }, 30_000);

  it('a store whose queue folder cannot be made still writes', async () => {
    writeFileSync(`${temp.dbPath}-writers`, 'not a folder');
    const store = await openStore({ path: temp.dbPath });
    try {
      const session = newSession();
      await store.sessions.insertWithinCap(session, 5);
      expect((await store.sessions.require(session.id)).id).toBe(session.id);
    } finally {
      await store.close();
    }
  }, 30_000);
});
