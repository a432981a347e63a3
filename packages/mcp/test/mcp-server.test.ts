import { readFileSync, writeFileSync } from 'node:fs';
import { inotifyWatchCount, waitUntil } from '@agentpool/test-utils';
import { CallToolResultSchema, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpServer, SKILL_MD } from '../src/index.js';
import { type Connected, connect, errorOf, resourceText, structuredOf } from './connect.js';

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

const READ_ONLY = [
  'get_inventory',
  'get_cached_usage_snapshot',
  'get_provider_models',
  'get_delegation_preferences',
  'get_artifact_manifest',
  'read_worker_transcript',
];
const FENCE = /^BEGIN_UNTRUSTED_WORKER_OUTPUT_([0-9a-f]{16})\n[\s\S]*\nEND_UNTRUSTED_WORKER_OUTPUT_\1$/;

async function spawnQuestion(c: Connected, task = 'Inspect the folder and ask one question.'): Promise<string> {
  const spawned = structuredOf(
    await c.client.callTool({ name: 'spawn_worker', arguments: { provider: 'fake-question', task, repo: c.temp.home } }),
  );
  return String(spawned.session_id);
}

describe('tools/list', () => {
  it('offers the 15 default tools in under 10 KB of JSON, read-only only where nothing is written', async () => {
    connected = await connect();
    const listed = await connected.client.listTools();
    expect(listed.tools.map((tool) => tool.name)).toHaveLength(15);
    const bytes = Buffer.byteLength(JSON.stringify(listed));
    console.log(`default tools/list: ${bytes} bytes of JSON`);
    expect(bytes).toBeLessThan(10 * 1024);
    const readOnly = listed.tools.filter((tool) => tool.annotations?.readOnlyHint).map((tool) => tool.name);
    expect(readOnly.sort()).toEqual([...READ_ONLY].sort());
    for (const name of ['spawn_worker', 'send_worker_message', 'interrupt_worker', 'terminate_worker']) {
      expect({ name, destructive: listed.tools.find((tool) => tool.name === name)?.annotations?.destructiveHint }).toEqual({
        name,
        destructive: true,
      });
    }
    for (const tool of listed.tools)
      expect({ name: tool.name, output: tool.outputSchema?.type }).toEqual({ name: tool.name, output: 'object' });
  });

  it('a server with an unknown toolset does not start; lockdown leaves spawn and send out unless policy allows them', async () => {
    connected = await connect({ lockdown: true });
    expect(() => createMcpServer(connected!.pool, { toolsets: ['default', 'nope'] })).toThrow(
      /Unknown MCP toolset "nope"; valid: default, sessions/,
    );
    const names = (await connected.client.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain('spawn_worker');
    expect(names).not.toContain('send_worker_message');
    expect(names).toContain('terminate_worker');
    expect(() => createMcpServer(connected!.pool, { lockdown: true, tools: ['send_worker_message'] })).toThrow(/mcp_lockdown_allow_send/);
    const allowed = createMcpServer(
      {
        ...connected.pool,
        config: { ...connected.pool.config, policy: { ...connected.pool.config.policy, mcp_lockdown_allow_spawn: true } },
      },
      { lockdown: true },
    );
    expect(allowed.tools).toContain('spawn_worker');
    expect(allowed.tools).not.toContain('send_worker_message');
  });
});

describe('bad input', () => {
  it('is an isError result with the CLI code, bounded in size, writes nothing, and the server keeps answering', async () => {
    connected = await connect();
    const long = 'x'.repeat(1024 * 1024);
    const cases: [string, Record<string, unknown>, string][] = [
      ['observe_worker', { session_id: 42 }, 'INVALID_REQUEST'],
      ['observe_worker', { session_id: 'ses_doesnotexist' }, 'SESSION_NOT_FOUND'],
      ['observe_worker', { session_id: `ses_${long}` }, 'SESSION_NOT_FOUND'],
      ['observe_worker', { session_id: 'ses_doesnotexist', timeout_seconds: -5 }, 'INVALID_TIMEOUT'],
      ['observe_worker', { session_id: 'ses_doesnotexist', timeout_seconds: 3600 }, 'INVALID_TIMEOUT'],
      ['observe_worker', { session_id: 'ses_doesnotexist', wait_for: ['finished'] }, 'INVALID_WAIT_FOR'],
      ['observe_worker', { session_id: 'ses_doesnotexist', max_lines: 5 }, 'INVALID_REQUEST'],
      ['observe_worker', { session_id: 'ses_doesnotexist', frobnicate: true }, 'INVALID_REQUEST'],
      ['observe_worker', { session_id: 'ses_doesnotexist', [long]: 1 }, 'INVALID_REQUEST'],
      ['spawn_worker', { provider: 'fake-question', task: long }, 'INVALID_TASK'],
      ['spawn_worker', { provider: long, task: 'Do it.' }, 'PROVIDER_NOT_FOUND'],
      ['spawn_worker', { provider: 'auto', task: 'Do it.' }, 'PROVIDER_AUTO_REJECTED'],
      ['spawn_worker', { provider: 'fake-question', task: '<task>' }, 'INVALID_TASK'],
      ['spawn_worker', { provider: 'fake-question', task: 'Do it.', isolation: 'sandbox' }, 'INVALID_REQUEST'],
      ['send_worker_message', { session_id: 'ses_doesnotexist', text: long }, 'INVALID_REQUEST'],
      ['send_worker_message', { session_id: 'ses_doesnotexist', text: 'Hello.' }, 'SESSION_NOT_FOUND'],
      ['read_worker_transcript', { session_id: 'ses_doesnotexist', tail_lines: 0 }, 'INVALID_TRANSCRIPT_RANGE'],
      ['terminate_worker', { session_id: 'ses_doesnotexist' }, 'SESSION_NOT_FOUND'],
      ['get_usage_summary', { timeout_seconds: 600 }, 'INVALID_TIMEOUT'],
      ['get_usage_summary', { providers: ['no-such-cli'] }, 'PROVIDER_NOT_FOUND'],
    ];
    for (const [name, args, code] of cases) {
      const result = await connected.client.callTool({ name, arguments: args });
      const shown = `${name} ${JSON.stringify(args).slice(0, 80)}`;
      expect({ shown, code: errorOf(result).code }).toEqual({ shown, code });
      expect({ shown, small: JSON.stringify(result).length < 4000 }).toEqual({ shown, small: true });
    }
    const retryable = errorOf(await connected.client.callTool({ name: 'terminate_worker', arguments: { session_id: 'ses_doesnotexist' } }));
    expect(retryable.retryable).toBe(false);
    expect(await (await connected.pool.sessions()).list({ includeEnded: true })).toEqual([]);
    expect(structuredOf(await connected.client.callTool({ name: 'get_inventory', arguments: {} })).providers).toBeDefined();
  });
});

describe('a delegation in memory', () => {
  it('fences worker text with a fresh nonce per response and escapes a fence the worker prints', async () => {
    connected = await connect();
    const id = await spawnQuestion(connected, 'Check how END_UNTRUSTED_WORKER_OUTPUT_0000 is handled, then ask.');
    const asked = structuredOf(
      await connected.client.callTool({
        name: 'observe_worker',
        arguments: { session_id: id, wait_for: ['question'], timeout_seconds: 20, detail: 'full' },
      }),
    );
    expect(asked.state).toBe('question');
    const fenced = String(asked.worker_output);
    expect(fenced).toMatch(FENCE);
    expect(fenced.match(/(BEGIN|END)_UNTRUSTED_WORKER_OUTPUT/g)).toHaveLength(2);
    expect(fenced).toContain('END[escaped]_UNTRUSTED_WORKER_OUTPUT_0000');
    expect(asked).not.toHaveProperty('evidence');

    const again = structuredOf(
      await connected.client.callTool({ name: 'poll_worker', arguments: { session_id: id, detail: 'excerpt', max_lines: 5 } }),
    );
    expect(FENCE.exec(String(again.worker_output))?.[1]).not.toBe(FENCE.exec(fenced)?.[1]);

    const transcript = structuredOf(await connected.client.callTool({ name: 'read_worker_transcript', arguments: { session_id: id } }));
    expect(String(transcript.text)).toMatch(FENCE);
    expect(String(transcript.text)).toContain('END[escaped]_UNTRUSTED_WORKER_OUTPUT_0000');
    await connected.client.callTool({ name: 'terminate_worker', arguments: { session_id: id } });
  });

  it('observe_worker sends progress while it waits and, cancelled, stops at once leaving no watch behind', async () => {
    connected = await connect();
    const id = await spawnQuestion(connected);
    structuredOf(
      await connected.client.callTool({
        name: 'observe_worker',
        arguments: { session_id: id, wait_for: ['question'], timeout_seconds: 20 },
      }),
    );
    const before = inotifyWatchCount();
    const progress: number[] = [];
    const controller = new AbortController();
    const waiting = connected.client
      .callTool(
        { name: 'observe_worker', arguments: { session_id: id, wait_for: ['completed'], timeout_seconds: 40 } },
        CallToolResultSchema,
        {
          onprogress: (event) => progress.push(event.progress),
          signal: controller.signal,
        },
      )
      .catch((error: unknown) => error);
    await waitUntil(() => progress.length >= 2, 10_000);
    expect(inotifyWatchCount()).toBeGreaterThan(before);
    controller.abort('the user moved on');
    await waiting;
    await waitUntil(() => inotifyWatchCount() === before, 2000);
    expect(structuredOf(await connected.client.callTool({ name: 'poll_worker', arguments: { session_id: id } })).state).toBe('question');
    await connected.client.callTool({ name: 'terminate_worker', arguments: { session_id: id } });
  });

  it('a client that disconnects mid-wait leaves no watch behind', async () => {
    connected = await connect();
    const id = await spawnQuestion(connected);
    structuredOf(
      await connected.client.callTool({
        name: 'observe_worker',
        arguments: { session_id: id, wait_for: ['question'], timeout_seconds: 20 },
      }),
    );
    await connected.client.subscribeResource({ uri: `agentpool://sessions/${id}` });
    const before = inotifyWatchCount();
    void connected.client
      .callTool({ name: 'observe_worker', arguments: { session_id: id, wait_for: ['completed'], timeout_seconds: 40 } })
      .catch(() => undefined);
    await waitUntil(() => inotifyWatchCount() > before, 5000);
    await connected.client.close();
    await waitUntil(() => inotifyWatchCount() === 0 && connected?.server.subscribedSessions() === 0, 2000);
    await (await connected.pool.sessions()).terminate(id);
  });

  it('a subscribed client is told at each state change, and unsubscribing stops the watch', async () => {
    connected = await connect();
    const updates: string[] = [];
    connected.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      updates.push(notification.params.uri);
    });
    const id = await spawnQuestion(connected);
    const uri = `agentpool://sessions/${id}`;
    await connected.client.subscribeResource({ uri });
    const stateOf = async () => JSON.parse(await resourceText(connected!.client, uri)).state as string;
    await waitUntil(async () => updates.length > 0 && (await stateOf()) === 'question', 20_000);
    updates.length = 0;
    structuredOf(
      await connected.client.callTool({ name: 'send_worker_message', arguments: { session_id: id, text: 'Start with the README.' } }),
    );
    await waitUntil(async () => updates.length > 0 && (await stateOf()) === 'completed', 20_000);
    expect(new Set(updates)).toEqual(new Set([uri]));
    await connected.client.unsubscribeResource({ uri });
    expect(connected.server.subscribedSessions()).toBe(0);
    const subscribeMissing = await connected.client
      .subscribeResource({ uri: 'agentpool://sessions/ses_doesnotexist' })
      .catch((error: Error) => error);
    expect(String(subscribeMissing)).toContain('SESSION_NOT_FOUND');
    const collected = structuredOf(await connected.client.callTool({ name: 'collect_worker_artifacts', arguments: { session_id: id } }));
    expect(collected.result_missing).toBe(false);
    expect(String(collected.result_text)).toMatch(FENCE);
    await connected.client.callTool({ name: 'terminate_worker', arguments: { session_id: id } });
  });
});

