import { AgentPoolError, echoValue, MAX_ECHO_CHARS } from '@agentpool/core';
import { Command, CommanderError } from 'commander';
import { CliRun } from './cli-context.js';
import { registerHomeCommands } from './home-commands.js';
import { registerMcpCommand } from './mcp-command.js';
import { registerMcpConfigCommand } from './mcp-config-command.js';
import { printError } from './output.js';
import { registerPoolCommands } from './pool-commands.js';
import { registerPreferencesCommands } from './preferences-commands.js';
import { registerProviderCommands } from './provider-commands.js';
import { registerSessionCommands } from './session-commands.js';
import { registerStatsCommand } from './stats-command.js';
import { registerTeamCommands } from './team-commands.js';
import { registerUsageCommands } from './usage-commands.js';
import { CLI_VERSION } from './version.js';
import { registerWorkspaceCommands } from './workspace-commands.js';

function buildProgram(run: CliRun): Command {
  const program = new Command('agentpool')
    .description('A local control plane for your coding-agent subscriptions: see limits, delegate to workers in tmux, collect results.')
    .version(CLI_VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    // Options after a subcommand are that subcommand's: `models validate <m> --provider P` is validate's --provider, not models'.
    .enablePositionalOptions()
    .exitOverride();
  registerHomeCommands(program, run);
  registerProviderCommands(program, run);
  registerSessionCommands(program, run);
  registerUsageCommands(program, run);
  registerStatsCommand(program, run);
  registerWorkspaceCommands(program, run);
  registerPreferencesCommands(program, run);
  registerPoolCommands(program, run);
  registerTeamCommands(program, run);
  registerMcpCommand(program, run);
  registerMcpConfigCommand(program, run);
  const silence = (command: Command) => {
    command.exitOverride().configureOutput({ writeErr: () => undefined, outputError: () => undefined });
    for (const sub of command.commands) silence(sub);
  };
  silence(program);
  program.configureOutput({ writeErr: (text) => process.stderr.write(text), outputError: () => undefined });
  return program;
}

/** Runs the CLI with `args` (without node and script); returns the exit code. */
export async function runCli(args: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const run = new CliRun(env);
  const json = args.includes('--json');
  try {
    if (args.length === 0) {
      buildProgram(run).outputHelp();
      return 0;
    }
    await buildProgram(run).parseAsync([...args], { from: 'user' });
    return run.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      // commander quotes the offending argument whole: cut long ones short, there and in argv.
      const message = args.reduce(
        (text, arg) => (arg.length > MAX_ECHO_CHARS ? text.split(arg).join(echoValue(arg)) : text),
        error.message.replace(/^error: /, ''),
      );
      return printError(
        { json },
        new AgentPoolError('INVALID_REQUEST', message.charAt(0).toUpperCase() + message.slice(1), {
          details: { argv: args.map((arg) => echoValue(arg)) },
          hint: 'agentpool --help',
        }),
      );
    }
    return printError({ json }, error);
  } finally {
    await run.close();
  }
}
