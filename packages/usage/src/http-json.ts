import { AgentPoolError, redact } from '@agentpool/core';
import { headerSecrets, scrubSecrets } from './secret-scrub.js';

/** One JSON request to a usage endpoint. Headers (tokens) are sent, never echoed in a result. */
export interface HttpJsonRequest {
  /** `https://chatgpt.com/backend-api`, or a loopback server in tests. Configurable for every provider. */
  readonly baseUrl: string;
  /** Joined to `baseUrl` with exactly one slash. */
  readonly path: string;
  readonly method?: 'GET' | 'POST' | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Sent as JSON (POST). */
  readonly body?: unknown;
  /** Covers connecting, the status line and reading the body. */
  readonly timeoutMs: number;
  /** The caller's own bound (a refresh budget); aborting it ends the request as `aborted`. */
  readonly signal?: AbortSignal | undefined;
  /** Largest body read; a bigger one is `too_large`. Default 1 MiB. */
  readonly maxBytes?: number | undefined;
  /** Further values never to show in a result; credential headers (authorization, cookie, *token*, *key*) are scrubbed already. */
  readonly secrets?: readonly string[] | undefined;
  /** Clock for reading an HTTP-date `retry-after`. */
  readonly now?: (() => Date) | undefined;
}

/** What came back, as a value: none of these is thrown. */
export type HttpJsonResult<T = unknown> =
  | { readonly kind: 'ok'; readonly status: number; readonly data: T }
  /** 429. `retryAfterSeconds` as the server said (0 is possible: back off anyway); null when absent or unreadable. */
  | { readonly kind: 'rate_limited'; readonly status: 429; readonly retryAfterSeconds: number | null; readonly retryAt: string | null }
  /** Any other non-2xx status; `excerpt` is the start of the body with secrets redacted. */
  | { readonly kind: 'http_error'; readonly status: number; readonly excerpt: string }
  | { readonly kind: 'malformed_json'; readonly status: number; readonly message: string; readonly excerpt: string }
  | { readonly kind: 'too_large'; readonly status: number; readonly maxBytes: number }
  | { readonly kind: 'timeout'; readonly timeoutMs: number }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'network_error'; readonly message: string };

const EXCERPT_CHARS = 200;
const DEFAULT_MAX_BYTES = 1024 * 1024;

// Scrubbed before cutting, so a secret across the cut cannot leave a readable half.
const excerptOf = (text: string, secrets: readonly string[]): string => {
  const clean = scrubSecrets(text, secrets);
  return clean.length > EXCERPT_CHARS ? `${clean.slice(0, EXCERPT_CHARS)}…` : clean;
};

/** `baseUrl` + `path` with one slash between; a base that is not http(s) is a configuration error. */
export function joinUrl(baseUrl: string, path: string): URL {
  let url: URL;
  try {
    url = new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AgentPoolError('CONFIG_INVALID', `A usage base URL must be http or https: ${redact(baseUrl)}`, {
      details: { base_url: redact(baseUrl) },
    });
  }
  return url;
}

/** Seconds from a `retry-after` header: delta seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now: Date): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // An HTTP date has a weekday and month name; Date.parse alone would read "-5" as a year.
  const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

async function readBounded(response: Response, maxBytes: number): Promise<string | null> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A bounded JSON request: never hangs past `timeoutMs`, never reads an unbounded body, and reports
 * a rate limit, an HTTP error, malformed JSON or a network failure as a typed result.
 */
export async function requestJson<T = unknown>(request: HttpJsonRequest): Promise<HttpJsonResult<T>> {
  const url = joinUrl(request.baseUrl, request.path);
  const now = request.now ?? (() => new Date());
  const maxBytes = request.maxBytes ?? DEFAULT_MAX_BYTES;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const onCallerAbort = () => controller.abort();
  if (request.signal?.aborted) controller.abort();
  request.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const secrets = [...headerSecrets(request.headers), ...(request.secrets ?? [])];
  const method = request.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] ??= 'application/json';
  try {
    const response = await fetch(url, {
      method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: controller.signal,
      redirect: 'error',
    });
    if (response.status === 429) {
      await response.body?.cancel().catch(() => undefined);
      const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'), now());
      const retryAt = retryAfterSeconds === null ? null : new Date(now().getTime() + retryAfterSeconds * 1000).toISOString();
      return { kind: 'rate_limited', status: 429, retryAfterSeconds, retryAt };
    }
    const text = await readBounded(response, maxBytes);
    if (text === null) return { kind: 'too_large', status: response.status, maxBytes };
    if (!response.ok) return { kind: 'http_error', status: response.status, excerpt: excerptOf(text, secrets) };
    try {
      return { kind: 'ok', status: response.status, data: JSON.parse(text) as T };
    } catch (error) {
      return {
        kind: 'malformed_json',
        status: response.status,
        message: scrubSecrets((error as Error).message, secrets),
        excerpt: excerptOf(text, secrets),
      };
    }
  } catch (error) {
    if (timedOut) return { kind: 'timeout', timeoutMs: request.timeoutMs };
    if (controller.signal.aborted) return { kind: 'aborted' };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { kind: 'network_error', message: scrubSecrets(cause?.code ?? cause?.message ?? (error as Error).message, secrets) };
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/** One line for a result that is not `ok`, fit for a snapshot's `reason`: no headers, secrets redacted. */
export function describeHttpResult(result: Exclude<HttpJsonResult, { kind: 'ok' }>): string {
  switch (result.kind) {
    case 'rate_limited':
      return result.retryAt === null ? 'rate limited (HTTP 429)' : `rate limited (HTTP 429), retry after ${result.retryAt}`;
    case 'http_error':
      return `HTTP ${result.status}${result.excerpt ? `: ${result.excerpt}` : ''}`;
    case 'malformed_json':
      return `malformed JSON (HTTP ${result.status}): ${result.message}`;
    case 'too_large':
      return `response larger than ${result.maxBytes} bytes`;
    case 'timeout':
      return `no answer within ${result.timeoutMs / 1000} s`;
    case 'aborted':
      return 'aborted';
    case 'network_error':
      return `network error: ${result.message}`;
  }
}
