import { writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface WhamAnswer {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON unless a string. */
  readonly body: unknown;
  readonly delayMs?: number;
}

export interface WhamImitation {
  /** `http://127.0.0.1:PORT/backend-api/` */
  readonly baseUrl: string;
  readonly requests: { readonly url: string; readonly headers: IncomingHttpHeaders }[];
  /** The paths of every other request (answered 404), in order. */
  readonly others: string[];
  answer: WhamAnswer;
  close(): Promise<void>;
}

/** A loopback imitation of the ChatGPT backend's `GET /backend-api/wham/usage`; every other path is 404. */
export async function startWhamImitation(answer: WhamAnswer): Promise<WhamImitation> {
  const requests: WhamImitation['requests'] = [];
  const others: string[] = [];
  const state = { answer };
  const server: Server = createServer((request, response) => {
    const url = request.url ?? '';
    if (!url.startsWith('/backend-api/wham/usage')) {
      others.push(url);
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"detail":"not found"}');
      return;
    }
    requests.push({ url, headers: request.headers });
    const reply = state.answer;
    setTimeout(() => {
      response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      response.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
    }, reply.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/backend-api/`,
    requests,
    others,
    get answer() {
      return state.answer;
    },
    set answer(value) {
      state.answer = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const window = (usedPercent: number, seconds: number, resetAfter: number, now: number) => ({
  used_percent: usedPercent,
  limit_window_seconds: seconds,
  reset_after_seconds: resetAfter,
  reset_at: Math.floor(now / 1000) + resetAfter,
});

/**
 * A `wham/usage` body in the shape Codex 0.169 decodes (every field it requires: it refuses a body
 * missing `allowed`, `limit_reached` or `reset_after_seconds`).
 */
export function whamBody(options: {
  readonly now: number;
  readonly primary?: [number, number] | null;
  readonly secondary?: [number, number] | null;
  readonly additional?: boolean;
  readonly limitReached?: boolean;
}) {
  const { now } = options;
  const primary: [number, number] | null = options.primary === undefined ? [42, 18_000] : options.primary;
  const secondary: [number, number] | null = options.secondary === undefined ? [16, 604_800] : options.secondary;
  return {
    plan_type: 'pro',
    rate_limit: {
      allowed: !options.limitReached,
      limit_reached: options.limitReached === true,
      primary_window: primary ? window(primary[0], primary[1], 3600, now) : null,
      secondary_window: secondary ? window(secondary[0], secondary[1], 86_400, now) : null,
    },
    additional_rate_limits: options.additional
      ? [
          {
            limit_name: 'GPT-5-Codex-Spark',
            metered_feature: 'codex_bengalfox',
            rate_limit: { allowed: true, limit_reached: false, primary_window: window(7, 18_000, 600, now), secondary_window: null },
          },
        ]
      : [],
    credits: { has_credits: false, unlimited: false, balance: '0' },
  };
}

/** A fake but well-formed access token: a JWT Codex can decode (never a real one). */
export const FAKE_ACCESS_TOKEN = (() => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({
    email: 'probe@example.com',
    exp: 4_102_444_800,
    'https://api.openai.com/auth': { chatgpt_plan_type: 'pro', chatgpt_account_id: 'acct-test-1', chatgpt_user_id: 'user-1' },
  })}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
})();

/** A ChatGPT-style `auth.json` in a throwaway home. */
export function writeChatgptAuth(codexHome: string): void {
  writeFileSync(
    join(codexHome, 'auth.json'),
    JSON.stringify({
      OPENAI_API_KEY: null,
      tokens: { id_token: FAKE_ACCESS_TOKEN, access_token: FAKE_ACCESS_TOKEN, refresh_token: 'rt-test-refresh', account_id: 'acct-test-1' },
      last_refresh: new Date().toISOString(),
    }),
  );
}
