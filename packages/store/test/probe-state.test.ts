import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/index.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('probe state in the store', () => {
  it('keeps binary values across reopening, replaces them whole, and answers null for an unknown key', async () => {
    dir = mkdtempSync(join(tmpdir(), 'probe-state-'));
    const path = join(dir, 'agentpool.db');
    const first = await openStore({ path });
    expect(await first.probeState.read('token-log:x')).toBeNull();
    const bytes = new Uint8Array(new Float64Array([1.5, 2 ** 52, 7]).buffer);
    await first.probeState.write('token-log:x', bytes);
    await first.probeState.write('token-log:x', bytes.subarray(8));
    await first.close();

    const second = await openStore({ path });
    const read = await second.probeState.read('token-log:x');
    expect(read && Array.from(new Float64Array(read.slice().buffer))).toEqual([2 ** 52, 7]);

    // Several keys at once; a null deletes; a prefix lists only its own keys.
    const text = (value: string) => new TextEncoder().encode(value);
    await second.probeState.writeMany([
      ['scan:a:meta:/x', text('1')],
      ['scan:a:meta:/y', text('2')],
      ['scan:ab:meta:/z', text('3')],
      ['token-log:x', null],
    ]);
    await second.probeState.writeMany([['scan:a:meta:/y', null]]);
    const listed = await second.probeState.list('scan:a:');
    expect(listed.map(([key, value]) => [key, new TextDecoder().decode(value)])).toEqual([['scan:a:meta:/x', '1']]);
    expect(await second.probeState.read('token-log:x')).toBeNull();
    await second.close();
  });
});
