import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';
import { snapshotFromReport } from '@agentpool/usage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGeminiProvider, probeGeminiUsage } from '../src/index.js';

// Answers in the shape of the Code Assist API as Gemini CLI 0.61.0 calls it (its bundle's
// CodeAssistServer): POST `v1internal:loadCodeAssist` → `{cloudaicompanionProject}`, POST
// `v1internal:retrieveUserQuota` `{project}` → `{buckets:[{remainingAmount, remainingFraction,
// resetTime, tokenType, modelId}]}` (REFERENCE.md §4 names the bucket fields).
const TOKEN = 'ya29.geminiTestAccessToken0123456789';
const NOW = new Date('2026-12-01T06:00:00.000Z');

type Reply = { status?: number; headers?: Record<string, string>; body: string };
let replies: Record<string, Reply>;
let seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
let server: Server;
let base: string;
let root: string;

const json = (value: unknown): Reply => ({ body: JSON.stringify(value) });
const bucket = (modelId: string, remainingFraction: number | null, remainingAmount?: string) => ({
  modelId,
  remainingFraction,
  remainingAmount,
  resetTime: '2026-12-02T00:00:00Z',
  tokenType: 'REQUESTS',
});

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ap-gemini-usage-'));
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      const reply = replies[req.url ?? ''];
      if (!reply || req.method !== 'POST') {
        res.writeHead(404).end('{}');
        return;
      }
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  seen = [];
  replies = { '/v1internal:loadCodeAssist': json({ currentTier: { id: 'standard-tier' }, cloudaicompanionProject: 'proj-123' }) };
});

/** A throwaway home with a Gemini CLI sign-in of the given shape (never the real user's). */
function home(name: string, files: { creds?: unknown; settings?: unknown; dotenv?: string } = {}): string {
  const dir = join(root, name, '.gemini');
  mkdirSync(dir, { recursive: true });
  if (files.creds !== undefined) writeFileSync(join(dir, 'oauth_creds.json'), JSON.stringify(files.creds));
  if (files.settings !== undefined) writeFileSync(join(dir, 'settings.json'), JSON.stringify(files.settings));
  if (files.dotenv !== undefined) writeFileSync(join(dir, '.env'), files.dotenv);
  return join(root, name);
}
const signedIn = () =>
  home('signed-in', {
    creds: { access_token: TOKEN, refresh_token: '1//refresh', token_type: 'Bearer', expiry_date: NOW.getTime() + 365 * 86_400_000 },
    settings: { security: { auth: { selectedType: 'oauth-personal' } } },
  });
function context(userHome: string, env: Record<string, string> = {}, settingsEnv?: Record<string, string>): ProviderContext {
  return { env: { HOME: userHome, ...env }, home: root, settings: { env: settingsEnv } };
}
const probe = (userHome = signedIn(), env: Record<string, string> = {}) =>
  probeGeminiUsage(context(userHome, env), { baseUrl: base, now: () => NOW });

