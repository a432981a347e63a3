import { assertLeaseIdFormat, assertSessionIdFormat } from '@agentpool/core';
import type { Command } from 'commander';
import type { CliRun } from './cli-context.js';
import { printResult } from './output.js';

export type Options = Record<string, string | boolean | string[] | undefined>;

export interface CommandOutput {
  readonly value: unknown;
  readonly human: () => string;
  /** Exit code when the command ran but reports a failure (doctor, smoke). */
  readonly exitCode?: number;
  /** The handler printed its output itself (a stream of JSON lines): print nothing more. */
  readonly printed?: boolean;
}

export type Handler = (args: readonly unknown[], options: Options, run: CliRun) => Promise<CommandOutput>;

/** Arguments and options that hold ids: a value that cannot be one is refused before the handler runs. */
const ID_FORMATS: Readonly<Record<string, (value: string) => void>> = {
  'session-id': assertSessionIdFormat,
  'lease-id': assertLeaseIdFormat,
};

function checkIdFormats(command: Command, args: readonly unknown[], options: Options): void {
  command.registeredArguments.forEach((argument, index) => {
    const value = args[index];
    if (typeof value === 'string') ID_FORMATS[argument.name()]?.(value);
  });
  if (typeof options.sessionId === 'string') assertSessionIdFormat(options.sessionId);
}

/**
 * Adds `--json` and wires a handler: ids are checked, its result is printed, its error mapped to
 * JSON/exit codes.
 */
export function defineAction(command: Command, run: CliRun, handler: Handler): Command {
  command.option('--json', 'print JSON for agents and scripts');
  command.action(async (...params: unknown[]) => {
    const self = params[params.length - 1] as Command;
    const options = self.opts() as Options;
    const json = options.json === true;
    try {
      checkIdFormats(self, self.processedArgs as unknown[], options);
      const output = await handler(self.processedArgs as unknown[], options, run);
      if (output.printed !== true) printResult({ json }, output.value, output.human);
      if (output.exitCode !== undefined) run.exitCode = output.exitCode;
    } catch (error) {
      run.fail({ json }, error);
    }
  });
  return command;
}
