import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';
import { snapshotFromReport } from '@agentpool/usage';
import { afterAll, describe, expect, it } from 'vitest';
import { opencodeProvider, probeOpencodeUsage } from '../src/index.js';

// opencode 1.18's `auth.json` (`<XDG_DATA_HOME>/opencode/auth.json`): one entry per model provider,
// `{"type":"oauth","refresh","access","expires"}` or `{"type":"api","key"}`. None of them opens a
// documented usage endpoint of opencode's own, so the probe reports unknown with the reason.
const root = mkdtempSync(join(tmpdir(), 'ap-opencode-usage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const NOW = new Date('2026-12-01T06:00:00.000Z');
const SECRET = 'sk-ant-oat01-opencodeTestSecret0123456789';

function home(name: string, auth?: string | 'folder'): ProviderContext {
  const user = join(root, name);
  const dir = join(user, '.local', 'share', 'opencode');
  mkdirSync(dir, { recursive: true });
  if (auth === 'folder') mkdirSync(join(dir, 'auth.json'));
  else if (auth !== undefined) writeFileSync(join(dir, 'auth.json'), auth);
  return { env: { HOME: user }, home: root, settings: {} };
}

describe('probeOpencodeUsage', () => {
  it('stored credentials for model providers: unknown, naming them (never their values)', async () => {
    const context = home(
      'stored',
      JSON.stringify({ anthropic: { type: 'oauth', refresh: SECRET, access: SECRET, expires: 0 }, opencode: { type: 'api', key: SECRET } }),
    );
    const report = await opencodeProvider.probeUsage?.(context);
    expect(report).toMatchObject({ providerId: 'opencode', status: 'unsupported', windows: [] });
    expect(report?.warnings[0]).toMatch(/no usage endpoint of its own; .* holds credentials for anthropic \(oauth\), opencode \(api\)/);
    expect(JSON.stringify(report)).not.toContain(SECRET);
    expect(report && snapshotFromReport(report, NOW)).toMatchObject({ status: 'unknown', windows: [] });
  });

  it('no credentials: unknown with the reason, never full', async () => {
    const report = await probeOpencodeUsage(home('none'));
    expect(report.status).toBe('unsupported');
    expect(report.warnings[0]).toMatch(/no stored credentials/);
    expect(snapshotFromReport(report, NOW).status).toBe('unknown');
  });

  it('a malformed or unreadable auth.json is failed with the reason', async () => {
    const malformed = await probeOpencodeUsage(home('malformed', `{"anthropic": {"access": "${SECRET}"`));
    expect(malformed).toMatchObject({ status: 'failed' });
    expect(malformed.warnings[0]).toMatch(/is not a JSON object of credentials/);
    expect(JSON.stringify(malformed)).not.toContain(SECRET);
    const unreadable = await probeOpencodeUsage(home('unreadable', 'folder'));
    expect(unreadable.warnings[0]).toMatch(/could not be read \(EISDIR\)/);
  });
});
