import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgentPoolError } from '@agentpool/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeHttpResult, joinUrl, parseRetryAfter, requestJson } from '../src/index.js';

const TOKEN = 'sk-ant-oat01-abcdefghijklmnopqrstuvwxyz0123456789';
const seen: { method: string; url: string; authorization: string | undefined; body: string }[] = [];

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const routes: Record<string, Handler> = {
  '/api/oauth/usage': (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ five_hour: { utilization: 100, resets_at: '2026-12-01T08:00:00Z' }, seven_day: null }));
  },
  '/echo': (req, res, body) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ method: req.method, body: body ? JSON.parse(body) : null }));
  },
  '/limited-seconds': (_req, res) => {
    res.writeHead(429, { 'retry-after': '120' });
    res.end('{"error":"rate_limited"}');
  },
  '/limited-zero': (_req, res) => {
    res.writeHead(429, { 'retry-after': '0' });
    res.end();
  },
  '/limited-date': (_req, res) => {
    res.writeHead(429, { 'retry-after': 'Tue, 01 Dec 2026 06:10:00 GMT' });
    res.end();
  },
  '/limited-bare': (_req, res) => {
    res.writeHead(429);
    res.end();
  },
  '/error-with-secret': (_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `invalid token Bearer ${TOKEN}` }));
  },
  '/echo-auth-error': (req, res) => {
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end(`forbidden for ${req.headers.authorization} and ${req.headers['x-api-key']}`);
  },
  '/echo-auth-malformed': (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"seen": "${req.headers.authorization}"`);
  },
  '/malformed': (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"five_hour": {"utilization": 4');
  },
  '/large': (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ pad: 'x'.repeat(5000) }));
  },
  '/hang': () => {
    // Never answers.
  },
  '/hang-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"partial":');
  },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const path = (req.url ?? '/').replace(/^\/base/, '');
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
      const route = routes[path];
      if (route) route(req, res, body);
      else {
        res.writeHead(404);
        res.end('not found');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('requestJson against a loopback server', () => {
  it('reads JSON and sends the caller’s headers', async () => {
    const result = await requestJson({
      baseUrl: base,
      path: '/api/oauth/usage',
      headers: { authorization: `Bearer ${TOKEN}` },
      timeoutMs: 2000,
    });
    expect(result).toMatchObject({ kind: 'ok', status: 200, data: { five_hour: { utilization: 100 }, seven_day: null } });
    expect(seen.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('joins a base URL with a path prefix and a trailing slash', async () => {
    const result = await requestJson({ baseUrl: `${base}/base/`, path: 'echo', timeoutMs: 2000 });
    expect(result).toMatchObject({ kind: 'ok', data: { method: 'GET' } });
    expect(seen.at(-1)?.url).toBe('/base/echo');
  });

  it('POSTs a JSON body', async () => {
    const result = await requestJson({ baseUrl: base, path: '/echo', method: 'POST', body: { project: 'p1' }, timeoutMs: 2000 });
    expect(result).toMatchObject({ kind: 'ok', data: { method: 'POST', body: { project: 'p1' } } });
  });

  const now = () => new Date('2026-12-01T06:00:00.000Z');
  it.each([
    ['/limited-seconds', 120, '2026-12-01T06:02:00.000Z'],
    ['/limited-zero', 0, '2026-12-01T06:00:00.000Z'],
    ['/limited-date', 600, '2026-12-01T06:10:00.000Z'],
    ['/limited-bare', null, null],
  ])('returns 429 on %s as rate_limited, not a throw', async (path, retryAfterSeconds, retryAt) => {
    const result = await requestJson({ baseUrl: base, path, timeoutMs: 2000, now });
    expect(result).toEqual({ kind: 'rate_limited', status: 429, retryAfterSeconds, retryAt });
  });

  it('returns an HTTP error with a redacted excerpt: the token never comes back', async () => {
    const result = await requestJson({
      baseUrl: base,
      path: '/error-with-secret',
      headers: { authorization: `Bearer ${TOKEN}` },
      timeoutMs: 2000,
    });
    expect(result.kind).toBe('http_error');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    if (result.kind === 'http_error') {
      expect(result.status).toBe(401);
      expect(describeHttpResult(result)).toContain('HTTP 401');
      expect(describeHttpResult(result)).not.toContain(TOKEN);
    }
  });

  // An opaque token matches no known secret shape: it is scrubbed because the caller sent it.
  const OPAQUE = 'opaque0123456789tokenvalue';
  it.each(['/echo-auth-error', '/echo-auth-malformed'])('never returns a token it sent, echoed by %s', async (path) => {
    const headers = { authorization: `Bearer ${OPAQUE}`, 'x-api-key': 'k3y-value-zzz', 'anthropic-beta': 'oauth-2025-04-20' };
    const result = await requestJson({ baseUrl: base, path, headers, timeoutMs: 2000 });
    expect(['http_error', 'malformed_json']).toContain(result.kind);
    const text = JSON.stringify(result);
    expect(text).not.toContain(OPAQUE);
    expect(text).not.toContain('k3y-value-zzz');
    expect(text).toContain('[REDACTED]');
  });

  it('scrubs extra secrets the caller names', async () => {
    const result = await requestJson({ baseUrl: base, path: '/malformed', timeoutMs: 2000, secrets: ['utilization'] });
    expect(JSON.stringify(result)).not.toContain('utilization');
  });

  it('returns malformed JSON as a typed error with an excerpt', async () => {
    const result = await requestJson({ baseUrl: base, path: '/malformed', timeoutMs: 2000 });
    expect(result).toMatchObject({ kind: 'malformed_json', status: 200, excerpt: '{"five_hour": {"utilization": 4' });
  });

  it('refuses a body above maxBytes', async () => {
    expect(await requestJson({ baseUrl: base, path: '/large', timeoutMs: 2000, maxBytes: 1000 })).toEqual({
      kind: 'too_large',
      status: 200,
      maxBytes: 1000,
    });
  });

  it.each(['/hang', '/hang-body'])('times out on %s instead of hanging', async (path) => {
    expect(await requestJson({ baseUrl: base, path, timeoutMs: 150 })).toEqual({ kind: 'timeout', timeoutMs: 150 });
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await requestJson({ baseUrl: base, path: '/hang', timeoutMs: 5000, signal: controller.signal })).toEqual({ kind: 'aborted' });
    const already = AbortSignal.abort();
    expect(await requestJson({ baseUrl: base, path: '/echo', timeoutMs: 5000, signal: already })).toEqual({ kind: 'aborted' });
  });

  it('reports a refused connection as a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await requestJson({ baseUrl: `http://127.0.0.1:${port}`, path: '/x', timeoutMs: 2000 })).toEqual({
      kind: 'network_error',
      message: 'ECONNREFUSED',
    });
  });
});

