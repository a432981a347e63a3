import { closeSync, type FSWatcher, mkdirSync, openSync, readdirSync, unlinkSync, watch } from 'node:fs';
import { join } from 'node:path';

/**
 * SQLite hands its write lock to whichever waiter polls first, and its busy handler's sleeps grow
 * the longer a waiter has waited: with 20 processes writing at once, the one that just committed
 * takes the lock again while others sleep, and a claim waited up to 600 ms. This queue puts the
 * writers of one store in line, first come first served, across processes: each writer adds an
 * entry to a folder next to the database, named by the machine's monotonic clock, and waits until
 * the entry before its own is gone. Only that writer is woken (a file watch on its predecessor),
 * so the others sleep without polling and the lock holder gets the CPU.
 *
 * The queue only orders: SQLite's lock still guarantees one writer at a time, and a writer outside
 * the queue (or one whose predecessor takes too long) simply waits for the lock as before.
 */

/** How long a writer waits on one predecessor before going to SQLite's lock without it. */
export const QUEUE_PATIENCE_MS = 1000;
/** An entry older than this belongs to nobody waiting any more (no write waits longer). */
const ENTRY_MAX_AGE_MS = 15_000;
/**
 * A look at the queue even without a file event (a watch can miss on some file systems, and the
 * patience needs a clock). Every waiter does it, so not often: at 25 ms the 19 waiters behind one
 * writer took enough CPU to slow it (20 writers: 2.3 s for 420 transactions, 1.95 s at 250 ms).
 */
const RECHECK_MS = 200;

export interface WriterTurn {
  /** Leaves the queue: the next writer's turn. Safe to call more than once. */
  leave(): void;
}

export interface WriterQueue {
  /** Waits until this writer is first in line (or QUEUE_PATIENCE_MS passed behind one writer). */
  enter(): Promise<WriterTurn>;
}

const NS_PER_MS = 1_000_000n;
let sequence = 0;

/** `<monotonic ns, 20 digits>-<pid>-<sequence>`: sorts in arrival order; names its process. */
function entryName(): string {
  sequence += 1;
  return `${process.hrtime.bigint().toString().padStart(20, '0')}-${process.pid}-${sequence}`;
}

function parseEntry(name: string): { readonly stamp: bigint; readonly pid: number } | null {
  const match = /^(\d{20})-(\d+)-\d+$/.exec(name);
  return match ? { stamp: BigInt(match[1] as string), pid: Number(match[2]) } : null;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An entry whose writer is gone: its process ended, it is too old, or it dates from before a reboot. */
function isAbandoned(name: string, now: bigint): boolean {
  const entry = parseEntry(name);
  if (!entry) return true;
  return entry.stamp > now || now - entry.stamp > BigInt(ENTRY_MAX_AGE_MS) * NS_PER_MS || !alive(entry.pid);
}

function removeEntry(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: its writer left, or another waiter cleared it.
  }
}

/** Resolves when `path` is deleted, or after `ms` either way. */
function gone(path: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    let watcher: FSWatcher | null = null;
    const done = () => {
      clearTimeout(timer);
      watcher?.close();
      resolve();
    };
    const timer = setTimeout(done, ms);
    try {
      watcher = watch(path, { persistent: false }, done);
      watcher.on('error', done);
    } catch {
      done(); // already gone
    }
  });
}

/**
 * The write queue of the database at `databasePath` (its folder is `<database>-writers`, 0700).
 * `patienceMs`: how long to wait behind one live writer (QUEUE_PATIENCE_MS).
 */
export function openWriterQueue(databasePath: string, options: { readonly patienceMs?: number } = {}): WriterQueue {
  const patienceMs = options.patienceMs ?? QUEUE_PATIENCE_MS;
  const folder = `${databasePath}-writers`;
  return {
    async enter() {
      const name = entryName();
      const own = join(folder, name);
      try {
        closeSync(openSync(own, 'wx', 0o600));
      } catch (error) {
        // The folder is made on first use (and again if someone removed it).
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        mkdirSync(folder, { recursive: true, mode: 0o700 });
        closeSync(openSync(own, 'wx', 0o600));
      }
      let left = false;
      const turn: WriterTurn = {
        leave() {
          if (left) return;
          left = true;
          removeEntry(own);
        },
      };
      try {
        let waitingFor: string | null = null;
        let waitingSince = 0;
        for (;;) {
          const line = readdirSync(folder).sort();
          const index = line.indexOf(name);
          if (index <= 0) return turn; // first in line (or our entry was cleared as abandoned)
          const ahead = line[index - 1] as string;
          if (isAbandoned(ahead, process.hrtime.bigint())) {
            removeEntry(join(folder, ahead));
            continue;
          }
          if (ahead !== waitingFor) {
            waitingFor = ahead;
            waitingSince = Date.now();
          } else if (Date.now() - waitingSince >= patienceMs) {
            return turn; // a slow writer ahead: wait for SQLite's lock instead, keeping our place for those behind
          }
          await gone(join(folder, ahead), RECHECK_MS);
        }
      } catch (error) {
        turn.leave();
        throw error;
      }
    },
  };
}
