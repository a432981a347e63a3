import { AgentPoolError } from '@agentpool/core';
import { createAgentPool } from '@agentpool/sdk';
import { printError } from './output.js';

/** `cap list`: the resolved source homes, one per line (`--json`: `{"sources": […]}`). */
export async function listSources(args: readonly string[]): Promise<number> {
  const json = args.includes('--json');
  const unknown = args.filter((arg) => arg !== '--json');
  if (unknown.length > 0) {
    return printError(
      { json },
      new AgentPoolError('INVALID_REQUEST', `cap list takes no arguments; got "${unknown[0]?.slice(0, 60)}".`, { hint: 'cap list' }),
    );
  }
  try {
    const pool = await createAgentPool({ env: process.env });
    try {
      const { sources } = pool.accountPool().settings;
      process.stdout.write(json ? `${JSON.stringify({ sources }, null, 2)}\n` : sources.map((source) => `${source}\n`).join(''));
      return 0;
    } finally {
      await pool.close();
    }
  } catch (error) {
    return printError({ json }, error);
  }
}
