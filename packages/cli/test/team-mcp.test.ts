import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from './run-cli.js';

let temp: TempHome;
beforeEach(() => {
  temp = createTempHome();
  mkdirSync(temp.home, { recursive: true });
});
afterEach(() => temp.cleanup());

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: { text: string }[] };
const structured = (result: unknown) => {
  const value = result as Result;
  if (value.isError) throw new Error(`tool failed: ${value.content[0]?.text}`);
  return value.structuredContent ?? {};
};
const errorCode = (result: unknown) => {
  const value = result as Result;
  if (!value.isError) throw new Error('expected an error result');
  return (JSON.parse(value.content[0]?.text ?? '{}') as { error: { code: string; message: string } }).error;
};

describe('the MCP teams toolset over stdio', () => {
  it('is opt-in, mirrors the CLI on the same board, and reports refusals with their codes', { timeout: 60_000 }, async () => {
    const root = join(dirname(temp.home), 'ws', '.codex', 'teams');
    const client = new Client({ name: 'agentpool-test', version: '0.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', '--toolsets', 'teams'], env: temp.env, stderr: 'pipe' }),
    );
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toHaveLength(23);
      expect(names).toEqual(
        expect.arrayContaining(['team_init', 'team_claim', 'team_next', 'team_orchestrate_debate', 'team_import', 'team_export']),
      );
      const call = async (name: string, args: Record<string, unknown>) =>
        client.callTool({ name, arguments: { team_name: 'mcp', team_root: root, ...args } });

      structured(await call('team_init', { goal: 'ship', members: ['lead', 'impl-a', 'impl-b'] }));
      structured(await call('team_add_task', { title: 'schema' }));
      structured(await call('team_add_task', { title: 'api', depends_on: ['task-1'] }));
      expect(structured(await call('team_next', { member: 'impl-a', claim: true })).task).toMatchObject({ id: 'task-1', owner: 'impl-a' });
      expect(errorCode(await call('team_claim', { task_id: 'task-1', member: 'impl-b' })).code).toBe('TASK_CONFLICT');
      expect(errorCode(await call('team_claim', { task_id: 'task-2', member: 'impl-b' })).code).toBe('TASK_BLOCKED');
      const unknown = errorCode(await call('team_claim', { task_id: 'task-2', member: 'impl-c' }));
      expect(unknown).toMatchObject({ code: 'INVALID_REQUEST' });
      expect(unknown.message).toContain("Did you mean 'impl-b'?");
      structured(await call('team_message', { from: 'lead', to: 'impl-b', body: 'take task-2 next' }));
      const inbox = structured(await call('team_inbox', { member: 'impl-b', unread: true, mark_read: true }));
      expect(inbox).toMatchObject({ unread_count: 0, messages: [{ id: 'msg-1', body: 'take task-2 next' }] });

      // The CLI sees the same board.
      const listed = await runCli(['team', 'list-tasks', '--team-name', 'mcp', '--team-root', root, '--json'], temp.env);
      expect((listed.json.tasks as { id: string; status: string; owner: string }[]).map((t) => [t.id, t.status, t.owner])).toEqual([
        ['task-1', 'in_progress', 'impl-a'],
        ['task-2', 'pending', 'unassigned'],
      ]);
      const report = structured(await call('team_monitor_report', {})).report as Record<string, unknown>;
      expect(report).toMatchObject({ claim_count: 1, message_count: 1, unread_by_member: { 'impl-b': 0, lead: 0 } });
    } finally {
      await client.close();
    }
  });
});
