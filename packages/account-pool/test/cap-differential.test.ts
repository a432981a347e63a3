import { mkdtempSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { defaultConfig } from '@agentpool/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccountPool } from '../src/account-pool.js';
import type { AuthStrategy } from '../src/pool-settings.js';
import { resolvePoolSettings } from '../src/pool-settings.js';
import { createMemoryState } from './memory-state.js';

/**
 * The same command sequence on the same folder of auth files gives the choices cap makes. cap
 * breaks balanced ties at random: here the tie-break is fixed to the first tied file in path order,
 * so the expected sequence is cap's with that draw.
 */
describe('the choices cap makes, for the same sequence', () => {
  let team: string;
  beforeEach(() => {
    team = realpathSync(mkdtempSync(join(tmpdir(), 'agentpool-cap-')));
    for (const name of ['auth-1.json', 'auth-2.json', 'auth-3.json', 'state.lock']) writeFileSync(join(team, name), '{}');
  });
  afterEach(() => rmSync(team, { recursive: true, force: true }));

  const poolFor = (authStrategy: AuthStrategy) =>
    createAccountPool({
      settings: resolvePoolSettings({ ...defaultConfig().pool, auth_team_dir: team, auth_strategy: authStrategy }, {}, { homeDir: '/h' }),
      state: createMemoryState(),
      random: () => 0,
    });

  it('balanced: least used, count up, reset clears the counts', async () => {
    const pool = poolFor('balanced');
    const picks: string[] = [];
    for (const worker of ['w1', 'w2', 'w3', 'w4', 'w5']) picks.push(basename((await pool.pickAuth({ worker })).authPath));
    await pool.resetState();
    picks.push(basename((await pool.pickAuth({ worker: 'w6' })).authPath));
    expect(picks).toEqual(['auth-1.json', 'auth-2.json', 'auth-3.json', 'auth-1.json', 'auth-2.json', 'auth-1.json']);
  });

  it('balanced differs from cap on purpose after a release: a released worker no longer counts', async () => {
    const pool = poolFor('balanced');
    for (const worker of ['w1', 'w2', 'w3', 'w4']) await pool.pickAuth({ worker }); // 1, 2, 3, 1
    await pool.release('w1');
    await pool.release('w4');
    // cap (picks ever): auth-1 has 2, so it picks auth-2. Live: auth-1 has none.
    expect(basename((await pool.pickAuth({ worker: 'w5' })).authPath)).toBe('auth-1.json');
  });

  it('team_cycle: one auth for all, advance in order, new files appended, reset keeps the pointer', async () => {
    const pool = poolFor('team_cycle');
    const seen: string[] = [];
    const note = (result: { authPath: string }) => seen.push(basename(result.authPath));
    note(await pool.authCurrent());
    note(await pool.pickAuth({ worker: 'w1' }));
    note(await pool.pickAuth({ worker: 'w2' }));
    note(await pool.authAdvance());
    note(await pool.pickAuth({ worker: 'w3' }));
    writeFileSync(join(team, 'auth-0.json'), '{}'); // sorts first, but is new: it goes last
    note(await pool.authAdvance());
    note(await pool.authAdvance());
    await pool.resetState();
    note(await pool.authCurrent());
    note(await pool.authAdvance());
    unlinkSync(join(team, 'auth-1.json'));
    note(await pool.authAdvance());
    expect(seen).toEqual([
      'auth-1.json',
      'auth-1.json',
      'auth-1.json',
      'auth-2.json',
      'auth-2.json',
      'auth-3.json',
      'auth-0.json',
      'auth-0.json',
      'auth-1.json',
      'auth-2.json',
    ]);
  });
});