describe('joinUrl and parseRetryAfter', () => {
  it.each([
    ['https://chatgpt.com/backend-api', 'wham/usage', 'https://chatgpt.com/backend-api/wham/usage'],
    ['https://chatgpt.com/backend-api/', '/wham/usage', 'https://chatgpt.com/backend-api/wham/usage'],
    ['http://127.0.0.1:8080', '/api/billing/limits', 'http://127.0.0.1:8080/api/billing/limits'],
  ])('%s + %s', (baseUrl, path, expected) => {
    expect(joinUrl(baseUrl, path).href).toBe(expected);
  });

  it.each(['file:///etc/passwd', 'not a url', 'ftp://x'])('refuses base URL %s', (baseUrl) => {
    expect(() => joinUrl(baseUrl, '/x')).toThrow(AgentPoolError);
  });

  it('hides credentials of a refused base URL', () => {
    expect(() => joinUrl('ftp://user:hunter2secret@host', '/x')).toThrow(/\[REDACTED\]/);
  });

  const now = new Date('2026-12-01T06:00:00Z');
  it.each([
    ['30', 30],
    [' 0 ', 0],
    ['Tue, 01 Dec 2026 06:01:00 GMT', 60],
    ['Tue, 01 Dec 2026 05:00:00 GMT', 0],
    ['soon', null],
    ['-5', null],
    [null, null],
  ])('retry-after %s → %s', (header, seconds) => {
    expect(parseRetryAfter(header, now)).toBe(seconds);
  });
});
