import { AgentPoolError, type LaunchSpec, type NativeSignals } from '@agentpool/core';
import { PROMPT_ARG_PLACEHOLDER } from '@agentpool/tmux-runtime';
import { describe, expect, it } from 'vitest';
import { planLaunch } from '../src/launch-plan.js';

const PROMPT = 'Fix the failing test.\nWhen you have finished, end your final reply with a result block…';
const spec = (argv: readonly string[], promptMode: LaunchSpec['promptMode'] = 'send_after_launch'): LaunchSpec => ({
  argv,
  env: {},
  cwd: '/repo',
  promptMode,
  submitKeys: ['Enter'],
  interruptKeys: ['Escape'],
  isolationEnforcement: 'not_needed',
});
const hooks: NativeSignals = { args: ['--settings', '/s/claude-settings.json'], env: {}, files: [] };

interface Case {
  readonly name: string;
  readonly spec: LaunchSpec;
  readonly signals?: NativeSignals;
  readonly settings?: { binary?: string; extraArgs?: readonly string[] };
  readonly argv: readonly string[];
  readonly recordedArgv: readonly string[];
  readonly promptArg: string | null;
}

const P = PROMPT_ARG_PLACEHOLDER;
const CASES: readonly Case[] = [
  {
    name: 'prompt sent after launch: the adapter’s argv, then extra args, then the signal arguments',
    spec: spec(['claude', '--model', 'opus']),
    signals: hooks,
    settings: { extraArgs: ['--verbose'] },
    argv: ['claude', '--model', 'opus', '--verbose', '--settings', '/s/claude-settings.json'],
    recordedArgv: ['claude', '--model', 'opus', '--verbose', '--settings', '/s/claude-settings.json'],
    promptArg: null,
  },
  {
    name: 'nothing to add',
    spec: spec(['codex', '--no-alt-screen']),
    argv: ['codex', '--no-alt-screen'],
    recordedArgv: ['codex', '--no-alt-screen'],
    promptArg: null,
  },
  {
    name: 'config `binary` replaces the program',
    spec: spec(['claude']),
    settings: { binary: '/opt/claude/bin/claude' },
    argv: ['/opt/claude/bin/claude'],
    recordedArgv: ['/opt/claude/bin/claude'],
    promptArg: null,
  },
  {
    name: 'prompt as the last argument: added arguments go before it, the prompt becomes the placeholder',
    spec: spec(['claude', '--model', 'opus', PROMPT], 'arg'),
    signals: hooks,
    settings: { extraArgs: ['--verbose'] },
    argv: ['claude', '--model', 'opus', '--verbose', '--settings', '/s/claude-settings.json', P],
    recordedArgv: ['claude', '--model', 'opus', '--verbose', '--settings', '/s/claude-settings.json', '<prompt>'],
    promptArg: PROMPT,
  },
  {
    name: 'prompt in the middle (a subcommand’s argument): added arguments go at the end',
    spec: spec(['codex', 'exec', PROMPT, '--json'], 'arg'),
    settings: { extraArgs: ['-c', 'model="o3"'] },
    argv: ['codex', 'exec', P, '--json', '-c', 'model="o3"'],
    recordedArgv: ['codex', 'exec', '<prompt>', '--json', '-c', 'model="o3"'],
    promptArg: PROMPT,
  },
  {
    name: 'prompt as the only argument, with a binary override',
    spec: spec(['gemini', PROMPT], 'arg'),
    settings: { binary: 'gemini-nightly' },
    argv: ['gemini-nightly', P],
    recordedArgv: ['gemini-nightly', '<prompt>'],
    promptArg: PROMPT,
  },
  {
    name: 'secrets in arguments are run as given and recorded redacted; a secret in the prompt is never recorded',
    spec: spec(['claude', 'token sk-ant-api03-abcdefghijklmnopqrstuvwxyz'], 'arg'),
    settings: { extraArgs: ['--header', 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123'] },
    argv: ['claude', '--header', 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123', P],
    recordedArgv: ['claude', '--header', 'Authorization: Bearer [REDACTED]', '<prompt>'],
    promptArg: 'token sk-ant-api03-abcdefghijklmnopqrstuvwxyz',
  },
];

describe('planLaunch', () => {
  it.each(CASES)('$name', (entry) => {
    const prompt = entry.promptArg ?? PROMPT;
    const argvBefore = [...entry.spec.argv];
    const plan = planLaunch('claude-code', entry.spec, entry.signals, entry.settings ?? {}, prompt);
    expect(plan).toEqual({ argv: entry.argv, recordedArgv: entry.recordedArgv, promptArg: entry.promptArg });
    // The adapter's spec is left as it was.
    expect(entry.spec.argv).toEqual(argvBefore);
  });

  it('refuses prompt mode arg when the adapter did not pass the prompt as an argument of its own', () => {
    const run = () => planLaunch('my-plugin', spec(['agent', `--prompt=${PROMPT}`], 'arg'), undefined, {}, PROMPT);
    expect(run).toThrow(AgentPoolError);
    try {
      run();
    } catch (error) {
      expect(error).toMatchObject({ code: 'ADAPTER_FAILED', details: { provider: 'my-plugin' }, retryable: false });
      expect((error as AgentPoolError).hint).toContain('--initial-prompt-mode send_after_launch');
    }
  });
});
