import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { AgentPoolError, echoValue } from '@agentpool/core';
import type { Command } from 'commander';
import { type CliRun, oneOf, parseCount } from './cli-context.js';
import { defineAction } from './command-kit.js';
import { table } from './output.js';
import { leaseView } from './views.js';

/** `--repo` as the worktree records hold it (an absolute real path); a folder that does not exist is a usage error. */
function repoFilter(value: unknown, command: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const path = resolve(value);
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) {
    throw new AgentPoolError('INVALID_REPO', `--repo is not a folder: ${echoValue(path)}`, {
      details: { repo: echoValue(path) },
      hint: `agentpool worktrees ${command} --repo <repository folder>   (or without --repo for every repository)`,
    });
  }
  return realpathSync(path);
}

export function registerWorkspaceCommands(program: Command, run: CliRun): void {
  const worktrees = program.command('worktrees').description('git worktrees agentpool created for sessions');
  defineAction(
    worktrees
      .command('list')
      .description('worktrees with their dirty / live state')
      .option('--repo <path>', 'only this repository')
      .option('--all', 'include removed ones'),
    run,
    async (_args, options) => {
      const views = await (await (await run.agentPool()).sessions()).worktrees.list({
        repoPath: repoFilter(options.repo, 'list'),
        includeRemoved: options.all === true,
      });
      return {
        value: { worktrees: views },
        human: () =>
          views.length
            ? table(
                ['session', 'branch', 'dirty', 'live', 'path'],
                views.map((view) => [view.session_id, view.branch, view.dirty ? 'yes' : 'no', view.session_live ? 'yes' : 'no', view.path]),
                80,
              )
            : 'no worktrees',
      };
    },
  );
  defineAction(
    worktrees
      .command('cleanup')
      .description('remove worktrees and their branches; refuses dirty ones and ones a live session uses unless --force')
      .option('--session-id <id>', "only this session's worktree")
      .option('--repo <path>', 'only this repository')
      .option('--force', 'remove even when dirty, unmerged or in use')
      .option('--dry-run', 'show what would be removed'),
    run,
    async (_args, options) => {
      const sessionId = typeof options.sessionId === 'string' ? options.sessionId : undefined;
      if (sessionId !== undefined && options.repo !== undefined) {
        // --session-id names one worktree; --repo filters a sweep. Together one would be ignored.
        throw new AgentPoolError(
          'INVALID_REQUEST',
          'Give --session-id (one worktree) or --repo (every worktree of a repository), not both.',
          {
            details: { options: ['--session-id', '--repo'] },
            hint: `agentpool worktrees cleanup --session-id ${echoValue(sessionId)} --dry-run`,
          },
        );
      }
      const report = await (await (await run.agentPool()).sessions()).worktrees.cleanup({
        sessionId,
        repoPath: repoFilter(options.repo, 'cleanup'),
        force: options.force === true,
        dryRun: options.dryRun === true,
      });
      return {
        value: report,
        exitCode: report.refused.length ? 1 : 0,
        human: () =>
          [
            ...report.removed.map((view) => `${report.dry_run ? 'would remove' : 'removed'} ${view.path} (${view.branch})`),
            ...report.refused.map((item) => `refused ${item.worktree.path}: ${item.reason} [${item.code}] (use --force)`),
            ...(report.removed.length + report.refused.length === 0 ? ['nothing to clean up'] : []),
          ].join('\n'),
      };
    },
  );

  const leases = program.command('leases').description('file leases: read (shared) and write (exclusive)');
  defineAction(
    leases
      .command('acquire <path>')
      .description('take a lease on a file or folder')
      .option('--mode <mode>', 'read | write', 'write')
      .option('--ttl-seconds <n>', 'lease lifetime', '3600')
      .option('--holder <name>', 'who holds it (a session id or a name)', `cli:${process.env.USER ?? 'user'}`),
    run,
    async ([path], options) => {
      const mode =
        oneOf(String(options.mode), ['read', 'write'] as const, '--mode', 'agentpool leases acquire <path> --mode read') ?? 'write';
      const ttlSeconds = parseCount(String(options.ttlSeconds), '--ttl-seconds', 1) ?? 3600;
      const lease = await (await (await run.agentPool()).sessions()).leases.acquire({
        path: String(path),
        mode,
        holder: String(options.holder),
        ttlSeconds,
        cwd: process.cwd(),
      });
      return {
        value: { lease: leaseView(lease) },
        human: () => `${lease.id}: ${lease.mode} lease on ${lease.resource} until ${lease.expiresAt}`,
      };
    },
  );
  defineAction(
    leases.command('list').description('active leases').option('--all', 'include released and expired ones'),
    run,
    async (_args, options) => {
      const list = await (await (await run.agentPool()).sessions()).leases.list({ includeInactive: options.all === true });
      return {
        value: { leases: list.map(leaseView) },
        human: () =>
          list.length
            ? table(
                ['id', 'mode', 'holder', 'expires', 'resource'],
                list.map((lease) => [lease.id, lease.mode, lease.holder, lease.expiresAt, lease.resource]),
                80,
              )
            : 'no active leases',
      };
    },
  );
  defineAction(
    leases.command('release <lease-id>').description('release a lease (releasing twice is harmless)'),
    run,
    async ([leaseId]) => {
      if (!String(leaseId).trim())
        throw new AgentPoolError('INVALID_REQUEST', 'No lease id given.', { hint: 'agentpool leases list --json' });
      const lease = await (await (await run.agentPool()).sessions()).leases.release(String(leaseId));
      return { value: { lease: leaseView(lease) }, human: () => `released ${lease.id}` };
    },
  );
}
