import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTempHome,
  type ModelImitation,
  prepareClaudeHome,
  prepareCodexHome,
  processesWithEnv,
  REAL_CLI_VERSIONS,
  type RealCli,
  realCliBinary,
  realCliBinDir,
  realCliDir,
  realClisRequired,
  resultBlock,
  startModelImitation,
  type TempHome,
} from '@agentpool/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/**
 * `agentpool smoke --real-read-only` through the built binary with the real Claude Code and Codex
 * TUIs, answered by the model imitation on 127.0.0.1: one read-only turn in <home>/smoke-folder, to
 * completed, its result collected, the worker terminated. Skipped when the CLIs are not installed
 * (scripts/install-real-clis.sh), except in CI (AGENTPOOL_REQUIRE_REAL_CLIS=1).
 */

const REPLY = `I can read this folder: it holds a README.md.\n\n${resultBlock('read the smoke folder', 'one README.md')}`;

const CASES: readonly { cli: RealCli; provider: string }[] = [
  { cli: 'claude-code', provider: 'claude-code' },
  { cli: 'codex', provider: 'codex-cli' },
];

let temp: TempHome | null = null;
let imitation: ModelImitation | null = null;
afterEach(async () => {
  await imitation?.close();
  temp?.cleanup();
  imitation = null;
  temp = null;
});

/** The temp home's environment with the CLI's, and the real CLIs first on PATH. */
function realCliEnv(home: TempHome, cliEnv: Record<string, string>): Record<string, string> {
  return { ...home.env, ...cliEnv, PATH: `${realCliBinDir()}:${process.env.PATH ?? ''}` };
}

/** `agentpool smoke --real-read-only` with `provider`, waiting `timeoutSeconds` for its turn. */
function runRealSmoke(provider: string, env: Record<string, string>, timeoutSeconds: number) {
  return runCli(['smoke', '--provider', provider, '--real-read-only', '--timeout', String(timeoutSeconds), '--json'], env, {
    timeoutMs: 150_000,
  });
}

describe.each(CASES)('agentpool smoke --real-read-only with the real $cli', ({ cli, provider }) => {
  const binary = realCliBinary(cli);
  const run = binary || realClisRequired() ? it : it.skip;

  run(
    `one read-only turn to completed, collected and terminated (${REAL_CLI_VERSIONS[cli].package}@${REAL_CLI_VERSIONS[cli].version})`,
    async () => {
      expect(binary, `${cli} is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
      imitation = await startModelImitation({
        reply: (request) => (request.hasTools && request.lastUserText.includes('agentpool smoke test') ? { text: REPLY } : { text: 'ok' }),
      });
      temp = createTempHome();
      const smokeFolder = join(temp.home, 'smoke-folder');
      const cliHome = join(temp.home, '..', 'cli-home');
      // Claude Code trusts the smoke folder already (its adapter reads the trust prompt but offers no keys
      // to accept it); Codex is asked, and the smoke accepts its trust prompt for the folder.
      const cliEnv =
        cli === 'claude-code' ? prepareClaudeHome(cliHome, imitation.url, [smokeFolder]) : prepareCodexHome(cliHome, imitation.url, []);
      const env = realCliEnv(temp, cliEnv);

      const result = await runRealSmoke(provider, env, 90);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.json).toMatchObject({
        mode: 'real_read_only',
        ok: true,
        provider,
        final_state: 'completed',
        work_dir: smokeFolder,
        result_summary: 'read the smoke folder',
        warnings: [],
      });
      expect((result.json.steps as { step: string }[]).map((step) => step.step)).toEqual([
        'prepare',
        'spawn',
        'turn',
        'collect',
        'terminate',
      ]);
      const sessions = await runCli(['sessions', '--json'], env);
      expect((sessions.json.sessions as { state: string }[]).map((row) => row.state)).toEqual(['cancelled']);
      // Nothing the worker started outlives the smoke: no process runs with the CLI's HOME.
      expect(processesWithEnv('HOME', cliHome)).toEqual([]);
    },
    180_000,
  );
});

const claude = realCliBinary('claude-code');

/** A Claude Code home pointed at the imitation, in which no folder is trusted yet. */
async function untrustedClaude(options: { keyApproved: boolean }) {
  imitation = await startModelImitation({ reply: () => ({ text: REPLY }) });
  temp = createTempHome();
  const cliHome = join(temp.home, '..', 'cli-home');
  const cliEnv = prepareClaudeHome(cliHome, imitation.url, []);
  if (!options.keyApproved) {
    // Claude Code then asks whether to use the API key it found: a startup prompt agentpool never answers.
    const state = JSON.parse(readFileSync(join(cliHome, '.claude.json'), 'utf8'));
    writeFileSync(join(cliHome, '.claude.json'), JSON.stringify({ ...state, customApiKeyResponses: { approved: [], rejected: [] } }));
  }
  return { cliHome, env: realCliEnv(temp, cliEnv) };
}

(claude || realClisRequired() ? it : it.skip)(
  'in a folder Claude Code has never trusted, the smoke answers the trust prompt of its own folder and completes',
  async () => {
    expect(claude, `claude-code is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
    const { cliHome, env } = await untrustedClaude({ keyApproved: true });
    const result = await runRealSmoke('claude-code', env, 60);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.json).toMatchObject({ ok: true, final_state: 'completed' });
    expect(processesWithEnv('HOME', cliHome)).toEqual([]);
  },
  180_000,
);

(claude || realClisRequired() ? it : it.skip)(
  'a startup prompt the smoke cannot answer fails it (exit 1) naming the prompt and what to do, and the worker is terminated',
  async () => {
    expect(claude, `claude-code is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
    const { cliHome, env } = await untrustedClaude({ keyApproved: false });
    const result = await runRealSmoke('claude-code', env, 60);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.json).toMatchObject({ ok: false, final_state: 'startup_prompt', result_summary: null });
    expect((result.json.warnings as string[]).join(' ')).toContain('start it once by hand in');
    const steps = result.json.steps as { step: string; ok: boolean; state?: string }[];
    expect(steps.find((step) => step.step === 'terminate')).toMatchObject({ ok: true, state: 'cancelled' });
    const human = await runCli(['sessions', '--json'], env);
    expect((human.json.sessions as { state: string }[]).map((row) => row.state)).toEqual(['cancelled']);
    expect(processesWithEnv('HOME', cliHome)).toEqual([]);
  },
  180_000,
);
