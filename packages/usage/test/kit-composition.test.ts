import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemorySnapshotCache,
  createSnapshot,
  mergeSnapshots,
  type NormalisedUsageWindow,
  normaliseWindow,
  requestJson,
  snapshotAge,
  usableVerdict,
  withJsonRpcProcess,
} from '../src/index.js';

// How a probe (deliverable 2) will use the kit: read a provider's shape, normalise, snapshot, judge.
const NOW = new Date('2026-12-01T06:00:00.000Z');

function windowsOf(entries: [string, unknown][], source: string, confidence: 'official' | 'local_cli'): NormalisedUsageWindow[] {
  const windows: NormalisedUsageWindow[] = [];
  for (const [name, raw] of entries) {
    if (raw === null || raw === undefined) continue;
    const w = raw as {
      used_percent?: number;
      usedPercent?: number;
      limit_window_seconds?: number;
      windowDurationMins?: number;
      reset_at?: number;
      resetsAt?: number;
    };
    const result = normaliseWindow({
      name,
      usedPercent: w.used_percent ?? w.usedPercent,
      durationSeconds: w.limit_window_seconds ?? (w.windowDurationMins === undefined ? undefined : w.windowDurationMins * 60),
      resetsAt: w.reset_at ?? w.resetsAt,
      source,
      confidence,
      observedAt: NOW,
    });
    if (result.ok) windows.push(result.window);
  }
  return windows;
}

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/backend-api/wham/usage') {
      // A weekly-only plan: its one window is the primary one, and it is spent.
      res.end(
        JSON.stringify({
          plan_type: 'free',
          rate_limit: { primary_window: { used_percent: 100, limit_window_seconds: 604800, reset_at: 1796400000 }, secondary_window: null },
        }),
      );
    } else {
      res.writeHead(404);
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/backend-api`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('the kit end to end', () => {
  it('a weekly-only plan read over HTTP is weekly, exhausted, unusable until its reset', async () => {
    const result = await requestJson<{ rate_limit: Record<string, unknown> }>({ baseUrl: base, path: 'wham/usage', timeoutMs: 2000 });
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    const windows = windowsOf(Object.entries(result.data.rate_limit), 'codex-wham-usage', 'official');
    const snapshot = createSnapshot({ providerId: 'codex-cli', fetchedAt: NOW, windows });
    expect(snapshot.windows).toHaveLength(1);
    expect(snapshot.windows[0]).toMatchObject({ name: 'primary_window', kind: 'weekly', remainingPercent: 0 });
    expect(snapshot.status).toBe('limit_reached');
    const verdict = usableVerdict(snapshot, 10);
    expect(verdict).toMatchObject({ usable: false, nextAvailableAt: new Date(1796400000 * 1000).toISOString() });
  });

  it('app-server windows merged with HTTP ones give one window per kind, cached per account', async () => {
    const fixture = fileURLToPath(new URL('fixtures/json-rpc-server.mjs', import.meta.url));
    const fromRpc = await withJsonRpcProcess({ command: process.execPath, args: [fixture], killGraceMs: 200 }, async (rpc) => {
      await rpc.request('initialize', { clientInfo: { name: 'agentpool', version: '0' } }, { timeoutMs: 3000 });
      rpc.notify('initialized');
      const read = await rpc.request<{ rateLimits: Record<string, unknown> }>('account/rateLimits/read', undefined, { timeoutMs: 3000 });
      if (read.kind !== 'ok') throw new Error(read.kind);
      const { primary, secondary } = read.result.rateLimits;
      return windowsOf(
        [
          ['primary', primary],
          ['secondary', secondary],
        ],
        'codex-app-server',
        'local_cli',
      );
    });
    const rpcSnapshot = createSnapshot({ providerId: 'codex-cli', accountId: 'work', fetchedAt: NOW, windows: fromRpc });
    const httpSnapshot = createSnapshot({
      providerId: 'codex-cli',
      accountId: 'work',
      fetchedAt: NOW,
      windows: windowsOf(
        [['primary_window', { used_percent: 45, limit_window_seconds: 18000, reset_at: 1796113800 }]],
        'codex-wham-usage',
        'official',
      ),
    });
    const merged = mergeSnapshots([rpcSnapshot, httpSnapshot]);
    expect(merged.windows.map((w) => [w.kind, w.source, w.usedPercent])).toEqual([
      ['5h', 'codex-wham-usage', 45],
      ['weekly', 'codex-app-server', 16],
    ]);
    expect(merged.windows[0]?.provenance.map((p) => p.source)).toEqual(['codex-wham-usage', 'codex-app-server']);
    expect(usableVerdict(merged, 10).usable).toBe(true);

    const cache = createMemorySnapshotCache();
    await cache.put(merged);
    const cached = await cache.get('codex-cli', 'work');
    expect(cached && snapshotAge(cached, { now: new Date(NOW.getTime() + 3600_000), staleAfterSeconds: 1800 })).toMatchObject({
      stale: true,
    });
  });
});
