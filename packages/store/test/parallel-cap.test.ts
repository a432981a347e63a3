import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/open-store.js';
import { raceChildren } from './child-processes.js';
import { createTempDir } from './temp-store.js';

describe('insertWithinCap across processes', () => {
  let temp: ReturnType<typeof createTempDir>;
  beforeEach(() => {
    temp = createTempDir();
  });
  afterEach(() => temp.cleanup());

  it('lets exactly 3 of 6 racing processes in under a cap of 3', async () => {
    const results = await raceChildren({ dir: temp.dir, dbPath: temp.dbPath, count: 6, mode: 'insert', maxLive: 3 });

    const granted = results.filter((result) => result.ok);
    const refused = results.filter((result) => !result.ok);
    expect(granted).toHaveLength(3);
    expect(refused.map((result) => result.code)).toEqual(['PARALLEL_LIMIT_REACHED', 'PARALLEL_LIMIT_REACHED', 'PARALLEL_LIMIT_REACHED']);
    expect(refused.every((result) => result.details?.live === 3 && result.details?.max === 3)).toBe(true);

    const store = await openStore({ path: temp.dbPath });
    try {
      expect(await store.sessions.countLive()).toBe(3);
      expect((await store.sessions.listLive()).map((s) => s.id).sort()).toEqual(granted.map((result) => result.id).sort());
    } finally {
      await store.close();
    }
  }, 60_000);
});
