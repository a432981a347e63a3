/**
 * `cap`: the codex-account-pool command line, answered by agentpool's account pool. It takes cap's
 * argv for the selection commands and prints what cap prints (a bare path per line), so a script
 * that calls cap (tmux-workflow's `twf`) can point at this instead.
 */
const SELECTION_COMMANDS = new Set(['where', 'pick', 'pick-auth', 'auth-current', 'auth-advance', 'reset-state', 'release']);
const NOT_YET = new Set(['status', 'watch-team']);

const args = process.argv.slice(2);
const command = args[0];

if (command === undefined || command === '--help' || command === '-h') {
  process.stdout.write(
    [
      'usage: cap <command> [options]   (agentpool account pool, cap-compatible)',
      '  where | list | pick --worker FULL --base BASE | pick-auth --worker FULL --base BASE',
      '  auth-current [--team-dir DIR --glob G] | auth-advance [--team-dir DIR --glob G] | reset-state',
      '  release --worker FULL   (agentpool only: end a worker’s assignment)',
      'Settings: config.yaml pool: or CAP_SOURCES, CAP_STRATEGY, CAP_AUTH_TEAM_DIR, CAP_AUTH_TEAM_GLOB, CAP_AUTH_STRATEGY.',
      '',
    ].join('\n'),
  );
} else if (command === 'list') {
  // cap lists the configured sources, one per line (agentpool's `pool list` shows more).
  const { listSources } = await import('./cap-list.js');
  process.exitCode = await listSources(args.slice(1));
} else if (SELECTION_COMMANDS.has(command)) {
  const { runCli } = await import('./main.js');
  process.exitCode = await runCli(['pool', ...args]);
} else {
  const known = NOT_YET.has(command);
  process.stderr.write(
    known
      ? `error [CAPABILITY_UNSUPPORTED]: cap ${command} is not available in agentpool yet.\n  next: agentpool usage-summary --refresh   (per-provider usage)\n`
      : `error [INVALID_REQUEST]: unknown cap command "${command.slice(0, 60)}".\n  next: cap --help\n`,
  );
  process.exitCode = 2;
}
