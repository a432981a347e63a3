import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/open-store.js';
import type { Store } from '../src/records.js';
import { createTempDir, newSession } from './temp-store.js';

describe('waiting for another writer', () => {
  let temp: ReturnType<typeof createTempDir>;
  let store: Store;
  let other: BetterSqlite3.Database;
  beforeEach(async () => {
    temp = createTempDir();
    store = await openStore({ path: temp.dbPath });
    other = new BetterSqlite3(temp.dbPath, { timeout: 0 });
  });
  afterEach(async () => {
    other.close();
    await store.close();
    temp.cleanup();
  });

  it('waits for the write lock without blocking the process, and writes once the holder commits', async () => {
    other.exec('BEGIN IMMEDIATE');
    const happened: string[] = [];
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 5);
    // The holder lets go from this very process: only a wait that leaves the event loop running lets it.
    const release = setTimeout(() => {
      happened.push('holder committed');
      other.exec('COMMIT');
    }, 150);
    try {
      const session = newSession();
      await store.sessions.insertWithinCap(session, 5);
      happened.push('written');
      expect(happened).toEqual(['holder committed', 'written']);
      expect(ticks).toBeGreaterThan(0);
      expect((await store.sessions.get(session.id))?.id).toBe(session.id);
    } finally {
      clearInterval(ticker);
      clearTimeout(release);
    }
  });

  it('leaves SQLite’s busy wait on afterwards, so a plain write still waits for another process’s lock', async () => {
    const session = newSession();
    await store.sessions.insertWithinCap(session, 5);
    // Another process takes the write lock, says so, and holds it for 300 ms.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D=require('better-sqlite3');const d=new D(process.argv[1]);d.exec('BEGIN IMMEDIATE');process.stdout.write('held\\n');setTimeout(()=>{d.exec('COMMIT');d.close()},300)`,
        temp.dbPath,
      ],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = once(holder, 'exit');
    await once(holder.stdout, 'data');
    // An event append is a single autocommit statement: it relies on the connection's busy timeout.
    await store.events.append({ sessionId: session.id, type: 'note', state: null, data: {} });
    expect(await store.events.list(session.id)).toHaveLength(1);
    await exited;
  }, 30_000);
});
