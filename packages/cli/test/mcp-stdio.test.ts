import { execFile, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createTempHome, type TempHome, waitUntil } from '@agentpool/test-utils';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN } from './run-cli.js';

let temp: TempHome;
beforeEach(() => {
  temp = createTempHome();
  mkdirSync(temp.home, { recursive: true });
});
afterEach(() => temp.cleanup());

const FENCE = /^BEGIN_UNTRUSTED_WORKER_OUTPUT_([0-9a-f]{16})\n[\s\S]*\nEND_UNTRUSTED_WORKER_OUTPUT_\1$/;
/** The MCP Inspector's own CLI (0.15.0, the last that runs on Node 20): a real MCP client. */
const INSPECTOR = join(dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector/package.json')), 'cli/build/cli.js');

function inspector(args: readonly string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [INSPECTOR, '--cli', process.execPath, BIN, 'mcp', ...args],
      { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function structuredOf(result: unknown): Record<string, unknown> {
  const value = result as { isError?: boolean; structuredContent?: Record<string, unknown>; content: { text: string }[] };
  if (value.isError) throw new Error(`tool failed: ${value.content[0]?.text}`);
  return value.structuredContent ?? {};
}

describe('agentpool mcp over stdio', () => {
  it('the MCP Inspector CLI lists its tools and calls get_inventory', async () => {
    const listed = await inspector(['--method', 'tools/list'], temp.env);
    expect(listed.code).toBe(0);
    const tools = (JSON.parse(listed.stdout) as { tools: { name: string }[] }).tools.map((tool) => tool.name);
    expect(tools).toHaveLength(15);
    expect(tools).toEqual(expect.arrayContaining(['get_inventory', 'spawn_worker', 'observe_worker', 'terminate_worker']));

    const called = await inspector(
      ['--method', 'tools/call', '--tool-name', 'get_inventory', '--tool-arg', 'include_test_providers=true'],
      temp.env,
    );
    expect(called.code).toBe(0);
    const result = JSON.parse(called.stdout) as { isError?: boolean; structuredContent: { providers: { id: string }[]; home: string } };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent.home).toBe(temp.home);
    expect(result.structuredContent.providers.map((row) => row.id)).toContain('fake-question');
  });

  it('an unknown toolset fails start-up with the valid names, exit 2', async () => {
    const run = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, 'mcp', '--toolsets', 'default,tasks'],
        { env: temp.env, timeout: 20_000 },
        (error, _stdout, stderr) => resolve({ code: Number(error?.code ?? 0), stderr }),
      );
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'Unknown MCP toolset "tasks"; valid: default, sessions, leases, worktrees, classify, stats, pool, teams, all',
    );
  });

  it('an SDK client delegates to a fake worker: spawn, question, send, a resource update for the completion, collect, terminate', async () => {
    const client = new Client({ name: 'agentpool-stdio-test', version: '0.0.0' });
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], env: temp.env, stderr: 'pipe' });
    await client.connect(transport);
    try {
      const updates: string[] = [];
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
        updates.push(notification.params.uri);
      });
      const spawned = structuredOf(
        await client.callTool({
          name: 'spawn_worker',
          arguments: { provider: 'fake-question', task: 'Inspect the folder and ask.', repo: temp.home },
        }),
      );
      const id = String(spawned.session_id);
      const uri = `agentpool://sessions/${id}`;
      await client.subscribeResource({ uri });

      const asked = structuredOf(
        await client.callTool({
          name: 'observe_worker',
          arguments: { session_id: id, wait_for: ['question'], timeout_seconds: 30, detail: 'excerpt' },
        }),
      );
      expect(asked).toMatchObject({ state: 'question', reached: true });
      expect(String(asked.worker_output)).toMatch(FENCE);
      expect(String(asked.worker_output)).toContain('Question:');

      updates.length = 0;
      const sent = structuredOf(
        await client.callTool({ name: 'send_worker_message', arguments: { session_id: id, text: 'Look in the src folder first.' } }),
      );
      expect(sent.turn).toBe(2);
      // No polling: the server tells the client when the state changes; then one read says which.
      const state = async () => {
        const content = (await client.readResource({ uri })).contents[0];
        return JSON.parse(content && 'text' in content ? content.text : '{}').state as string;
      };
      await waitUntil(async () => updates.includes(uri) && (await state()) === 'completed', 30_000, 100);

      const collected = structuredOf(await client.callTool({ name: 'collect_worker_artifacts', arguments: { session_id: id } }));
      expect(collected).toMatchObject({ turn: 2, result_missing: false });
      const fenced = String(collected.result_text);
      expect(fenced).toMatch(FENCE);
      expect(fenced).toContain('after the answer');

      const terminated = structuredOf(await client.callTool({ name: 'terminate_worker', arguments: { session_id: id } }));
      expect(terminated.state).toBe('cancelled');
    } finally {
      await client.close();
    }
  }, 120_000);

  it('exits on its own when the client goes away in the middle of a wait', async () => {
    const server = spawn(process.execPath, [BIN, 'mcp'], { env: temp.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    const lines: Record<string, unknown>[] = [];
    let buffered = '';
    server.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        lines.push(JSON.parse(buffered.slice(0, end)) as Record<string, unknown>);
        buffered = buffered.slice(end + 1);
      }
    });
    const send = (message: Record<string, unknown>) => server.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    const answer = (id: number) =>
      waitUntil(() => lines.find((line) => line.id === id), 30_000) as Promise<{ result: { structuredContent: Record<string, unknown> } }>;
    send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
    });
    await answer(1);
    send({ method: 'notifications/initialized' });
    send({
      id: 2,
      method: 'tools/call',
      params: { name: 'spawn_worker', arguments: { provider: 'fake-question', task: 'Inspect and ask.', repo: temp.home } },
    });
    const id = String((await answer(2)).result.structuredContent.session_id);
    send({
      id: 3,
      method: 'tools/call',
      params: { name: 'observe_worker', arguments: { session_id: id, wait_for: ['question'], timeout_seconds: 30 } },
    });
    await answer(3);
    // A wait that would last 40 s, then the client's end of the pipe closes.
    send({
      id: 4,
      method: 'tools/call',
      params: { name: 'observe_worker', arguments: { session_id: id, wait_for: ['completed'], timeout_seconds: 40 } },
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const closedAt = Date.now();
    server.stdin.end();
    const code = await Promise.race([
      exited,
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 10_000)),
    ]);
    if (code === 'still running') server.kill('SIGKILL');
    expect(code).toBe(0);
    expect(Date.now() - closedAt).toBeLessThan(5000);
  }, 90_000);
});
