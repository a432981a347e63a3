import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REAL_CLI_VERSIONS, realCliBinary, realClisRequired } from '@agentpool/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { readAppServerUsage } from '../../src/index.js';
import { seedCodexState } from '../../src/usage/codex-state-seed.js';
import { startWhamImitation, whamBody, writeChatgptAuth } from './wham-imitation.js';

const codex = realCliBinary('codex');
const run = codex || realClisRequired() ? it : it.skip;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function folder(prefix: string): string {
  const path = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(path, { recursive: true, force: true }));
  return path;
}

const env = (home: string) => ({ PATH: process.env.PATH, LANG: 'C.UTF-8', HOME: home });
const seedFolders = (cacheDir: string) => readdirSync(cacheDir).filter((name) => !name.startsWith('.'));

describe(`Codex's empty state databases, kept for homes made for one read (real ${REAL_CLI_VERSIONS.codex.package}@${REAL_CLI_VERSIONS.codex.version})`, () => {
  run(
    'made once without a login, copied into each new home, and the app-server reads limits on the seeded home',
    async () => {
      const cacheDir = join(folder('agentpool-codex-seed-'), 'codex-state');
      const first = folder('agentpool-codex-home-');
      expect(await seedCodexState(first, { binary: codex as string, cacheDir, env: env(first), timeoutMs: 30_000 })).toBe(true);

      const [seed, ...others] = seedFolders(cacheDir);
      expect(others).toEqual([]);
      const seedDir = join(cacheDir, seed as string);
      const files = readdirSync(seedDir).sort();
      // The five databases Codex 0.169 makes on start, with their logs; no login, no install id, no -shm.
      expect(files.filter((name) => name.endsWith('.sqlite'))).toEqual([
        'goals_1.sqlite',
        'logs_2.sqlite',
        'memories_1.sqlite',
        'queue_1.sqlite',
        'state_5.sqlite',
      ]);
      expect(files.every((name) => /\.sqlite(-wal)?$/.test(name))).toBe(true);
      expect(readdirSync(first).sort()).toEqual(files);
      // Only the seed is left in the cache: the scratch home it was made in is gone.
      expect(readdirSync(cacheDir)).toEqual([seed]);

      // A second home is seeded from the same folder: nothing is made again.
      const made = statSync(seedDir);
      const server = await startWhamImitation({ body: whamBody({ now: Date.now() }) });
      cleanups.push(() => server.close());
      const second = folder('agentpool-codex-home-');
      writeChatgptAuth(second);
      writeFileSync(join(second, 'config.toml'), `chatgpt_base_url = "${server.baseUrl}"\ncheck_for_update_on_startup = false\n`);
      expect(await seedCodexState(second, { binary: codex as string, cacheDir, env: env(second), timeoutMs: 30_000 })).toBe(true);
      expect(statSync(seedDir).ino).toBe(made.ino);
      expect(statSync(seedDir).mtimeMs).toBe(made.mtimeMs);

      const result = await readAppServerUsage({ command: codex as string, codexHome: second, env: env(second), timeoutMs: 30_000 });
      expect(result.snapshot.status).toBe('ok');
      expect(result.snapshot.windows.map((w) => [w.kind, w.usedPercent])).toEqual([
        ['5h', 42],
        ['weekly', 16],
      ]);
      // The read wrote into its own home's copies, never into the seed.
      for (const name of files) {
        const text = readFileSync(join(seedDir, name));
        expect(text.includes('acct-test-1')).toBe(false);
        expect(text.includes('rt-test-refresh')).toBe(false);
      }
    },
    90_000,
  );

  run(
    'a home that has databases of its own is left alone',
    async () => {
      const cacheDir = join(folder('agentpool-codex-seed-'), 'codex-state');
      const home = folder('agentpool-codex-home-');
      writeFileSync(join(home, 'state_5.sqlite'), 'its own');
      expect(await seedCodexState(home, { binary: codex as string, cacheDir, env: env(home), timeoutMs: 30_000 })).toBe(false);
      expect(readdirSync(home)).toEqual(['state_5.sqlite']);
      expect(readFileSync(join(home, 'state_5.sqlite'), 'utf8')).toBe('its own');
    },
    90_000,
  );
});

describe('seedCodexState without a Codex that makes databases', () => {
  it('a program that exits without making any: false, the home untouched, no seed kept', async () => {
    const cacheDir = join(folder('agentpool-codex-seed-'), 'codex-state');
    const home = folder('agentpool-codex-home-');
    expect(await seedCodexState(home, { binary: '/bin/true', cacheDir, env: env(home), timeoutMs: 10_000 })).toBe(false);
    expect(readdirSync(home)).toEqual([]);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('a program that never exits is killed at the time bound: false', async () => {
    const cacheDir = join(folder('agentpool-codex-seed-'), 'codex-state');
    const home = folder('agentpool-codex-home-');
    const hang = join(folder('agentpool-codex-hang-'), 'codex');
    writeFileSync(hang, '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
    expect(await seedCodexState(home, { binary: hang, cacheDir, env: env(home), timeoutMs: 500 })).toBe(false);
    expect(readdirSync(home)).toEqual([]);
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});
