import type { AgentPool } from '@agentpool/sdk';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer, type McpServerOptions } from './mcp-server.js';

/**
 * Serves the pool over stdio until the client closes its end (stdin ends): then every wait and
 * watch is stopped and the promise resolves, so the process can exit.
 */
export async function serveStdio(pool: AgentPool, options: McpServerOptions = {}): Promise<void> {
  const { server } = createMcpServer(pool, options);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    const previous = server.server.onclose;
    server.server.onclose = () => {
      previous?.();
      resolve();
    };
  });
  const end = () => void transport.close();
  process.stdin.once('end', end);
  process.stdin.once('close', end);
  await server.connect(transport);
  try {
    await closed;
  } finally {
    process.stdin.off('end', end);
    process.stdin.off('close', end);
  }
}