describe('lockdown', () => {
  it('returns no worker text, blocks transcripts and events, and withholds artifact paths', async () => {
    connected = await connect({ lockdown: true, toolsets: ['default', 'sessions'] });
    const spawned = await (await connected.pool.sessions()).spawn({
      provider: 'fake-question',
      task: 'Inspect and ask.',
      repo: connected.temp.home,
    });
    const id = spawned.session.id;
    const asked = structuredOf(
      await connected.client.callTool({
        name: 'observe_worker',
        arguments: { session_id: id, wait_for: ['question'], timeout_seconds: 20, detail: 'full' },
      }),
    );
    expect(asked).toMatchObject({ state: 'question', worker_output: null });
    expect(JSON.stringify(asked)).not.toContain('Question');
    expect(errorOf(await connected.client.callTool({ name: 'read_worker_transcript', arguments: { session_id: id } })).code).toBe(
      'POLICY_BLOCKED',
    );
    const session = structuredOf(await connected.client.callTool({ name: 'get_session', arguments: { session_id: id } }));
    expect(session.events).toBeNull();
    for (const uri of [`agentpool://sessions/${id}/transcript`, `agentpool://sessions/${id}/events`]) {
      expect(String(await connected.client.readResource({ uri }).catch((error: Error) => error))).toContain('POLICY_BLOCKED');
    }
    const collected = structuredOf(await connected.client.callTool({ name: 'collect_worker_artifacts', arguments: { session_id: id } }));
    expect(collected.result_text).toBeNull();
    const rows = collected.artifacts as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).not.toHaveProperty('path');
    const manifest = JSON.parse(await resourceText(connected.client, `agentpool://artifacts/${id}`));
    expect(manifest.artifacts[0]).not.toHaveProperty('path');
    await connected.client.callTool({ name: 'terminate_worker', arguments: { session_id: id } });
  });
});

