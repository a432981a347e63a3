// Provider plugin the benchmarks load through config `plugins:` (an absolute path). It builds on the
// fake providers (their built package) and adds workers the fakes do not offer:
//
// - `bench-completed-hooks-blind`: fake-completed-hooks (reports its turns through Claude Code-style
//   hooks) with screen rules that always say `working`, so only the native signal can decide that
//   the turn completed — the signal path of the state-change-latency bench, measured alone.
// - `bench-approval-hooks-blind`: the same for fake-approval-hooks, whose Notification hook
//   (`permission_prompt`) is the only thing that can say the worker waits for an approval.
// - `bench-chatty` / `bench-chatty-alt`: chatty-worker.mjs drawing inline (normal buffer) or in the
//   alternate screen; the fake agent's screen rules read its footer. They declare an in-band OSC
//   signal source, as Codex does (OSC 7501), so a waiting observe renders every byte the worker
//   writes — the heaviest way an observer can follow a worker.
// - `bench-chatty-screen`: the inline chatty worker without that source (like Claude Code, whose
//   signals come through hook files): the observer reads the screen through tmux on every write and
//   renders the stream only once the screen shows the input prompt.
import { fileURLToPath } from 'node:url';
import { createFakeProvider } from '../packages/providers-fake/dist/index.js';

const CHATTY_WORKER = fileURLToPath(new URL('./chatty-worker.mjs', import.meta.url));
/** An OSC code no program writes: declared so the observer renders the stream, as it does for Codex. */
export const CHATTY_OSC_CODE = 7599;

const base = createFakeProvider('completed');

/** A hook-reporting fake whose screen rules always say `working`: only its hook records can decide. */
function blind(behavior) {
  return {
    ...createFakeProvider(behavior, { hooks: true }),
    id: `bench-${behavior}-hooks-blind`,
    displayName: `Bench (fake ${behavior}, hooks; screen ignored)`,
    classify: () => ({ state: 'working', confidence: 0.5, evidence: ['screen ignored by the benchmark'], rule: 'bench.blind' }),
  };
}

/** Settings for the chatty worker come from the spawning process's environment (the pane gets only argv). */
function chattyArgv(mode) {
  const env = process.env;
  return [
    process.execPath,
    CHATTY_WORKER,
    '--mode',
    mode,
    '--seconds',
    env.BENCH_CHATTY_SECONDS ?? '600',
    '--frame-ms',
    env[mode === 'alternate' ? 'BENCH_CHATTY_ALT_FRAME_MS' : 'BENCH_CHATTY_FRAME_MS'] ?? (mode === 'alternate' ? '200' : '50'),
    '--lines-per-frame',
    env[mode === 'alternate' ? 'BENCH_CHATTY_ALT_LINES_PER_FRAME' : 'BENCH_CHATTY_LINES_PER_FRAME'] ?? (mode === 'alternate' ? '4' : '1'),
  ];
}

function chatty(id, mode, { inBandSignals = true } = {}) {
  const adapter = {
    ...base,
    id,
    displayName: `Bench chatty worker (${mode} screen)`,
    launch(request) {
      return {
        argv: [...chattyArgv(mode), '--', request.prompt],
        env: {},
        cwd: request.cwd,
        promptMode: 'arg',
        submitKeys: ['Enter'],
        interruptKeys: ['Escape'],
        isolationEnforcement: request.isolation === 'read_only' ? 'prompt_only' : 'not_needed',
      };
    },
  };
  if (!inBandSignals) return adapter;
  return {
    ...adapter,
    signals: () => ({ args: [], env: {}, files: [], sources: [{ name: 'state', kind: 'osc', code: CHATTY_OSC_CODE }] }),
    parseSignal: () => null,
  };
}

export const providers = [
  blind('completed'),
  blind('approval'),
  chatty('bench-chatty', 'normal'),
  chatty('bench-chatty-alt', 'alternate'),
  // Screen rules only (like Claude Code, whose signals are hook files): the observer renders only when the screen is ready.
  chatty('bench-chatty-screen', 'normal', { inBandSignals: false }),
];