describe('probeGeminiUsage', () => {
  it('reads each model bucket as a daily window, finding the project as Gemini CLI does', async () => {
    replies['/v1internal:retrieveUserQuota'] = json({
      buckets: [bucket('gemini-2.5-pro', 0.25, '25'), bucket('gemini-2.5-flash', 1), { tokenType: 'REQUESTS', remainingFraction: 0.5 }],
    });
    const report = await probe();
    expect(report.status).toBe('ok');
    expect(report.windows.map((w) => [w.name, w.kind, w.remainingPercent, w.used, w.limit, w.resetsAt])).toEqual([
      ['gemini-2.5-pro', 'daily', 25, 75, 100, '2026-12-02T00:00:00.000Z'],
      ['gemini-2.5-flash', 'daily', 100, undefined, undefined, '2026-12-02T00:00:00.000Z'],
    ]);
    expect(seen.map((s) => s.url)).toEqual(['/v1internal:loadCodeAssist', '/v1internal:retrieveUserQuota']);
    expect(JSON.parse(seen[1]?.body ?? '{}')).toEqual({ project: 'proj-123' });
    expect(seen[1]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('GOOGLE_CLOUD_PROJECT skips loadCodeAssist', async () => {
    replies['/v1internal:retrieveUserQuota'] = json({ buckets: [bucket('gemini-2.5-pro', 0.9)] });
    const report = await probe(signedIn(), { GOOGLE_CLOUD_PROJECT: 'my-project' });
    expect(report.status).toBe('ok');
    expect(seen.map((s) => [s.url, s.body])).toEqual([['/v1internal:retrieveUserQuota', '{"project":"my-project"}']]);
  });

  it('an exhausted bucket is 0 % (limit reached), a negative fraction stays negative, a null fraction is passed over', async () => {
    replies['/v1internal:retrieveUserQuota'] = json({
      buckets: [bucket('gemini-2.5-pro', 0, '0'), bucket('gemini-2.5-flash', -0.1), bucket('gemini-3-pro-preview', null)],
    });
    const report = await probe();
    expect(report.windows.map((w) => [w.name, w.remainingPercent, w.usedPercent])).toEqual([
      ['gemini-2.5-pro', 0, 100],
      ['gemini-2.5-flash', -10, 110],
    ]);
    expect(snapshotFromReport(report, NOW).status).toBe('limit_reached');
  });

  it('a bucket at 0 with a reset in the past (a free tier’s Pro at the epoch) is passed over, not read as exhausted', async () => {
    replies['/v1internal:retrieveUserQuota'] = json({
      buckets: [{ ...bucket('gemini-2.5-pro', 0), resetTime: '1970-01-01T00:00:00Z' }, bucket('gemini-2.5-flash', 0.8)],
    });
    const report = await probe();
    expect(report.windows.map((w) => w.name)).toEqual(['gemini-2.5-flash']);
    expect(report.warnings[0]).toMatch(/gemini-2.5-pro: 0 remaining with a reset in the past/);
    expect(snapshotFromReport(report, NOW).status).toBe('ok');
  });

  it('no bucket with a figure (null windows): failed, never full', async () => {
    replies['/v1internal:retrieveUserQuota'] = json({ buckets: [bucket('gemini-2.5-pro', null), null] });
    const report = await probe();
    expect(report).toMatchObject({ status: 'failed', windows: [] });
    expect(snapshotFromReport(report, NOW).status).toBe('error');
  });

  it('429 with retry-after and malformed JSON: failed with the reason', async () => {
    replies['/v1internal:retrieveUserQuota'] = { status: 429, headers: { 'retry-after': '60' }, body: '{}' };
    expect((await probe()).warnings).toEqual(['retrieveUserQuota: rate limited (HTTP 429), retry after 2026-12-01T06:01:00.000Z']);
    replies['/v1internal:retrieveUserQuota'] = { body: '{"buckets": [' };
    const malformed = await probe();
    expect(malformed.status).toBe('failed');
    expect(malformed.warnings[0]).toMatch(/^retrieveUserQuota: malformed JSON/);
  });

  it('a refused token is unauthenticated and never shown', async () => {
    replies['/v1internal:loadCodeAssist'] = { status: 401, body: JSON.stringify({ error: { message: `bad token ${TOKEN}` } }) };
    const report = await probe();
    expect(report.status).toBe('unauthenticated');
    expect(JSON.stringify(report)).not.toContain(TOKEN);
  });

  it('API-key and Vertex users have no quota endpoint: unknown with that reason, nothing sent', async () => {
    const apiKey = await probe(home('api-key'), { GEMINI_API_KEY: 'AIzaSyTestKey0123456789' });
    expect(apiKey.status).toBe('unsupported');
    expect(apiKey.warnings[0]).toMatch(/Gemini API key .* have no quota endpoint/);
    expect(snapshotFromReport(apiKey, NOW)).toMatchObject({ status: 'unknown' });

    const dotenv = await probe(home('dotenv', { dotenv: 'GEMINI_API_KEY=AIzaSyTestKey\n' }));
    expect(dotenv.status).toBe('unsupported');
    const selected = await probe(home('vertex', { settings: { security: { auth: { selectedType: 'vertex-ai' } } } }));
    expect(selected.warnings[0]).toMatch(/Vertex AI \(settings.json selectedType vertex-ai\)/);
    expect(seen).toHaveLength(0);
  });

  it('no credentials, an expired token, a keychain-only sign-in: reported with the reason, nothing sent', async () => {
    expect(await probe(home('nobody'))).toMatchObject({ status: 'unauthenticated' });
    const expired = await probe(home('expired', { creds: { access_token: TOKEN, expiry_date: NOW.getTime() - 1000 } }));
    expect(expired.status).toBe('unsupported');
    expect(expired.warnings[0]).toMatch(/expired at 2026-12-01T05:59:59.000Z/);
    const keychain = await probe(home('keychain', { settings: { security: { auth: { selectedType: 'oauth-personal' } } } }));
    expect(keychain.warnings[0]).toMatch(/system keychain/);
    expect(JSON.stringify([expired, keychain])).not.toContain(TOKEN);
    expect(seen).toHaveLength(0);
  });

  it('the adapter probes the base URL from provider settings (factory option, or the provider env)', async () => {
    replies['/v1internal:retrieveUserQuota'] = json({ buckets: [bucket('gemini-2.5-pro', 0.5)] });
    const viaFactory = await createGeminiProvider({ usageBaseUrl: base }).probeUsage?.(context(signedIn()));
    expect(viaFactory?.status).toBe('ok');
    const viaEnv = await createGeminiProvider().probeUsage?.(context(signedIn(), {}, { AGENTPOOL_GEMINI_USAGE_URL: base }));
    expect(viaEnv?.windows[0]).toMatchObject({ kind: 'daily', remainingPercent: 50 });
    expect(seen).toHaveLength(4);
  });
});
