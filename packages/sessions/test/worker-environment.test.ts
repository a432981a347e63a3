import { describe, expect, it } from 'vitest';
import { type WorkerEnvironmentInput, workerEnvironment } from '../src/worker-environment.js';

const CALLER = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/me',
  LANG: 'C.UTF-8',
  OPENAI_API_KEY: 'sk-caller',
  ANTHROPIC_API_KEY: 'sk-ant-caller',
  AWS_SECRET_ACCESS_KEY: 'aws',
  AWS_REGION: 'eu-west-1',
  'MY.VAR': 'dotted',
  TERM: 'xterm-kitty',
  TMUX: '/tmp/tmux-0/default,1,0',
  TMUX_PANE: '%3',
  COLUMNS: '200',
  LINES: '50',
  TERM_PROGRAM: 'iTerm.app',
  TERM_PROGRAM_VERSION: '3.5',
  TERM_SESSION_ID: 'w0t0p0',
  CI: 'true',
  CONTINUOUS_INTEGRATION: '1',
  GITHUB_ACTIONS: 'true',
  GITHUB_TOKEN: 'ghs-caller',
  UNSET: undefined,
};

const base: WorkerEnvironmentInput = { caller: CALLER, allow: null, deny: [], layers: [] };
const run = (input: Partial<WorkerEnvironmentInput>) => workerEnvironment({ ...base, ...input });
const names = (env: Record<string, string>) => Object.keys(env).sort();

describe('workerEnvironment', () => {
  it('passes every caller variable by default, never those describing the caller’s terminal or marking its run unattended, never an unset one', () => {
    expect(names(run({}))).toEqual([
      'ANTHROPIC_API_KEY',
      'AWS_REGION',
      'AWS_SECRET_ACCESS_KEY',
      'GITHUB_TOKEN',
      'HOME',
      'LANG',
      'MY.VAR',
      'OPENAI_API_KEY',
      'PATH',
    ]);
  });

  it.each([
    { name: 'exact names', allow: ['PATH', 'HOME'], deny: [], passed: ['HOME', 'PATH'] },
    {
      name: '`*` matches any run of characters',
      allow: ['AWS_*', 'PATH'],
      deny: [],
      passed: ['AWS_REGION', 'AWS_SECRET_ACCESS_KEY', 'PATH'],
    },
    { name: '`*` alone allows everything but the terminal’s variables', allow: ['*'], deny: [], passed: names(run({})) },
    { name: 'an empty allow list passes nothing', allow: [], deny: [], passed: [] },
    { name: 'patterns match the whole name', allow: ['PAT', 'OME'], deny: [], passed: [] },
    { name: 'regex characters in a pattern are literal', allow: ['MY.VAR', 'P.TH', 'LANG|HOME'], deny: [], passed: ['MY.VAR'] },
    {
      name: 'deny wins over allow',
      allow: ['*'],
      deny: ['*_API_KEY', 'AWS_SECRET_*'],
      passed: ['AWS_REGION', 'GITHUB_TOKEN', 'HOME', 'LANG', 'MY.VAR', 'PATH'],
    },
    {
      name: 'deny alone, with everything allowed',
      allow: null,
      deny: ['OPENAI_API_KEY'],
      passed: names(run({})).filter((name) => name !== 'OPENAI_API_KEY'),
    },
    { name: 'names are case-sensitive', allow: ['path', 'Home'], deny: [], passed: [] },
    {
      name: 'the terminal’s variables stay out even when allowed by name',
      allow: ['TERM', 'TMUX', 'COLUMNS', 'PATH'],
      deny: [],
      passed: ['PATH'],
    },
    {
      name: 'a CI job’s markers stay out even when allowed by name (a pane is an interactive terminal)',
      allow: ['CI', 'CONTINUOUS_INTEGRATION', 'GITHUB_*', 'PATH'],
      deny: [],
      passed: ['GITHUB_TOKEN', 'PATH'],
    },
  ])('policy: $name', ({ allow, deny, passed }) => {
    expect(names(run({ allow, deny }))).toEqual([...passed].sort());
  });

  it('layers go over the caller’s variables in order, the last one winning, whatever the policy', () => {
    const env = run({
      allow: ['PATH'],
      deny: ['*_API_KEY'],
      layers: [
        { OPENAI_API_KEY: 'from-provider-settings', MODE: 'settings' },
        { CODEX_HOME: '/accounts/work', MODE: 'account' },
        { DISABLE_AUTOUPDATER: '1' },
        {},
        { AGENTPOOL_SESSION_ID: 'ses_1', MODE: 'agentpool' },
      ],
    });
    expect(env).toEqual({
      PATH: '/usr/bin:/bin',
      OPENAI_API_KEY: 'from-provider-settings',
      CODEX_HOME: '/accounts/work',
      DISABLE_AUTOUPDATER: '1',
      AGENTPOOL_SESSION_ID: 'ses_1',
      MODE: 'agentpool',
    });
  });

  it('a layer may set a terminal variable on purpose (the caller’s never passes)', () => {
    expect(run({ allow: [], layers: [{ TERM: 'dumb' }] })).toEqual({ TERM: 'dumb' });
    expect(run({ allow: [], layers: [{ CI: 'true' }] })).toEqual({ CI: 'true' });
  });

  it('keeps empty values the caller set, and never changes the caller’s object', () => {
    const caller = { EMPTY: '', PATH: '/bin' };
    expect(run({ caller })).toEqual({ EMPTY: '', PATH: '/bin' });
    run({ caller, layers: [{ PATH: '/other' }] });
    expect(caller).toEqual({ EMPTY: '', PATH: '/bin' });
  });
});
