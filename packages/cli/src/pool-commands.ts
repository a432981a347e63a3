import type { AuthAssignment, PoolSettings, TeamSelection } from '@agentpool/account-pool';
import type { Command } from 'commander';
import type { CliRun } from './cli-context.js';
import { defineAction, type Options } from './command-kit.js';
import { keyValues, table } from './output.js';
import { registerPoolAccountCommands } from './pool-account-commands.js';
import { registerPoolStatus } from './pool-status-command.js';
import { registerPoolWatch } from './pool-watch-command.js';

const assignmentView = (assignment: AuthAssignment) => ({
  worker: assignment.worker,
  base: assignment.base,
  auth_path: assignment.authPath,
  assigned_at: assignment.assignedAt,
  account: assignment.account ?? null,
});

const settingsView = (settings: PoolSettings) => ({
  sources: settings.sources,
  strategy: settings.strategy,
  auth_team_dir: settings.authTeamDir,
  auth_team_glob: settings.authTeamGlob,
  auth_strategy: settings.authStrategy,
  origins: settings.origins,
});

const teamSelection = (options: Options): TeamSelection => ({
  teamDir: typeof options.teamDir === 'string' ? options.teamDir : undefined,
  glob: typeof options.glob === 'string' ? options.glob : undefined,
});

const withTeamOptions = (command: Command): Command =>
  command
    .option('--team-dir <path>', 'the auth team folder (default pool.auth_team_dir / CAP_AUTH_TEAM_DIR)')
    .option('--glob <pattern>', 'which file names are auth files (default pool.auth_team_glob / CAP_AUTH_TEAM_GLOB, "*")');

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** `agentpool pool …`: source homes and auth files for workers. Results print as a bare path, as cap prints them. */
export function registerPoolCommands(program: Command, run: CliRun): void {
  const pool = program.command('pool').description('the account pool: pick a provider home and an auth file for each worker');
  const accounts = async () => (await run.agentPool()).accountPool();

  defineAction(pool.command('where').description('the resolved pool settings and where each came from'), run, async () => {
    const agentPool = await run.agentPool();
    const settings = agentPool.accountPool().settings;
    const value = { ...settingsView(settings), database: agentPool.paths.database };
    const origin = (name: keyof PoolSettings['origins']) => {
      const from = settings.origins[name];
      return from.variable ? `(env ${from.variable})` : `(${from.from})`;
    };
    return {
      value,
      human: () =>
        keyValues([
          ['sources', `${settings.sources.join(',')} ${origin('sources')}`],
          ['strategy', `${settings.strategy} ${origin('strategy')}`],
          ['auth_team_dir', `${settings.authTeamDir ?? '-'} ${origin('auth_team_dir')}`],
          ['auth_team_glob', `${settings.authTeamGlob} ${origin('auth_team_glob')}`],
          ['auth_strategy', `${settings.authStrategy} ${origin('auth_strategy')}`],
          ['database', agentPool.paths.database],
        ]),
    };
  });

  defineAction(
    pool.command('list').description('the sources, the auth files with their live assignments, and every assignment'),
    run,
    async () => {
      const listing = await (await accounts()).list();
      const value = {
        sources: listing.sources,
        source_counter: listing.sourceCounter,
        auth_files:
          listing.authFiles?.map((file) => ({
            auth_path: file.authPath,
            live_assignments: file.liveAssignments,
            position: file.position,
            current: file.current,
          })) ?? null,
        assignments: listing.assignments.map(assignmentView),
      };
      return {
        value,
        human: () =>
          [
            listing.sources.map((source) => source.path).join('\n'),
            listing.authFiles
              ? `\n${table(
                  ['auth file', 'live', 'position', 'current'],
                  listing.authFiles.map((file) => [file.authPath, file.liveAssignments, file.position, file.current ? 'yes' : '']),
                  100,
                )}`
              : '',
          ]
            .filter(Boolean)
            .join('\n'),
      };
    },
  );

  defineAction(
    pool
      .command('pick')
      .description('pick a source home for a worker (round_robin or hash)')
      .requiredOption('--worker <full-name>', "the worker's full name")
      .option('--base <name>', "the worker's base name (role)"),
    run,
    async (_args, options) => {
      const picked = await (await accounts()).pick({ worker: text(options.worker) ?? '', base: text(options.base) });
      return {
        value: { worker: picked.worker, source: picked.source, index: picked.index, strategy: picked.strategy },
        human: () => picked.source,
      };
    },
  );

  defineAction(
    withTeamOptions(
      pool
        .command('pick-auth')
        .description(
          'pick an auth file for a worker (balanced: fewest live assignments; team_cycle: the team’s current one; headroom: most left)',
        )
        .requiredOption('--worker <full-name>', "the worker's full name")
        .option('--base <name>', "the worker's base name (role)"),
    ),
    run,
    async (_args, options) => {
      const picked = await (await accounts()).pickAuth({
        worker: text(options.worker) ?? '',
        base: text(options.base),
        ...teamSelection(options),
      });
      return {
        value: {
          worker: picked.worker,
          auth_path: picked.authPath,
          strategy: picked.strategy,
          team_dir: picked.teamDir,
          live_assignments: picked.liveAssignments,
        },
        human: () => picked.authPath,
      };
    },
  );

  for (const [name, description] of [
    ['auth-current', "the team's current auth file (team_cycle)"],
    ['auth-advance', 'move the team to its next auth file (team_cycle)'],
  ] as const) {
    const command = withTeamOptions(pool.command(name).description(description));
    if (name === 'auth-advance') {
      command.option('--to-headroom', 'move to the next file whose cached usage shows headroom (skips spent and unknown ones)');
    }
    defineAction(command, run, async (_args, options) => {
      const pool = await accounts();
      const result =
        name === 'auth-current'
          ? await pool.authCurrent(teamSelection(options))
          : await pool.authAdvance({ ...teamSelection(options), toHeadroom: options.toHeadroom === true });
      return {
        value: { team_dir: result.teamDir, auth_path: result.authPath, position: result.position, previous: result.previous ?? null },
        human: () => result.authPath,
      };
    });
  }

  defineAction(
    pool
      .command('release')
      .description("end a worker's auth assignment (it stops counting for balanced)")
      .requiredOption('--worker <full-name>', "the worker's full name"),
    run,
    async (_args, options) => {
      const held = await (await accounts()).release(text(options.worker) ?? '');
      return {
        value: { worker: text(options.worker), released: held !== null, assignment: held ? assignmentView(held) : null },
        human: () => (held ? `released ${held.worker} (${held.authPath})` : `${text(options.worker)} held no auth assignment`),
      };
    },
  );

  defineAction(
    pool.command('reset-state').description('clear the round_robin counter and every assignment; keeps the team_cycle order and pointer'),
    run,
    async () => {
      const reset = await (await accounts()).resetState();
      return {
        value: { reset: true, released_assignments: reset.releasedAssignments },
        human: () => `pool state reset (${reset.releasedAssignments} assignment(s) released)`,
      };
    },
  );
  registerPoolStatus(pool, run);
  registerPoolWatch(pool, run);
  registerPoolAccountCommands(pool, run);
}
