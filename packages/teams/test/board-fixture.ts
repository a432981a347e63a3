import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@agentpool/store';
import { createTeamBoard, type TeamBoard } from '../src/team-board.js';
import type { TeamLocation } from '../src/team-root.js';

export interface BoardFixture {
  readonly dir: string;
  readonly store: Store;
  readonly board: TeamBoard;
  readonly location: TeamLocation;
  close(): Promise<void>;
}

/** A real SQLite store in a temp folder and a board over it; the team root is `<dir>/ws/.codex/teams`, chosen explicitly. */
export async function openBoard(): Promise<BoardFixture> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'agentpool-teams-')));
  const root = join(dir, 'ws', '.codex', 'teams');
  mkdirSync(root, { recursive: true });
  const store = await openStore({ path: join(dir, 'home', 'agentpool.sqlite') });
  return {
    dir,
    store,
    board: createTeamBoard(store.teams),
    location: { root, explicit: true, ancestorRoots: [root] },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The error code of a rejected promise. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? 'not an AgentPoolError';
  }
  return 'resolved';
}
