import { mkdirSync } from 'node:fs';
import { type AgentPoolConfig, defaultConfig } from '@agentpool/core';
import { type AgentPool, createAgentPool } from '@agentpool/sdk';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { type AgentPoolMcpServer, createMcpServer, type McpServerOptions } from '../src/index.js';

export interface Connected {
  readonly temp: TempHome;
  readonly pool: AgentPool;
  readonly server: AgentPoolMcpServer;
  readonly client: Client;
  close(): Promise<void>;
}

/** A real pool in a temp home (real SQLite, a real tmux server), its MCP server and an SDK client, connected in memory. */
export async function connect(
  options: McpServerOptions = {},
  configure: (config: AgentPoolConfig) => AgentPoolConfig = (c) => c,
): Promise<Connected> {
  const temp = createTempHome();
  mkdirSync(temp.home, { recursive: true });
  const config = configure({ ...defaultConfig(), observe: { quiescence_ms: 1500 } });
  const pool = await createAgentPool({ env: temp.env, config });
  const server = createMcpServer(pool, options);
  const client = new Client({ name: 'agentpool-test', version: '0.0.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.server.connect(serverSide);
  await client.connect(clientSide);
  return {
    temp,
    pool,
    server,
    client,
    async close() {
      await client.close();
      await pool.close();
      temp.cleanup();
    },
  };
}

/** The error envelope of an `isError` result. */
export function errorOf(result: unknown): { code: string; message: string; retryable: boolean; details: Record<string, unknown> } {
  const value = result as { isError?: boolean; content: { type: string; text: string }[] };
  if (!value.isError) throw new Error(`expected an isError result, got ${JSON.stringify(value).slice(0, 300)}`);
  return (JSON.parse(value.content[0]?.text ?? '{}') as { error: ReturnType<typeof errorOf> }).error;
}

/** structuredContent of a successful result. */
export function structuredOf(result: unknown): Record<string, unknown> {
  const value = result as { isError?: boolean; structuredContent?: Record<string, unknown>; content: { text: string }[] };
  if (value.isError) throw new Error(`tool failed: ${value.content[0]?.text}`);
  return value.structuredContent ?? {};
}

/** The text of a resource (its first content). */
export async function resourceText(client: Client, uri: string): Promise<string> {
  const content = (await client.readResource({ uri })).contents[0];
  return content && 'text' in content ? content.text : '';
}
