import type { Command } from 'commander';
import type { CliRun } from './cli-context.js';
import { defineAction } from './command-kit.js';
import { CLI_VERSION } from './version.js';

export function registerMcpCommand(program: Command, run: CliRun): void {
  defineAction(
    program
      .command('mcp')
      .description('serve agentpool to an MCP client over stdio (tools, resources with subscriptions, prompts)')
      .option(
        '--toolsets <names>',
        'comma list: default, sessions, leases, worktrees, classify, stats, pool, teams, all (env AGENTPOOL_MCP_TOOLSETS)',
      )
      .option('--tools <names>', 'comma list of single tools; alone, exactly these (env AGENTPOOL_MCP_TOOLS)')
      .option('--lockdown', 'no worker text, no transcripts or events; spawn/send only as policy allows (env AGENTPOOL_MCP_LOCKDOWN=1)'),
    run,
    async (_args, options) => {
      // Loaded only for `agentpool mcp`: the MCP SDK stays out of every other command's start-up.
      const { mcpServerOptions, serveStdio } = await import('@agentpool/mcp');
      const serverOptions = mcpServerOptions(
        {
          toolsets: typeof options.toolsets === 'string' ? options.toolsets : undefined,
          tools: typeof options.tools === 'string' ? options.tools : undefined,
          lockdown: options.lockdown === true,
        },
        run.env,
      );
      await serveStdio(await run.agentPool(), { ...serverOptions, version: CLI_VERSION });
      return { value: null, human: () => '', printed: true };
    },
  );
}
