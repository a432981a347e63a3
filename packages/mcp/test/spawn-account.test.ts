import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Connected, connect, errorOf, structuredOf } from './connect.js';

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

describe('spawn_worker on a pool account', () => {
  it('runs on the named account in a private home, and refuses an unknown one listing the known labels', async () => {
    connected = await connect();
    const { client, pool, temp } = connected;
    const auth = join(temp.home, 'work.json');
    writeFileSync(auth, '{"tokens":{}}\n');
    await pool.accountPool().accounts.add({ provider: 'fake-completed', label: 'work', authFile: auth });

    const unknown = await client.callTool({ name: 'spawn_worker', arguments: { account: 'nope', task: 'Summarise.', repo: temp.home } });
    expect(errorOf(unknown)).toMatchObject({ code: 'UNKNOWN_ACCOUNT', details: { known: ['work'] } });

    const spawned = structuredOf(
      await client.callTool({
        name: 'spawn_worker',
        arguments: { account: 'work', task: 'Summarise.', repo: temp.home, isolation: 'shared' },
      }),
    );
    expect(spawned.account).toMatchObject({ label: 'work', provider: 'fake-completed', chosen_by: 'named' });
    const id = String(spawned.session_id);
    expect(existsSync(join(temp.home, 'homes', id, 'auth.json'))).toBe(true);
    await (await pool.sessions()).terminate(id);
    expect(existsSync(join(temp.home, 'homes', id))).toBe(false);
  });
});
