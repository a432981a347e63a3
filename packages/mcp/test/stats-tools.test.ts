import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type Connected, connect, errorOf, structuredOf } from './connect.js';

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

describe('the stats toolset', () => {
  it('is opt-in; reports session stats and tokens per day from the local logs; a bad since is an isError result', async () => {
    connected = await connect({ toolsets: ['stats'] });
    const names = (await connected.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(['get_stats', 'get_token_usage']);

    const projects = join(connected.temp.env.HOME as string, '.claude', 'projects', '-repo');
    mkdirSync(projects, { recursive: true });
    const line = (id: string, input: number) =>
      JSON.stringify({
        type: 'assistant',
        timestamp: new Date().toISOString(),
        requestId: `req_${id}`,
        message: { id: `msg_${id}`, role: 'assistant', content: [], usage: { input_tokens: input, output_tokens: 1 } },
      });
    writeFileSync(join(projects, 's.jsonl'), `${line('a', 10)}\n${line('a', 10)}\n${line('b', 4)}\n`);

    const call = (name: string, args: Record<string, unknown>) =>
      connected!.client.request({ method: 'tools/call', params: { name, arguments: args } }, CallToolResultSchema);
    const tokens = structuredOf(await call('get_token_usage', { providers: ['claude-code'], since: 'all' })) as {
      days: Array<{ provider: string; tokens: { total: number; entries: number } }>;
    };
    expect(tokens.days.map((day) => [day.provider, day.tokens.total, day.tokens.entries])).toEqual([['claude-code', 16, 2]]);

    const stats = structuredOf(await call('get_stats', { since: 'all' }));
    expect(stats.session_count).toBe(0);

    const bad = await call('get_token_usage', { since: 'yesterday' });
    expect(bad.isError).toBe(true);
    expect(errorOf(bad).code).toBe('INVALID_REQUEST');
    const badStats = await call('get_stats', { since: '7x' });
    expect(badStats.isError).toBe(true);
  });
});
