import { existsSync } from 'node:fs';
import {
  AgentPoolError,
  adapterShapeProblems,
  checkProviderOptions,
  type Isolation,
  type LaunchRequest,
  type PromptMode,
  type PromptModeRequest,
  type ProviderAdapterV1,
  type Screen,
  type ScreenState,
  withoutEcho,
} from '@agentpool/core';
import { isNamedKey } from '@agentpool/tmux-runtime';
import { describe, expect, it } from 'vitest';

/** A screen the adapter ships as a fixture, and what it must read there. */
export interface ConformanceScreen {
  readonly name: string;
  readonly screen: Screen | (() => Promise<Screen>);
  readonly state: ScreenState;
  /** The rule that must have matched, when the fixture is about one rule. */
  readonly rule?: string;
  /** Texts the caller sent that appear on the screen: the reading must not change once their lines are removed. */
  readonly sentTexts?: readonly string[];
}

export interface ConformanceOptions {
  /** Screens rendered from real captures (or, for a CLI that cannot run here, written from its documentation). */
  readonly screens?: readonly ConformanceScreen[];
  /** The adapter's package carries its CLI (a fake, a plugin's own script): it is found without PATH. */
  readonly shipsItsCli?: boolean;
}

/** A prompt no launch may mangle: quotes, shell syntax, a newline, a trailing `;` (tmux splits there), non-ASCII. */
const PROMPT = `Check "it's" $HOME \`id\` & done;\nsecond line — ünïcode ✓;`;
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function request(overrides: Partial<LaunchRequest> = {}): LaunchRequest {
  return {
    sessionId: 'ses_conformance01',
    prompt: PROMPT,
    promptMode: 'provider_default',
    cwd: '/work/repo',
    isolation: 'shared',
    role: 'custom',
    sessionDir: '/home/u/.agentpool/artifacts/ses_conformance01',
    context: { env: { PATH: '/nonexistent', HOME: '/home/u' }, home: '/home/u/.agentpool', settings: {} },
    signalRecorder: { dir: '/home/u/.agentpool/artifacts/ses_conformance01/signals', argv: ['/usr/bin/node', '-e', 'record()', '--'] },
    ...overrides,
  };
}

/**
 * Whether a launch hands `value` to the CLI: on its command line, in its environment, or in a
 * per-worker file its native signals write (a CLI whose interactive mode takes its model only from
 * a settings file, like Droid's `--settings`).
 */
const mentions = (adapter: ProviderAdapterV1, launch: LaunchRequest, value: string) => {
  const spec = adapter.launch(launch);
  const signals = adapter.signals?.(launch);
  const parts = [
    ...spec.argv,
    ...Object.values(spec.env),
    ...(signals?.args ?? []),
    ...Object.values(signals?.env ?? {}),
    ...(signals?.files ?? []).map((file) => file.content),
  ];
  return parts.some((part) => part.includes(value));
};

/** The check every spawn runs on what it asks of the provider. */
function spawnCheck(adapter: ProviderAdapterV1, extra: Parameters<typeof checkProviderOptions>[1]) {
  return () => checkProviderOptions(adapter, extra);
}

function refusedWith(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return AgentPoolError.isInstance(error) ? error.code : 'NOT_AN_AGENTPOOL_ERROR';
  }
  return undefined;
}

/**
 * The checks every provider adapter — built-in or plugin — must pass (vitest): a well-formed
 * adapter; a launch that is safe and honest for every declared prompt mode and option; native
 * signals that stay in the worker's folder and never throw on a bad record; screen rules that read
 * the adapter's fixtures right, with the caller's echo removed too, and never crash on junk; and
 * options the provider cannot honour refused with CAPABILITY_UNSUPPORTED.
 */
