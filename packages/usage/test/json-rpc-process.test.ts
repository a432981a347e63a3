import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type JsonRpcProcess, type JsonRpcProcessOptions, startJsonRpcProcess, withJsonRpcProcess } from '../src/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const node = (name: string, extra: Partial<JsonRpcProcessOptions> = {}): JsonRpcProcessOptions => ({
  command: process.execPath,
  args: [fixture(name)],
  killGraceMs: 200,
  ...extra,
});

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const waitFor = async (check: () => boolean, ms = 3000): Promise<boolean> => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
};

const started: JsonRpcProcess[] = [];
const start = (options: JsonRpcProcessOptions) => {
  const rpc = startJsonRpcProcess(options);
  started.push(rpc);
  return rpc;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((rpc) => rpc.close()));
});

describe('JSON-RPC over a real child’s stdio', () => {
  it('does the app-server handshake, reads rate limits and collects the pushed update', async () => {
    const rpc = start(node('json-rpc-server.mjs'));
    const init = await rpc.request('initialize', { clientInfo: { name: 'agentpool', version: '0.0.0' } }, { timeoutMs: 3000 });
    expect(init).toEqual({ kind: 'ok', result: { userAgent: 'fake-app-server/1.0 (agentpool)' } });
    rpc.notify('initialized');
    const limits = await rpc.request<{ rateLimits: { primary: { usedPercent: number; windowDurationMins: number } } }>(
      'account/rateLimits/read',
      undefined,
      { timeoutMs: 3000 },
    );
    expect(limits.kind).toBe('ok');
    if (limits.kind === 'ok') expect(limits.result.rateLimits.primary).toMatchObject({ usedPercent: 42, windowDurationMins: 300 });
    expect(rpc.notifications).toEqual([{ method: 'account/rateLimits/updated', params: { rateLimits: { primary: { usedPercent: 43 } } } }]);
  });

  it('answers by id when requests overlap and answers come out of order', async () => {
    const rpc = start(node('json-rpc-server.mjs'));
    const [a, b, c] = await Promise.all([
      rpc.request('slow', {}, { timeoutMs: 3000 }),
      rpc.request('initialize', {}, { timeoutMs: 3000 }),
      rpc.request('nope', {}, { timeoutMs: 3000 }),
    ]);
    expect(a).toEqual({ kind: 'ok', result: 'slow' });
    expect(b.kind).toBe('ok');
    expect(c).toEqual({ kind: 'rpc_error', code: -32601, message: 'unknown method nope', data: { method: 'nope' } });
  });

  it('reads a message written in pieces, and two messages in one write', async () => {
    const rpc = start(node('json-rpc-server.mjs'));
    expect(await rpc.request('split', {}, { timeoutMs: 3000 })).toEqual({ kind: 'ok', result: 'split ok' });
    expect(await waitFor(() => rpc.notifications.some((n) => n.method === 'after-split'))).toBe(true);
  });

  it('returns a JSON-RPC error as rpc_error, not a throw', async () => {
    const rpc = start(node('json-rpc-server.mjs'));
    expect(await rpc.request('account/rateLimits/read', {}, { timeoutMs: 3000 })).toMatchObject({ kind: 'rpc_error', code: -32002 });
  });

  it('skips and counts noise, bounds the notifications kept, and tells listeners', async () => {
    const rpc = start(node('json-rpc-server.mjs', { maxNotifications: 3 }));
    const heard: string[] = [];
    const stop = rpc.onNotification((n) => heard.push(n.method));
    expect(await rpc.request('noisy', {}, { timeoutMs: 3000 })).toEqual({ kind: 'ok', result: 'after the noise' });
    expect(rpc.malformedLines).toBe(3);
    expect(rpc.notifications).toHaveLength(3);
    expect(rpc.droppedNotifications).toBe(2);
    expect(heard).toHaveLength(5);
    stop();
  });

  it('refuses a request the child makes (an approval), never granting it', async () => {
    const rpc = start(node('json-rpc-server.mjs'));
    const result = await rpc.request<{ id: string; error: { code: number } }>('ask-client', {}, { timeoutMs: 3000 });
    expect(result.kind).toBe('ok');
    if (result.kind === 'ok') expect(result.result).toMatchObject({ id: 'srv-1', error: { code: -32601 } });
  });

  it('ends the session as a protocol error on an overlong line', async () => {
    const rpc = start(node('json-rpc-server.mjs', { maxLineBytes: 1000 }));
    const result = await rpc.request('long-line', { bytes: 5000 }, { timeoutMs: 3000 });
    expect(result).toEqual({ kind: 'protocol_error', message: 'a line longer than 1000 bytes' });
    expect(rpc.ended).toBe(true);
  });

  it('kills a child that does not answer in time — and the helper it started', async () => {
    const rpc = start(node('json-rpc-hang.mjs'));
    expect(await waitFor(() => rpc.notifications.length > 0)).toBe(true);
    const helperPid = (rpc.notifications[0]!.params as { pid: number }).pid;
    expect(alive(helperPid)).toBe(true);
    const result = await rpc.request('account/rateLimits/read', {}, { timeoutMs: 150 });
    expect(result).toEqual({ kind: 'timeout', method: 'account/rateLimits/read', timeoutMs: 150 });
    expect(await waitFor(() => rpc.ended)).toBe(true);
    expect(await waitFor(() => !alive(helperPid))).toBe(true);
    expect(await rpc.request('again', {}, { timeoutMs: 3000 })).toMatchObject({ kind: 'exited', signal: 'SIGKILL' });
  });

  it('reports a crash with its redacted stderr to every pending request, and ends what it left behind', async () => {
    const rpc = start(node('json-rpc-crash.mjs'));
    expect(await waitFor(() => rpc.notifications.length > 0)).toBe(true);
    const helperPid = (rpc.notifications[0]!.params as { pid: number }).pid;
    const [first, second] = await Promise.all([rpc.request('a', {}, { timeoutMs: 3000 }), rpc.request('b', {}, { timeoutMs: 3000 })]);
    expect(first).toMatchObject({ kind: 'exited', exitCode: 3, signal: null });
    expect(second).toEqual(first);
    if (first.kind === 'exited') {
      expect(first.stderr).toContain('fatal: auth failed');
      expect(first.stderr).not.toContain('eyJhbGci');
    }
    expect(await waitFor(() => !alive(helperPid))).toBe(true);
  });

  it('scrubs secrets it was given from the crash report', async () => {
    const rpc = start(node('json-rpc-crash.mjs', { secrets: ['fatal: auth'] }));
    const result = await rpc.request('a', {}, { timeoutMs: 3000 });
    expect(result).toMatchObject({ kind: 'exited', exitCode: 3 });
    if (result.kind === 'exited') expect(result.stderr).toMatch(/^\[REDACTED\] failed/);
  });

  it('reports a missing binary as spawn_error', async () => {
    const rpc = start({ command: '/nonexistent/codex', args: ['app-server'] });
    expect(await rpc.request('initialize', {}, { timeoutMs: 3000 })).toMatchObject({ kind: 'spawn_error', code: 'ENOENT' });
  });

  it('kills the child when the caller’s signal aborts', async () => {
    const controller = new AbortController();
    const rpc = start(node('json-rpc-hang.mjs', { signal: controller.signal }));
    const pending = rpc.request('x', {}, { timeoutMs: 10_000 });
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ kind: 'exited' });
  });

  it('withJsonRpcProcess ends the child even when the caller throws', async () => {
    let seen: JsonRpcProcess | undefined;
    await expect(
      withJsonRpcProcess(node('json-rpc-server.mjs'), async (rpc) => {
        seen = rpc;
        await rpc.request('initialize', {}, { timeoutMs: 3000 });
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    expect(seen?.ended).toBe(true);
  });
});
