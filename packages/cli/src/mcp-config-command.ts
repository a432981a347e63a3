import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AgentPoolError } from '@agentpool/core';
import {
  agentpoolServerCommand,
  type ConfigScope,
  describeMcpConfig,
  installMcpConfig,
  MCP_CLIENT_IDS,
  type McpClientId,
  type McpConfigChange,
  type McpConfigTarget,
  uninstallMcpConfig,
} from '@agentpool/mcp-config';
import type { Command } from 'commander';
import { type CliRun, oneOf } from './cli-context.js';
import { defineAction } from './command-kit.js';
import { usageError } from './output.js';

/** This CLI's own script, for `--absolute-command`: dist/bin.js beside this chunk, else the script node was started with. */
function agentpoolScript(): string {
  const candidates = [fileURLToPath(new URL('./bin.js', import.meta.url)), process.argv[1]];
  const found = candidates.find((candidate): candidate is string => candidate !== undefined && existsSync(candidate));
  if (!found) throw new AgentPoolError('INTERNAL', 'Cannot find the agentpool script to name in --absolute-command.');
  return realpathSync(found);
}

function changeJson(change: McpConfigChange) {
  return {
    client: change.client,
    client_name: change.clientName,
    scope: change.scope,
    action: change.action,
    dry_run: change.dryRun,
    path: change.path,
    changed: change.changed,
    created: change.created,
    backup: change.backup,
    diff: change.diff,
    verify: change.verify,
  };
}

function changeText(change: McpConfigChange): string {
  const where = `${change.clientName}'s ${change.scope} config ${change.path}`;
  if (change.dryRun) {
    if (!change.changed) return `# dry run: ${where} needs no change`;
    return `# dry run: nothing written; --${change.action} would change ${where}${change.created ? ' (a new file)' : ''}:\n${change.diff}`;
  }
  if (!change.changed) {
    return change.action === 'install'
      ? `agentpool is already in ${where}; nothing changed\ncheck: ${change.verify}`
      : `${where} has no agentpool entry; nothing changed`;
  }
  const lines = [change.action === 'install' ? `installed agentpool in ${where}` : `removed agentpool from ${where}`];
  if (change.backup) lines.push(`backup: ${change.backup}`);
  if (change.action === 'install') lines.push(`check:  ${change.verify}`);
  return lines.join('\n');
}

export function registerMcpConfigCommand(program: Command, run: CliRun): void {
  defineAction(
    program
      .command('mcp-config')
      .description("the config that makes an MCP client start `agentpool mcp`: printed, or written into the client's own config file")
      .option('--client <client>', MCP_CLIENT_IDS.join('|'))
      .option('--scope <scope>', 'user (default: your config in your home) or project (the file the client reads in the current folder)')
      .option('--absolute-command', 'start the server as <node> <agentpool script> mcp, for clients that do not search your PATH')
      .option('--install', "write agentpool's entry into the client's config file (locked, backed up, atomic; nothing else changes)")
      .option('--uninstall', "remove agentpool's entry from the client's config file")
      .option('--dry-run', 'with --install or --uninstall: show the diff and write nothing'),
    run,
    async (_args, options) => {
      const example = 'agentpool mcp-config --client claude-code --install';
      if (typeof options.client !== 'string') {
        throw usageError(`--client is required: one of ${MCP_CLIENT_IDS.join(', ')}.`, 'agentpool mcp-config --client claude-code');
      }
      const client = oneOf(options.client, MCP_CLIENT_IDS, '--client', 'agentpool mcp-config --client claude-code') as McpClientId;
      const scope = oneOf(
        options.scope as string | undefined,
        ['user', 'project'] as const,
        '--scope',
        `agentpool mcp-config --client ${client} --scope project`,
      );
      const install = options.install === true;
      const uninstall = options.uninstall === true;
      if (install && uninstall) throw usageError('--install and --uninstall cannot be given together.', example);
      if (options.dryRun === true && !install && !uninstall) {
        throw usageError('--dry-run needs --install or --uninstall (without them nothing is written anyway).', `${example} --dry-run`);
      }
      if (uninstall && options.absoluteCommand === true) {
        throw usageError(
          "--absolute-command does not apply to --uninstall, which removes agentpool's entry whatever its command.",
          `agentpool mcp-config --client ${client} --uninstall`,
        );
      }
      const command = agentpoolServerCommand(
        options.absoluteCommand === true ? { absolute: true, nodePath: process.execPath, cliScript: agentpoolScript() } : {},
      );
      const target: McpConfigTarget = {
        client,
        ...(scope ? { scope: scope as ConfigScope } : {}),
        command,
        context: { env: run.env, cwd: process.cwd(), platform: process.platform },
      };

      if (install || uninstall) {
        const change = await (install ? installMcpConfig : uninstallMcpConfig)(target, { dryRun: options.dryRun === true });
        return { value: changeJson(change), human: () => changeText(change) };
      }

      const snippet = describeMcpConfig(target);
      if (options.json !== true) {
        // The config alone goes to stdout (so it can be piped into a file); where it goes and how to check it, to stderr.
        const notes = snippet.path
          ? [
              `# ${snippet.clientName}, ${snippet.scope} scope: ${snippet.path}`,
              `# write it there: agentpool mcp-config --client ${client}${scope ? ` --scope ${scope}` : ''}${options.absoluteCommand === true ? ' --absolute-command' : ''} --install`,
              `# then check: ${snippet.verify}`,
            ]
          : [`# add this to your MCP client's config; check the server with: ${snippet.verify}`];
        if (snippet.deeplink) notes.push(`# or open this link to install it in Cursor: ${snippet.deeplink}`);
        process.stderr.write(`${notes.join('\n')}\n`);
      }
      return {
        value: {
          client: snippet.client,
          client_name: snippet.clientName,
          scope: snippet.scope,
          path: snippet.path,
          format: snippet.format,
          text: snippet.text,
          entry: snippet.entry,
          deeplink: snippet.deeplink,
          verify: snippet.verify,
        },
        human: () => snippet.text,
      };
    },
  );
}
