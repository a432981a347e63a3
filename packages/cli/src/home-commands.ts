import { AgentPoolError, configForDisplay, formatConfigYaml, homePaths, loadConfigFile, resolveHome } from '@agentpool/core';
import { doctorHome, initHome, runReadOnlySmoke } from '@agentpool/sdk';
import type { Command } from 'commander';
import { type CliRun, parseSeconds } from './cli-context.js';
import { defineAction } from './command-kit.js';
import { keyValues, table } from './output.js';

export function registerHomeCommands(program: Command, run: CliRun): void {
  defineAction(
    program
      .command('init')
      .description('create the agentpool home with a small config (defaults live in code)')
      .option('--force', 'replace an existing config (a backup is kept)'),
    run,
    async (_args, options) => {
      const result = initHome({ env: run.env, force: options.force === true });
      return {
        value: result,
        human: () =>
          [
            `home:   ${result.home}`,
            `config: ${result.config_path}${result.backup_path ? ` (previous one kept at ${result.backup_path})` : ''}`,
            'next:   agentpool doctor',
          ].join('\n'),
      };
    },
  );

  const config = program.command('config').description('the configuration file');
  defineAction(config.command('path').description('where config.yaml is'), run, async () => {
    const path = homePaths(resolveHome(run.env)).config;
    return { value: { path }, human: () => path };
  });
  defineAction(
    config.command('print').description('the effective configuration (file + defaults); provider env values are hidden'),
    run,
    async () => {
      const path = homePaths(resolveHome(run.env)).config;
      const { config: loaded, exists } = await loadConfigFile(path);
      const effective = configForDisplay(loaded);
      const yaml = await formatConfigYaml(effective);
      return {
        value: { path, exists, config: effective },
        human: () => `# ${exists ? path : 'no config file: defaults'}\n${yaml}`,
      };
    },
  );
  defineAction(
    config.command('validate').description('check config.yaml and load its plugins; errors name file, line and column'),
    run,
    async () => {
      const path = homePaths(resolveHome(run.env)).config;
      const { exists } = await loadConfigFile(path);
      const failures = await (await run.agentPool()).pluginFailures();
      const [first] = failures;
      if (first) {
        throw new AgentPoolError(
          'CONFIG_INVALID',
          `${path}: ${first.error.message}${failures.length > 1 ? ` (and ${failures.length - 1} more plugin(s) that cannot load)` : ''}`,
          {
            details: {
              file: path,
              plugins: failures.map((failure) => ({ plugin: failure.plugin, message: failure.error.message })),
            },
            hint: first.error.hint ?? `Fix or remove it in config \`plugins:\` (${path})`,
          },
        );
      }
      return {
        value: { path, exists, valid: true },
        human: () => (exists ? `${path}: valid` : `${path} does not exist: every default applies (agentpool init writes one)`),
      };
    },
  );

  defineAction(
    program
      .command('doctor')
      .description('check tmux, git, the home, config and store')
      .option('--deep', 'also start a real tmux pane')
      .option('--privacy', 'report what is stored and scan it for secrets'),
    run,
    async (_args, options) => {
      // Not run.agentPool(): doctor reports a broken config.yaml as a failed check instead of stopping at it.
      const report = await doctorHome({ env: run.env }, { deep: options.deep === true, privacy: options.privacy === true });
      return {
        value: report,
        exitCode: report.ok ? 0 : 1,
        human: () =>
          [
            table(
              ['check', 'status', 'detail'],
              report.checks.map((check) => [check.name, check.status, check.detail]),
              90,
            ),
            ...report.checks.filter((check) => check.hint && check.status !== 'ok').map((check) => `  ${check.name}: ${check.hint}`),
            ...(report.privacy
              ? [
                  '',
                  ...report.privacy.stored.map((item) => `stored: ${item.what}: ${item.path} (${item.bytes} bytes)`),
                  ...report.privacy.statements,
                ]
              : []),
          ].join('\n'),
      };
    },
  );

  defineAction(
    program
      .command('inventory')
      .description('installed providers, auth state and runtimes (no network, no usage probe)')
      .option('--include-test-providers', 'also list the fake providers used in tests'),
    run,
    async (_args, options) => {
      const inventory = await (await run.agentPool()).inventory({ includeTestProviders: options.includeTestProviders === true });
      return {
        value: inventory,
        human: () =>
          [
            inventory.providers.length
              ? table(
                  ['provider', 'installed', 'version', 'auth'],
                  inventory.providers.map((row) =>
                    row.load_error
                      ? [`plugin ${row.plugin}`, 'no', null, `failed to load: ${row.load_error}`]
                      : [
                          row.id,
                          row.installed ? 'yes' : 'no',
                          row.version,
                          row.detect_error ? `detect failed: ${row.detect_error}` : row.auth.status,
                        ],
                  ),
                  90,
                )
              : 'no providers registered (built-in adapters for real CLIs arrive with their own releases; plugins: config `plugins:`)',
            '',
            keyValues([
              ['tmux', inventory.runtimes.tmux.version ?? 'not installed'],
              ['git', inventory.runtimes.git.version ?? 'not installed'],
              ['node', inventory.runtimes.node.version],
              ['home', inventory.home],
            ]),
          ].join('\n'),
      };
    },
  );

  defineAction(
    program
      .command('providers')
      .description('registered provider adapters and what they support')
      .option('--include-test-providers', 'also list the fake providers used in tests'),
    run,
    async (_args, options) => {
      const rows = await (await run.agentPool()).providerRows({ includeTestProviders: options.includeTestProviders === true });
      return {
        value: { providers: rows },
        human: () =>
          rows.length
            ? table(
                ['provider', 'name', 'prompt modes', 'read-only'],
                rows.map((row) =>
                  row.capabilities
                    ? [row.id, row.display_name, row.capabilities.prompt_modes.join(','), row.capabilities.read_only]
                    : [`plugin ${row.plugin}`, `failed to load: ${row.load_error}`, null, null],
                ),
                90,
              )
            : 'no providers registered (use --include-test-providers to see the fakes)',
      };
    },
  );

  defineAction(
    program
      .command('smoke')
      .description(
        'one delegation end to end; a test provider answers a question, a real one (--real-read-only) runs one read-only turn in a scratch folder',
      )
      .option('--provider <id>', 'provider to test', 'fake-question')
      .option('--real-read-only', "run a real provider's turn (spends one turn of its quota): read-only, in <home>/smoke-folder")
      .option('--repo <path>', 'folder to run a test provider in (default: .)')
      .option('--timeout <seconds>', 'per step (default 60; a real turn 120)'),
    run,
    async (_args, options) => {
      const pool = await run.agentPool();
      const provider = String(options.provider);
      // An unknown or `auto` provider is the caller's mistake (exit 2), not a failed smoke step.
      const adapter = (await pool.providers()).require(provider);
      const real = options.realReadOnly === true;
      if (!adapter.testOnly && !real) {
        throw new AgentPoolError(
          'INVALID_REQUEST',
          `smoke --provider ${adapter.id} runs a real turn of ${adapter.displayName}, which spends it from your quota; add --real-read-only to run it (read-only, in a scratch folder).`,
          { details: { provider: adapter.id }, hint: `agentpool smoke --provider ${adapter.id} --real-read-only` },
        );
      }
      if (real && options.repo !== undefined) {
        // A real smoke always runs in its own scratch folder: --repo would be accepted and ignored.
        throw new AgentPoolError(
          'INVALID_REQUEST',
          '--real-read-only runs in its own scratch folder (<home>/smoke-folder), never in --repo: a CLI without a read-only mode could change it.',
          { details: { option: '--repo' }, hint: `agentpool smoke --provider ${adapter.id} --real-read-only` },
        );
      }
      const timeoutSeconds = parseSeconds(typeof options.timeout === 'string' ? options.timeout : undefined, '--timeout');
      const report = real
        ? {
            mode: 'real_read_only' as const,
            ...(await runReadOnlySmoke(await pool.sessions(), { provider, home: pool.paths.home, timeoutSeconds })),
          }
        : {
            mode: 'test_provider' as const,
            ...(await pool.smoke({ provider, repo: typeof options.repo === 'string' ? options.repo : '.', timeoutSeconds })),
          };
      if (report.steps.length === 0) throw new AgentPoolError('INTERNAL', 'smoke ran no step');
      return {
        value: report,
        exitCode: report.ok ? 0 : 1,
        human: () =>
          [
            `smoke ${report.ok ? 'passed' : 'FAILED'}: ${report.provider} (${report.session_id ?? 'no session'})${report.mode === 'real_read_only' ? ', one real read-only turn' : ''}`,
            table(
              ['step', 'ok', 'state', 'ms', 'detail'],
              report.steps.map((step) => [step.step, step.ok ? 'yes' : 'NO', step.state, step.ms, step.detail]),
              80,
            ),
            ...(report.result_summary ? [`summary: ${report.result_summary}`] : []),
            ...('warnings' in report ? report.warnings.map((warning) => `warning: ${warning}`) : []),
          ].join('\n'),
      };
    },
  );
}
