import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { AgentPoolError, echoValue, redact } from '@agentpool/core';
import {
  classifySavedScreen,
  MAX_SCREEN_INPUT_BYTES,
  MAX_SCREEN_SIZE,
  type ModelCatalogView,
  modelCatalogs,
  providersSetup,
  validateModel,
} from '@agentpool/sdk';
import type { Command } from 'commander';
import type { CliRun } from './cli-context.js';
import { defineAction } from './command-kit.js';
import { keyValues } from './output.js';

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const CLASSIFY_EXAMPLE = 'agentpool classify --provider claude-code --screen-file screen.txt';

function providerRequired(value: string | undefined, what: string, example: string): string {
  if (value === undefined || value.trim() === '') {
    throw new AgentPoolError(
      'INVALID_REQUEST',
      `No provider given: --provider names the provider ${what} (agentpool providers lists them).`,
      {
        hint: example,
      },
    );
  }
  return value;
}

function catalogLines(view: ModelCatalogView): string[] {
  const selection = !view.model_selection
    ? 'agentpool cannot choose its model (the CLI runs its own)'
    : view.any_model
      ? 'takes any model name (unknown ones are passed through unchecked)'
      : view.has_catalog
        ? 'takes only the models below'
        : 'lists no catalog (names are passed through unchecked)';
  const defaultText = view.default_model
    ? `${view.default_model} (${view.default_model_source === 'config' ? `config providers.${view.provider}.default_model` : 'the catalog default'})`
    : "the CLI's own";
  const idWidth = Math.max(0, ...view.models.map((model) => model.id.length));
  return [
    `${view.provider} (${view.display_name}): ${selection}`,
    `  default: ${defaultText}`,
    ...(view.models.length
      ? view.models.map(
          (model) =>
            `  ${model.is_default ? '*' : ' '} ${model.display_name ? `${model.id.padEnd(idWidth)}  ${model.display_name}` : model.id}`,
        )
      : []),
    ...(view.error ? [`  catalog unavailable: ${view.error}`] : []),
    ...view.warnings.map((warning) => `  warning: ${warning}`),
  ];
}

/** Reads a stream whole, refusing it once it passes `limit` bytes (it is not read further). */
async function readLimited(stream: Readable, name: string, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.destroy();
      throw new AgentPoolError(
        'INVALID_REQUEST',
        `${name} is larger than ${limit / 1024 / 1024} MiB (the limit for a saved screen or terminal stream); save a shorter part of it.`,
        { details: { input: name, max_bytes: limit }, hint: CLASSIFY_EXAMPLE },
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The saved screen: a file (`-` is standard input), or standard input when it is not a terminal. */
async function readScreenInput(file: string | undefined): Promise<{ bytes: Buffer; name: string; path: string | null }> {
  if (file === undefined || file === '-') {
    if (process.stdin.isTTY) {
      throw new AgentPoolError('INVALID_REQUEST', 'No screen given: name a file with --screen-file, or pipe one into standard input.', {
        hint: 'tmux capture-pane -p -t <pane> | agentpool classify --provider <id>',
      });
    }
    return { bytes: await readLimited(process.stdin, 'standard input', MAX_SCREEN_INPUT_BYTES), name: 'standard input', path: null };
  }
  const path = resolve(file);
  const shown = echoValue(path);
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    throw new AgentPoolError('INVALID_REQUEST', `--screen-file does not exist: ${shown}`, {
      details: { screen_file: shown },
      hint: CLASSIFY_EXAMPLE,
    });
  }
  if (stat.isDirectory()) {
    throw new AgentPoolError('INVALID_REQUEST', `--screen-file is a folder, not a file: ${shown}`, {
      details: { screen_file: shown },
      hint: CLASSIFY_EXAMPLE,
    });
  }
  if (stat.isFile() && stat.size > MAX_SCREEN_INPUT_BYTES) {
    // Refused from its size alone: a huge file is never read.
    throw new AgentPoolError(
      'INVALID_REQUEST',
      `${shown} is larger than ${MAX_SCREEN_INPUT_BYTES / 1024 / 1024} MiB (${stat.size} bytes; the limit for a saved screen or terminal stream); save a shorter part of it.`,
      { details: { screen_file: shown, size_bytes: stat.size, max_bytes: MAX_SCREEN_INPUT_BYTES }, hint: CLASSIFY_EXAMPLE },
    );
  }
  try {
    return { bytes: await readLimited(createReadStream(path), shown, MAX_SCREEN_INPUT_BYTES), name: shown, path };
  } catch (error) {
    if (AgentPoolError.isInstance(error)) throw error;
    throw new AgentPoolError('INVALID_REQUEST', `--screen-file cannot be read: ${shown} (${(error as Error).message})`, {
      details: { screen_file: shown },
      hint: CLASSIFY_EXAMPLE,
    });
  }
}

function screenSize(value: unknown, option: string): number | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  const number = Number(text);
  if (!/^\d+$/.test(text.trim()) || number < 1 || number > MAX_SCREEN_SIZE) {
    const shown = echoValue(text, 40);
    throw new AgentPoolError('INVALID_REQUEST', `${option} must be a whole number from 1 to ${MAX_SCREEN_SIZE}, got "${shown}".`, {
      details: { option, value: shown, max: MAX_SCREEN_SIZE },
      hint: `${CLASSIFY_EXAMPLE} --width 120 --height 40`,
    });
  }
  return number;
}

