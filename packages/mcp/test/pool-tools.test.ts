import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type Connected, connect, errorOf, structuredOf } from './connect.js';

const CANARY = 'canary-refresh-token-mcp-91b2';
let connected: Connected | undefined;
let root = '';
afterEach(async () => {
  await connected?.close();
  connected = undefined;
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the pool toolset', () => {
  it('is opt-in; get_account_status reads every auth file, an unreachable backend is unknown (never usable), and no login is shown', async () => {
    root = mkdtempSync(join(tmpdir(), 'ap-mcp-pool-'));
    connected = await connect({ toolsets: ['pool'] }, (config) => {
      const team = join(root, 'team');
      const source = join(root, 'source');
      mkdirSync(team, { recursive: true });
      mkdirSync(source, { recursive: true });
      // Nothing listens on port 9: the probe fails at once, as offline.
      writeFileSync(join(source, 'config.toml'), 'chatgpt_base_url = "http://127.0.0.1:9/backend-api/"\n');
      writeFileSync(
        join(team, 'acct-1.json'),
        JSON.stringify({ tokens: { access_token: 'x', refresh_token: CANARY, account_id: 'acct-1' } }),
      );
      return {
        ...config,
        pool: { ...config.pool, sources: [source], auth_team_dir: team },
        providers: { 'codex-cli': { binary: '/nonexistent/codex' } },
      };
    });
    const names = (await connected.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(['get_account_status']);
    const call = (args: Record<string, unknown>) =>
      connected!.client.request({ method: 'tools/call', params: { name: 'get_account_status', arguments: args } }, CallToolResultSchema);
    const result = await call({ timeout_seconds: 10 });
    expect(result.isError).not.toBe(true);
    const report = structuredOf(result) as { accounts: Array<{ account: string; usable: boolean; status: string }> };
    expect(report.accounts.map((row) => [row.account, row.usable])).toEqual([['acct-1.json', false]]);
    expect(['error', 'unknown']).toContain(report.accounts[0]?.status);
    expect(JSON.stringify(result)).not.toContain(CANARY);

    const bad = await call({ provider: 'gemini-cli' });
    expect(bad.isError).toBe(true);
    expect(errorOf(bad).code).toBe('INVALID_REQUEST');
  });
});
