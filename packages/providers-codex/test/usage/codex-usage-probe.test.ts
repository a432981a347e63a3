import { chmodSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { snapshotFromReport, usableVerdict } from '@agentpool/usage';
import { afterEach, describe, expect, it } from 'vitest';
import { createCodexProvider, probeCodexUsage } from '../../src/index.js';
import { makeCodexHome, tokenCountLine, unix, writeRollout } from './codex-home-fixtures.js';
import { FAKE_ACCESS_TOKEN, startWhamImitation, type WhamImitation, whamBody, writeChatgptAuth } from './wham-imitation.js';

const FAKE = fileURLToPath(new URL('./fixtures/fake-codex-app-server.mjs', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
const home = () => {
  const dir = makeCodexHome();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};
const imitation = async (answer: WhamImitation['answer']) => {
  const server = await startWhamImitation(answer);
  cleanups.push(() => server.close());
  return server;
};
/** A `codex` on PATH that is the fake app-server (an executable wrapper around the node script). */
function fakeCodexBinary(dir: string): string {
  const script = join(dir, 'fake-app-server.mjs');
  copyFileSync(FAKE, script);
  const binary = join(dir, 'codex');
  writeFileSync(binary, `#!/bin/sh\nexec "${process.execPath}" "${script}" "$@"\n`);
  chmodSync(binary, 0o755);
  return binary;
}

const HOUR = 3600_000;

describe('codex probeUsage: sources merged, cheapest first', () => {
  it('rollout reading and wham/usage merged: one window per kind, the official figure kept, the log in provenance', async () => {
    const codexHome = home();
    const now = Date.now();
    writeRollout(
      codexHome,
      '2026-11-30',
      'a',
      `${tokenCountLine(new Date(now - HOUR).toISOString(), {
        primary: { used_percent: 30, window_minutes: 300, resets_at: unix(new Date(now + HOUR)) },
        secondary: { used_percent: 10, window_minutes: 10080, resets_at: unix(new Date(now + 48 * HOUR)) },
      })}\n`,
      new Date(now - HOUR),
    );
    writeChatgptAuth(codexHome);
    const server = await imitation({ body: whamBody({ now, additional: true }) });
    const result = await probeCodexUsage({ codexHome, binary: null, env: {}, accountId: 'work' }, { chatgptBaseUrl: server.baseUrl });
    expect(result.sources).toEqual(['rollout', 'wham']);
    const { report, snapshot } = result;
    expect(report.status).toBe('ok');
    expect(report.accountId).toBe('work');
    expect(report.windows.map((w) => [w.kind, w.usedPercent, w.source, w.confidence])).toEqual([
      ['5h', 42, 'codex-wham-usage', 'official'],
      ['5h', 7, 'codex-wham-usage', 'official'],
      ['weekly', 16, 'codex-wham-usage', 'official'],
    ]);
    expect(snapshot.windows[0]?.provenance.map((p) => [p.source, p.usedPercent])).toEqual([
      ['codex-wham-usage', undefined],
      ['codex-rollout-log', 30],
    ]);
    // As old as the oldest source that read: the rollout's hour.
    expect(Date.parse(snapshot.fetchedAt)).toBeLessThanOrEqual(now - HOUR + 1000);
    expect(JSON.stringify(result)).not.toContain(FAKE_ACCESS_TOKEN);
  });

  it('the adapter asks the app-server first and skips the direct endpoint when it answered', async () => {
    const codexHome = home();
    writeChatgptAuth(codexHome);
    const server = await imitation({ body: whamBody({ now: Date.now() }) });
    const provider = createCodexProvider({ usage: { chatgptBaseUrl: server.baseUrl } });
    const report = await provider.probeUsage?.({
      env: { PATH: process.env.PATH },
      home: codexHome,
      settings: { binary: fakeCodexBinary(codexHome) },
      account: { id: 'work', home: codexHome, env: {} },
    });
    expect(report?.status).toBe('ok');
    // 42 read, or 55 when the sparse push that follows the answer arrived before the session closed.
    expect([42, 55]).toContain(report?.windows[0]?.usedPercent);
    expect(report?.windows.map((w) => [w.kind, w.kind === '5h' && !w.name.includes('Spark') ? 'main' : w.usedPercent, w.source])).toEqual([
      ['5h', 'main', 'codex-app-server'],
      ['5h', 7, 'codex-app-server'],
      ['weekly', 16, 'codex-app-server'],
    ]);
    expect(server.requests).toHaveLength(0);
    expect(readFileSync(join(codexHome, 'fake-app-server.log'), 'utf8')).toContain(codexHome);
  });

  it('an app-server that crashes falls through to wham/usage; its failure stays a warning', async () => {
    const codexHome = home();
    writeChatgptAuth(codexHome);
    const server = await imitation({ body: whamBody({ now: Date.now() }) });
    const binary = fakeCodexBinary(codexHome);
    const result = await probeCodexUsage(
      { codexHome, binary, env: { PATH: process.env.PATH, FAKE_APP_SERVER_MODE: 'crash' } },
      { chatgptBaseUrl: server.baseUrl },
    );
    expect(result.sources).toEqual(['rollout', 'app-server', 'wham']);
    expect(result.report.windows.map((w) => [w.kind, w.source])).toEqual([
      ['5h', 'codex-wham-usage'],
      ['weekly', 'codex-wham-usage'],
    ]);
    expect(result.report.warnings.join('\n')).toMatch(/error: codex app-server exited \(code 3\)/);
  });

  it('every source failing: failed with the reasons, no windows, never usable; nothing logged in: unauthenticated', async () => {
    const codexHome = home();
    writeChatgptAuth(codexHome);
    const server = await imitation({ status: 429, headers: { 'retry-after': '60' }, body: {} });
    const limited = await probeCodexUsage({ codexHome, binary: null, env: {} }, { chatgptBaseUrl: server.baseUrl });
    expect(limited.report.status).toBe('failed');
    expect(limited.report.windows).toEqual([]);
    expect(limited.report.warnings.join('\n')).toMatch(/rate limited \(HTTP 429\), retry after/);
    const snapshot = snapshotFromReport(limited.report, new Date());
    expect(snapshot.status).toBe('error');
    expect(usableVerdict(snapshot, 10).usable).toBe(false);

    const nobody = await probeCodexUsage({ codexHome: home(), binary: null, env: {} }, { chatgptBaseUrl: server.baseUrl });
    expect(nobody.report.status).toBe('unauthenticated');
    expect(nobody.report.warnings.join('\n')).toMatch(/does not exist/);
  });

  it('offline with only a rollout reading: its windows, observed, with the endpoint’s failure as a warning', async () => {
    const codexHome = home();
    const now = Date.now();
    writeRollout(
      codexHome,
      '2026-11-30',
      'b',
      `${tokenCountLine(new Date(now - 60_000).toISOString(), { primary: { used_percent: 100, window_minutes: 300, resets_at: unix(new Date(now + HOUR)) } })}\n`,
      new Date(now - 60_000),
    );
    writeChatgptAuth(codexHome);
    const gone = await startWhamImitation({ body: {} });
    await gone.close();
    const { report } = await probeCodexUsage({ codexHome, binary: null, env: {} }, { chatgptBaseUrl: gone.baseUrl });
    expect(report.status).toBe('ok');
    expect(report.windows.map((w) => [w.kind, w.remainingPercent, w.confidence])).toEqual([['5h', 0, 'observed']]);
    expect(report.warnings.join('\n')).toMatch(/network error: ECONNREFUSED/);
    const snapshot = snapshotFromReport(report, new Date());
    expect(snapshot.status).toBe('limit_reached');
  });
});