export function registerProviderCommands(program: Command, run: CliRun): void {
  const models = program
    .command('models')
    .description("each provider's model catalog, its default, and whether it takes any model")
    .option('--provider <id>', 'only this provider (test providers included)')
    .option('--include-test-providers', 'also list the fake providers used in tests');
  defineAction(models, run, async (_args, options) => {
    const provider = str(options.provider);
    if (provider !== undefined && options.includeTestProviders) {
      throw new AgentPoolError(
        'INVALID_REQUEST',
        '--include-test-providers lists every provider; with --provider only that one is shown.',
        {
          hint: `agentpool models --provider ${echoValue(provider, 40)}`,
        },
      );
    }
    const views = await modelCatalogs(await run.agentPool(), {
      provider,
      includeTestProviders: options.includeTestProviders === true,
    });
    return {
      value: { providers: views },
      human: () =>
        views.length
          ? views.flatMap((view, index) => [...(index ? [''] : []), ...catalogLines(view)]).join('\n')
          : 'no providers registered',
    };
  });

  defineAction(
    models
      .command('validate <model>')
      .description('check a model name as spawn would: known, passed through (a provider that takes any model), or refused')
      .option('--provider <id>', 'the provider to check it for'),
    run,
    async ([model], options) => {
      const provider = providerRequired(
        str(options.provider) ?? str(models.opts().provider),
        'to check the model for',
        `agentpool models validate ${echoValue(String(model), 40)} --provider <id>`,
      );
      const result = await validateModel(await run.agentPool(), provider, String(model));
      return {
        value: result,
        human: () => `ok: ${result.reason}`,
      };
    },
  );

  defineAction(
    program
      .command('setup <provider>')
      .description(
        'what a provider needs on this machine: installed, signed in, models, read-only, signals, next commands ("all" for every one); no network',
      )
      .option('--include-test-providers', 'with "all": also the fake providers used in tests'),
    run,
    async ([provider], options) => {
      const name = String(provider);
      if (name !== 'all' && options.includeTestProviders) {
        throw new AgentPoolError('INVALID_REQUEST', '--include-test-providers applies to "setup all"; a named provider is always shown.', {
          hint: `agentpool setup ${echoValue(name, 40)}`,
        });
      }
      const reports = await providersSetup(await run.agentPool(), {
        provider: name,
        includeTestProviders: options.includeTestProviders === true,
      });
      return {
        value: { providers: reports },
        // A named provider that is not ready fails (scripts can gate on it); "all" is a report.
        exitCode: name !== 'all' && reports.some((report) => !report.ready) ? 1 : 0,
        human: () =>
          reports.length === 0
            ? 'no providers registered (use --include-test-providers to see the fakes)'
            : reports
                .map((report) =>
                  [
                    `${report.provider} (${report.display_name})${report.plugin ? ` from plugin ${report.plugin}` : ''}: ${report.ready ? 'ready' : 'not ready'}`,
                    keyValues([
                      [
                        '  installed',
                        report.installed
                          ? `${report.binary_path} (${report.version ?? 'version unknown'})`
                          : report.detect_error
                            ? `detect failed: ${report.detect_error}`
                            : 'no',
                      ],
                      ['  auth', `${report.auth.status}: ${report.auth.reason}`],
                      [
                        '  models',
                        !report.models.model_selection
                          ? 'chosen by the CLI'
                          : `${report.models.models.map((model) => model.id).join(', ') || (report.models.any_model ? 'any name' : 'no catalog: names pass through unchecked')}; default ${report.models.default_model ?? "the CLI's own"}${report.models.any_model && report.models.models.length ? '; other names pass through' : ''}`,
                      ],
                      ['  read-only', report.read_only.detail],
                      [
                        '  signals',
                        report.native_signals.available
                          ? `${report.native_signals.sources.map((source) => `${source.name} (${source.kind})`).join(', ') || 'declared'}: ${report.native_signals.detail}`
                          : report.native_signals.detail,
                      ],
                    ]),
                    ...report.models.warnings.map((warning) => `  warning: ${warning}`),
                    '  next:',
                    ...report.next.map((command) => `    ${command}`),
                  ].join('\n'),
                )
                .join('\n\n'),
      };
    },
  );

  defineAction(
    program
      .command('classify')
      .description("read a saved screen (text) or raw pane stream with a provider's rules: state, confidence, rule, evidence")
      .option('--provider <id>', 'whose screen rules to use')
      .option('--screen-file <path>', 'the saved screen or raw stream (default: standard input; "-" too)')
      .option('--width <columns>', 'pane width a raw stream is rendered at (default: config tmux.width)')
      .option('--height <rows>', 'pane height a raw stream is rendered at (default: config tmux.height); for text, its last N lines')
      .option('--show-screen', 'also print the screen the rules read (JSON: screen)')
      .addHelpText(
        'after',
        [
          '',
          'Input holding escape sequences is a raw pane stream (tmux pipe-pane, script) and is rendered through the',
          'headless terminal first; other input is the screen text itself (tmux capture-pane -p). Empty input, binary',
          `input and input over ${MAX_SCREEN_INPUT_BYTES / 1024 / 1024} MiB are refused (exit 2).`,
          '',
          'Examples:',
          '  tmux capture-pane -p -t <pane> | agentpool classify --provider codex-cli',
          '  agentpool classify --provider claude-code --screen-file pane.raw --width 120 --height 40 --json',
        ].join('\n'),
      ),
    run,
    async (_args, options) => {
      const providerId = providerRequired(str(options.provider), 'whose screen rules to use', CLASSIFY_EXAMPLE);
      const width = screenSize(options.width, '--width');
      const height = screenSize(options.height, '--height');
      const pool = await run.agentPool();
      // An unknown provider is refused before any input is read.
      const adapter = (await pool.providers()).require(providerId);
      const input = await readScreenInput(str(options.screenFile));
      const classified = await classifySavedScreen(adapter, input.bytes, {
        name: input.name,
        width,
        height,
        defaultSize: { cols: pool.config.tmux.width, rows: pool.config.tmux.height },
      });
      const { observation, screen } = classified;
      const startupPrompt = observation.startupPrompt
        ? {
            kind: observation.startupPrompt.kind,
            accept_keys: observation.startupPrompt.acceptKeys ? [...observation.startupPrompt.acceptKeys] : null,
          }
        : null;
      const value = {
        provider: adapter.id,
        state: observation.state,
        confidence: observation.confidence,
        rule: observation.rule ?? null,
        evidence: observation.evidence.map(redact),
        startup_prompt: startupPrompt,
        input: {
          source: input.path === null ? 'stdin' : 'file',
          path: input.path,
          kind: classified.kind,
          size_bytes: classified.sizeBytes,
          rendered_bytes: classified.renderedBytes,
          width: screen.width,
          height: screen.height,
        },
        ...(options.showScreen ? { screen: screen.lines.map(redact) } : {}),
      };
      return {
        value,
        human: () =>
          [
            `${value.state} (confidence ${value.confidence}${value.rule ? `, rule ${value.rule}` : ''})`,
            ...(startupPrompt
              ? [
                  `startup prompt: ${startupPrompt.kind}${startupPrompt.accept_keys ? ` (accepted with ${startupPrompt.accept_keys.join(' ')})` : ''}`,
                ]
              : []),
            ...(value.evidence.length ? ['evidence:', ...value.evidence.map((line) => `  ${line}`)] : ['evidence: none']),
            `read: ${classified.kind === 'terminal_stream' ? `terminal stream rendered at ${screen.width}x${screen.height} (${classified.renderedBytes} of ${classified.sizeBytes} bytes)` : `text, ${screen.lines.length} lines`} from ${input.name}`,
            ...(value.screen ? ['', ...value.screen] : []),
          ].join('\n'),
      };
    },
  );
}