export function runProviderConformance(adapter: ProviderAdapterV1, options: ConformanceOptions = {}): void {
  describe(`provider conformance: ${adapter.id}`, () => {
    it('is a well-formed ProviderAdapterV1', () => {
      expect(adapterShapeProblems(adapter)).toEqual([]);
    });

    const modes: PromptModeRequest[] = ['provider_default', ...adapter.capabilities.promptModes];
    it.each(modes)('launches safely in prompt mode %s', (mode) => {
      const spec = adapter.launch(request({ promptMode: mode }));
      const resolved: PromptMode = mode === 'provider_default' ? adapter.capabilities.defaultPromptMode : mode;
      expect(spec.promptMode).toBe(resolved);
      expect(spec.argv.length).toBeGreaterThan(0);
      expect(spec.argv[0]).not.toBe('');
      for (const part of spec.argv) {
        expect(typeof part).toBe('string');
        expect(part).not.toContain('\0');
      }
      // The prompt travels as exactly one argument of its own, as written (agentpool never uses a shell), or not at all.
      const copies = spec.argv.filter((part) => part === PROMPT).length;
      expect({ mode: resolved, copies }).toEqual({ mode: resolved, copies: resolved === 'arg' ? 1 : 0 });
      if (resolved !== 'arg') expect(spec.argv.some((part) => part.includes('second line'))).toBe(false);
      for (const [name, value] of Object.entries(spec.env)) {
        expect(name).toMatch(SHELL_NAME);
        expect(typeof value).toBe('string');
        expect(value).not.toContain('\0');
      }
      expect(spec.submitKeys.length).toBeGreaterThan(0);
      expect(spec.interruptKeys.length).toBeGreaterThan(0);
      for (const key of [...spec.submitKeys, ...spec.interruptKeys]) expect(isNamedKey(key)).toBe(true);
      expect(spec.cwd).toBe('/work/repo');
    });

    it.each<Isolation>(['read_only', 'shared', 'worktree'])('says how %s isolation is enforced, as its capabilities claim', (isolation) => {
      const spec = adapter.launch(request({ isolation }));
      if (isolation === 'read_only') {
        expect(spec.isolationEnforcement).toBe(adapter.capabilities.readOnly);
      } else expect(spec.isolationEnforcement).not.toBe('prompt_only');
    });

    it('passes every option it declares on to the CLI', () => {
      if (adapter.capabilities.modelSelection) {
        expect(mentions(adapter, request({ model: 'conformance-model-7' }), 'conformance-model-7')).toBe(true);
      }
      for (const effort of adapter.capabilities.reasoningEfforts ?? []) {
        expect({ effort, passed: mentions(adapter, request({ reasoningEffort: effort }), effort) }).toEqual({
          effort,
          passed: true,
        });
      }
      for (const tier of adapter.capabilities.serviceTiers ?? []) {
        expect({ tier, passed: mentions(adapter, request({ serviceTier: tier }), tier) }).toEqual({ tier, passed: true });
      }
    });

    it('refuses what it cannot honour with CAPABILITY_UNSUPPORTED, never silently', () => {
      if (!adapter.capabilities.modelSelection) expect(refusedWith(spawnCheck(adapter, { model: 'any' }))).toBe('CAPABILITY_UNSUPPORTED');
      if (!adapter.capabilities.reasoningEfforts?.length) {
        expect(refusedWith(spawnCheck(adapter, { reasoningEffort: 'high' }))).toBe('CAPABILITY_UNSUPPORTED');
      }
      if (!adapter.capabilities.serviceTiers?.length) {
        expect(refusedWith(spawnCheck(adapter, { serviceTier: 'flex' }))).toBe('CAPABILITY_UNSUPPORTED');
      }
      for (const mode of (['arg', 'send_after_launch', 'stdin'] as const).filter(
        (mode) => !adapter.capabilities.promptModes.includes(mode),
      )) {
        expect({ mode, code: refusedWith(spawnCheck(adapter, { promptMode: mode })) }).toEqual({ mode, code: 'CAPABILITY_UNSUPPORTED' });
      }
    });

    it('keeps its native signals to the worker’s own folder, and never throws on a bad record', () => {
      const launch = request();
      const signals = adapter.signals?.(launch);
      if (!signals) return;
      for (const file of signals.files) {
        expect(file.path.startsWith('/')).toBe(false);
        expect(file.path.split('/')).not.toContain('..');
      }
      for (const arg of signals.args) expect(typeof arg).toBe('string');
      const sources = signals.sources ?? [];
      expect(new Set(sources.map((source) => source.name)).size).toBe(sources.length);
      for (const source of sources) {
        if (source.kind === 'file') expect(source.path.startsWith(`${launch.signalRecorder?.dir}/`)).toBe(true);
      }
      if (sources.length > 0) expect(typeof adapter.parseSignal).toBe('function');
      for (const source of sources) {
        for (const payload of ['', 'not json', '{}', '[]', 'null', '{"hook_event_name":42}', '\u0000\u0001', 'x'.repeat(100_000)]) {
          expect(() => adapter.parseSignal?.({ source: source.name, payload })).not.toThrow();
        }
      }
    });

    it('reads any screen without crashing: empty, huge, binary junk', () => {
      const screens: Screen[] = [
        { lines: [], width: 80, height: 24 },
        { lines: Array.from({ length: 500 }, (_, index) => `${index} ${'x'.repeat(2000)}`), width: 200, height: 500 },
        { lines: ['\u0000\u0001\u001b[31m\uffff', '❯ ›', '─'.repeat(300)], width: 80, height: 3 },
      ];
      for (const screen of screens) {
        const observation = adapter.classify(screen, { sentTexts: [] });
        expect(observation.confidence).toBeGreaterThanOrEqual(0);
        expect(observation.confidence).toBeLessThanOrEqual(1);
        expect(Array.isArray(observation.evidence)).toBe(true);
      }
    });

    const screens = options.screens ?? [];
    if (screens.length > 0) {
      it.each(screens)('reads the $name screen as $state', async (fixture) => {
        const screen = typeof fixture.screen === 'function' ? await fixture.screen() : fixture.screen;
        const sentTexts = fixture.sentTexts ?? [];
        const observation = adapter.classify(screen, { sentTexts });
        expect(observation.state).toBe(fixture.state);
        if (fixture.rule) expect(observation.rule).toBe(fixture.rule);
        // As agentpool reads it: lines echoing the caller's text removed first.
        const echoFree = adapter.classify({ ...screen, lines: withoutEcho(screen.lines, sentTexts) }, { sentTexts });
        expect(echoFree.state).toBe(fixture.state);
        for (const line of echoFree.evidence) {
          for (const sent of sentTexts) if (line.trim().length >= 12) expect(sent.includes(line.trim())).toBe(false);
        }
        if (fixture.state === 'startup_prompt' && observation.startupPrompt?.acceptKeys) {
          for (const key of observation.startupPrompt.acceptKeys) expect(isNamedKey(key)).toBe(true);
        }
      });
    }

    const nowhere = { env: { PATH: '/nonexistent', HOME: '/nonexistent' }, home: '/nonexistent', settings: {} };
    if (options.shipsItsCli) {
      it('finds the CLI it ships wherever it runs, by an absolute path that exists', async () => {
        const found = await adapter.detect(nowhere);
        expect(found?.binaryPath.startsWith('/')).toBe(true);
        expect(existsSync(found?.binaryPath ?? '/nonexistent')).toBe(true);
      });
    } else {
      it('finds nothing where the CLI is not installed, without throwing', async () => {
        expect(await adapter.detect(nowhere)).toBeNull();
      });
    }
  });
}
