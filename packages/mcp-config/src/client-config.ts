import { join } from 'node:path';
import { AgentPoolError, resolveHome } from '@agentpool/core';
import { type ConfigFileUpdate, updateConfigFile } from './config-file-update.js';
import { cursorInstallLink } from './cursor-deeplink.js';
import { mergedEntry } from './entry-values.js';
import { JSON_SERVERS_KEY, removeJsonServerEntry, setJsonServerEntry } from './json-config-entry.js';
import {
  type ConfigLocationContext,
  type ConfigScope,
  clientConfigPath,
  clientScopes,
  type McpClient,
  type McpClientId,
  mcpClient,
  REMOTE_TRANSPORT_KEYS,
  SERVER_NAME,
} from './mcp-clients.js';
import type { ServerCommand } from './server-command.js';
import { blockJsonDocument, tomlTable } from './snippet-text.js';
import { removeTomlServerEntry, setTomlServerEntry, TOML_SERVERS_KEY } from './toml-config-entry.js';

/** Which client, which of its config files, and the command that starts agentpool's server. */
export interface McpConfigTarget {
  readonly client: McpClientId;
  /** Default `user`. */
  readonly scope?: ConfigScope;
  readonly command: ServerCommand;
  readonly context: ConfigLocationContext;
}

/** The config for one client, ready to paste or to compare with its file. */
export interface McpConfigSnippet {
  readonly client: McpClientId;
  readonly clientName: string;
  /** null for `generic`, which has no file of its own. */
  readonly scope: ConfigScope | null;
  readonly path: string | null;
  readonly format: 'json' | 'toml';
  /** The exact text: a JSON document with `mcpServers`, or Codex's `[mcp_servers.agentpool]` table. */
  readonly text: string;
  /** agentpool's entry as it appears under the server name. */
  readonly entry: Readonly<Record<string, unknown>>;
  /** Cursor's one-click install link; null for other clients. */
  readonly deeplink: string | null;
  /** How to see that the client found the server. */
  readonly verify: string;
}

export interface McpConfigChange extends ConfigFileUpdate {
  readonly client: McpClientId;
  readonly clientName: string;
  readonly scope: ConfigScope;
  readonly action: 'install' | 'uninstall';
  readonly dryRun: boolean;
  readonly verify: string;
}

export interface McpConfigWriteOptions {
  readonly dryRun?: boolean;
  /** Where backups go; default `$AGENTPOOL_HOME/backups/mcp-config/<client>-<scope>`. */
  readonly backupDir?: string;
  readonly lockWaitMs?: number;
}

function scopeOf(client: McpClient, scope: ConfigScope | undefined, writing: boolean): ConfigScope | null {
  const scopes = clientScopes(client);
  if (scopes.length === 0) {
    if (writing) {
      throw new AgentPoolError(
        'INVALID_REQUEST',
        `--client ${client.id} has no config file to write: print its config and add it to your client's config by hand, or name the client.`,
        { details: { client: client.id }, hint: 'agentpool mcp-config --client claude-code --install' },
      );
    }
    if (scope !== undefined) {
      throw new AgentPoolError('INVALID_REQUEST', `--scope does not apply to --client ${client.id}, which has no config file of its own.`, {
        details: { client: client.id, scope },
        hint: `agentpool mcp-config --client ${client.id}`,
      });
    }
    return null;
  }
  const chosen = scope ?? 'user';
  if (!scopes.includes(chosen)) {
    throw new AgentPoolError(
      'INVALID_REQUEST',
      `${client.displayName} has no ${chosen}-scope config file; its scopes: ${scopes.join(', ')}.`,
      {
        details: { client: client.id, scope: chosen, valid: scopes },
        hint: `agentpool mcp-config --client ${client.id} --scope ${scopes[0]}`,
      },
    );
  }
  return chosen;
}

function entryFor(client: McpClient, command: ServerCommand): Record<string, unknown> {
  return mergedEntry(undefined, client.entry(command), []);
}

/** The exact config for a client, its file and how to verify it; reads nothing. */
export function describeMcpConfig(target: McpConfigTarget): McpConfigSnippet {
  const client = mcpClient(target.client);
  const scope = scopeOf(client, target.scope, false);
  const entry = entryFor(client, target.command);
  const text =
    client.format === 'toml'
      ? tomlTable([TOML_SERVERS_KEY, SERVER_NAME], entry)
      : blockJsonDocument({ [JSON_SERVERS_KEY]: { [SERVER_NAME]: entry } }, { eol: '\n', indentUnit: '  ' });
  return {
    client: client.id,
    clientName: client.displayName,
    scope,
    path: scope ? clientConfigPath(client, scope, target.context) : null,
    format: client.format,
    text,
    entry,
    deeplink: client.id === 'cursor' ? cursorInstallLink(SERVER_NAME, entry) : null,
    verify: client.verify[scope ?? 'user'],
  };
}

function textEdit(client: McpClient, path: string, action: 'install' | 'uninstall', command: ServerCommand) {
  const removeKeys = REMOTE_TRANSPORT_KEYS[client.format];
  if (client.format === 'toml') {
    const target = { path, serverName: SERVER_NAME };
    return (before: string | null) =>
      action === 'install'
        ? setTomlServerEntry(before ?? '', target, client.entry(command), removeKeys)
        : before === null
          ? null
          : removeTomlServerEntry(before, target);
  }
  const target = { path, dialect: client.dialect, clientName: client.displayName, serverName: SERVER_NAME };
  return (before: string | null) =>
    action === 'install'
      ? setJsonServerEntry(before ?? '', target, client.entry(command), removeKeys)
      : before === null
        ? null
        : removeJsonServerEntry(before, target);
}

async function changeMcpConfig(
  target: McpConfigTarget,
  action: 'install' | 'uninstall',
  options: McpConfigWriteOptions,
): Promise<McpConfigChange> {
  const client = mcpClient(target.client);
  const scope = scopeOf(client, target.scope, true)!;
  const path = clientConfigPath(client, scope, target.context)!;
  const backupDir = options.backupDir ?? join(resolveHome(target.context.env), 'backups', 'mcp-config', `${client.id}-${scope}`);
  const update = await updateConfigFile(path, textEdit(client, path, action, target.command), {
    backupDir,
    dryRun: options.dryRun ?? false,
    ...(options.lockWaitMs === undefined ? {} : { lockWaitMs: options.lockWaitMs }),
  });
  return {
    ...update,
    client: client.id,
    clientName: client.displayName,
    scope,
    action,
    dryRun: options.dryRun ?? false,
    verify: client.verify[scope],
  };
}

/**
 * Writes agentpool's entry into the client's config file: only that entry changes (the user's
 * extra keys in it, such as `env`, are kept); everything else in the file stays as it was. Does
 * nothing when the entry is already there.
 */
export function installMcpConfig(target: McpConfigTarget, options: McpConfigWriteOptions = {}): Promise<McpConfigChange> {
  return changeMcpConfig(target, 'install', options);
}

/** Removes agentpool's entry (and, for Codex, its sub-tables) from the client's config file; nothing else. */
export function uninstallMcpConfig(target: McpConfigTarget, options: McpConfigWriteOptions = {}): Promise<McpConfigChange> {
  return changeMcpConfig(target, 'uninstall', options);
}
