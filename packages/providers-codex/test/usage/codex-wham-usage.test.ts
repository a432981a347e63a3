import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chatgptBaseUrlOf, readWhamUsage, whamUsagePath } from '../../src/index.js';
import { makeCodexHome } from './codex-home-fixtures.js';
import { FAKE_ACCESS_TOKEN, startWhamImitation, type WhamImitation, whamBody, writeChatgptAuth } from './wham-imitation.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const now = () => NOW;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
const home = (withAuth = true) => {
  const dir = makeCodexHome();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  if (withAuth) writeChatgptAuth(dir);
  return dir;
};
const imitation = async (body: unknown, extra: Partial<WhamImitation['answer']> = {}) => {
  const server = await startWhamImitation({ body, ...extra });
  cleanups.push(() => server.close());
  return server;
};
const noToken = (value: unknown) => expect(JSON.stringify(value)).not.toContain(FAKE_ACCESS_TOKEN);

describe('codex wham/usage', () => {
  it('reads primary, secondary and additional limits with the stored token, kinds by limit_window_seconds', async () => {
    const codexHome = home();
    const server = await imitation(whamBody({ now: NOW.getTime(), additional: true }));
    const result = await readWhamUsage({ codexHome, baseUrl: server.baseUrl, now });
    expect(server.requests[0]?.url).toBe('/backend-api/wham/usage');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${FAKE_ACCESS_TOKEN}`);
    expect(server.requests[0]?.headers['chatgpt-account-id']).toBe('acct-test-1');
    expect(result.planType).toBe('pro');
    expect(result.snapshot.status).toBe('ok');
    expect(
      result.snapshot.windows.map((w) => [w.kind, w.scope, w.name, w.usedPercent, w.remainingPercent, w.resetsAt, w.confidence]),
    ).toEqual([
      ['5h', null, '5-hour limit', 42, 58, '2026-11-30T13:00:00.000Z', 'official'],
      ['5h', 'codex_bengalfox', 'GPT-5-Codex-Spark 5-hour limit', 7, 93, '2026-11-30T12:10:00.000Z', 'official'],
      ['weekly', null, 'weekly limit', 16, 84, '2026-12-01T12:00:00.000Z', 'official'],
    ]);
    noToken(result);
  });

  it('a weekly-only plan: the primary window lasting 7 days is weekly, not 5h', async () => {
    const server = await imitation(whamBody({ now: NOW.getTime(), primary: [30, 604_800], secondary: null }));
    const result = await readWhamUsage({ codexHome: home(), baseUrl: server.baseUrl, now });
    expect(result.snapshot.windows.map((w) => [w.kind, w.usedPercent])).toEqual([['weekly', 30]]);
  });

  it('an exhausted window is limit_reached with 0 remaining', async () => {
    const server = await imitation(whamBody({ now: NOW.getTime(), primary: [100, 18_000], limitReached: true }));
    const result = await readWhamUsage({ codexHome: home(), baseUrl: server.baseUrl, now });
    expect(result.snapshot.status).toBe('limit_reached');
    expect(result.snapshot.windows[0]).toMatchObject({ kind: '5h', remainingPercent: 0 });
  });

  it('429 with retry-after is an error with the time to ask again, no windows', async () => {
    const server = await imitation({ error: 'slow down' }, { status: 429, headers: { 'retry-after': '120' } });
    const result = await readWhamUsage({ codexHome: home(), baseUrl: server.baseUrl, now });
    expect(result.snapshot.status).toBe('error');
    expect(result.snapshot.windows).toEqual([]);
    expect(result.retryAt).toBe('2026-11-30T12:02:00.000Z');
    expect(result.snapshot.reason).toBe('wham/usage: rate limited (HTTP 429), retry after 2026-11-30T12:02:00.000Z');
  });

  it('malformed JSON, a non-object body and a token echoed in an error page are errors that never show the token', async () => {
    const malformed = await imitation('{"plan_type":"pro","rate_limit":');
    const bad = await readWhamUsage({ codexHome: home(), baseUrl: malformed.baseUrl, now });
    expect(bad.snapshot.status).toBe('error');
    expect(bad.snapshot.reason).toMatch(/^wham\/usage: malformed JSON \(HTTP 200\)/);

    const list = await imitation([1, 2]);
    expect((await readWhamUsage({ codexHome: home(), baseUrl: list.baseUrl, now })).snapshot.reason).toBe(
      'wham/usage answered with something other than a JSON object',
    );

    const echo = await imitation(`upstream failed for Bearer ${FAKE_ACCESS_TOKEN}`, { status: 502 });
    const failed = await readWhamUsage({ codexHome: home(), baseUrl: echo.baseUrl, now });
    expect(failed.snapshot.reason).toMatch(/^wham\/usage: HTTP 502/);
    noToken(failed);

    const refused = await imitation({ detail: 'expired' }, { status: 401 });
    expect((await readWhamUsage({ codexHome: home(), baseUrl: refused.baseUrl, now })).snapshot.reason).toMatch(
      /refused \(HTTP 401\); run `codex login`/,
    );
  });

  it('a bad window is a warning; the good ones stay', async () => {
    const body = whamBody({ now: NOW.getTime() }) as { rate_limit: { primary_window: { used_percent: unknown } } };
    body.rate_limit.primary_window.used_percent = 'lots';
    const server = await imitation(body);
    const result = await readWhamUsage({ codexHome: home(), baseUrl: server.baseUrl, now });
    expect(result.snapshot.windows.map((w) => w.kind)).toEqual(['weekly']);
    expect(result.snapshot.warnings.join('\n')).toMatch(/usedPercent is not a finite number/);
  });

  it('no login, an API-key login, an unreadable or malformed auth.json: typed, asked of nobody, content never quoted', async () => {
    const server = await imitation(whamBody({ now: NOW.getTime() }));
    const missing = await readWhamUsage({ codexHome: home(false), baseUrl: server.baseUrl, now });
    expect([missing.authProblem, missing.snapshot.status]).toEqual(['missing', 'unknown']);

    const apiKeyHome = home(false);
    writeFileSync(join(apiKeyHome, 'auth.json'), JSON.stringify({ OPENAI_API_KEY: 'sk-test-not-real-000000000000' }));
    const apiKey = await readWhamUsage({ codexHome: apiKeyHome, baseUrl: server.baseUrl, now });
    expect([apiKey.authProblem, apiKey.snapshot.status]).toEqual(['api_key', 'unknown']);

    const brokenHome = home(false);
    writeFileSync(join(brokenHome, 'auth.json'), `{"tokens":{"access_token":"${FAKE_ACCESS_TOKEN}"`);
    const broken = await readWhamUsage({ codexHome: brokenHome, baseUrl: server.baseUrl, now });
    expect([broken.authProblem, broken.snapshot.status]).toEqual(['malformed', 'error']);
    noToken(broken);

    const dirHome = home(false);
    // A folder where the file should be: unreadable for root too.
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dirHome, 'auth.json'));
    const unreadable = await readWhamUsage({ codexHome: dirHome, baseUrl: server.baseUrl, now });
    expect([unreadable.authProblem, unreadable.snapshot.status]).toEqual(['unreadable', 'error']);
    expect(unreadable.snapshot.reason).toMatch(/auth\.json cannot be read \(EISDIR\)/);
    if (process.getuid?.() !== 0) {
      const lockedHome = home();
      chmodSync(join(lockedHome, 'auth.json'), 0o000);
      expect((await readWhamUsage({ codexHome: lockedHome, baseUrl: server.baseUrl, now })).snapshot.reason).toMatch(/EACCES/);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('a slow endpoint ends at the time bound; a closed port is a network error', async () => {
    const slow = await imitation(whamBody({ now: NOW.getTime() }), { delayMs: 2000 });
    const started = Date.now();
    const late = await readWhamUsage({ codexHome: home(), baseUrl: slow.baseUrl, timeoutMs: 200, now });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(late.snapshot.reason).toBe('wham/usage: no answer within 0.2 s');
    const gone = await startWhamImitation({ body: {} });
    await gone.close();
    const closed = await readWhamUsage({ codexHome: home(), baseUrl: gone.baseUrl, now });
    expect(closed.snapshot.reason).toBe('wham/usage: network error: ECONNREFUSED');
  });

  it('takes chatgpt_base_url from config.toml (top level only) and Codex’s path for it', async () => {
    const codexHome = home();
    writeFileSync(
      join(codexHome, 'config.toml'),
      'model = "x"\nchatgpt_base_url = "http://127.0.0.1:1/backend-api/"\n[tui]\nchatgpt_base_url = "no"\n',
    );
    expect(await chatgptBaseUrlOf(codexHome)).toBe('http://127.0.0.1:1/backend-api/');
    expect(await chatgptBaseUrlOf(home())).toBeNull();
    expect(whamUsagePath('https://chatgpt.com/backend-api/')).toBe('wham/usage');
    expect(whamUsagePath('https://codex.example.com')).toBe('api/codex/usage');
  });
});