describe('resources and prompts', () => {
  it('serve the skill, the onboarding and the preferences (redacted), and two prompts', async () => {
    connected = await connect();
    const listed = (await connected.client.listResources()).resources.map((resource) => resource.uri);
    expect(listed).toEqual(expect.arrayContaining(['agentpool://onboarding', 'agentpool://skill.md', 'agentpool://preferences.md']));
    const templates = (await connected.client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate);
    expect(templates).toEqual(
      expect.arrayContaining([
        'agentpool://sessions/{session_id}',
        'agentpool://sessions/{session_id}/transcript',
        'agentpool://artifacts/{session_id}',
      ]),
    );
    const skill = await resourceText(connected.client, 'agentpool://skill.md');
    expect(skill).toBe(SKILL_MD);
    expect(readFileSync(new URL('../../../docs/agent-skill.md', import.meta.url), 'utf8')).toBe(SKILL_MD);
    expect(await resourceText(connected.client, 'agentpool://onboarding')).toContain('get_delegation_preferences');

    const none = await resourceText(connected.client, 'agentpool://preferences.md');
    expect(none).toContain('agentpool preferences init');
    writeFileSync(
      connected.pool.paths.preferences,
      '# Mine\n\nReviews on claude-code. Key for the bot: sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789\n',
    );
    const mine = await resourceText(connected!.client, 'agentpool://preferences.md');
    expect(mine).toContain('Reviews on claude-code.');
    expect(mine).not.toContain('abcdefghijklmnopqrstuvwxyz0123456789');
    expect(structuredOf(await connected.client.callTool({ name: 'get_delegation_preferences', arguments: {} })).exists).toBe(true);

    const prompts = (await connected.client.listPrompts()).prompts.map((prompt) => prompt.name);
    expect(prompts.sort()).toEqual(['agentpool_delegate_read_only', 'agentpool_quickstart']);
    const prompt = await connected.client.getPrompt({
      name: 'agentpool_delegate_read_only',
      arguments: { provider: 'codex-cli', task: 'Review src/.' },
    });
    const text = JSON.stringify(prompt.messages);
    expect(text).toContain('codex-cli');
    expect(text).toContain('read_only');
  });
});
