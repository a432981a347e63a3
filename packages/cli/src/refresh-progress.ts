import type { UsageSnapshot } from '@agentpool/usage';

/** What the progress line knows: the providers being probed, and what each that answered gave. */
export interface RefreshProgressState {
  readonly providers: readonly string[];
  readonly done: ReadonlyMap<string, { status: UsageSnapshot['status']; late: boolean }>;
  readonly startedAt: number;
}

const MARKS: Record<UsageSnapshot['status'], string> = { ok: '✓', limit_reached: '✗ limit', unknown: '?', error: '!' };

/** `usage: claude-code ✓  codex-cli …  gemini-cli ! (3 s, 1/3)`, cut to `width`. Pure. */
export function refreshProgressLine(state: RefreshProgressState, now: number, width: number): string {
  const parts = state.providers.map((id) => {
    const done = state.done.get(id);
    if (!done) return `${id} …`;
    return `${id} ${done.late ? 'late' : MARKS[done.status]}`;
  });
  const seconds = Math.floor((now - state.startedAt) / 1000);
  const line = `usage: ${parts.join('  ')} (${seconds} s, ${state.done.size}/${state.providers.length})`;
  return line.length > width ? `${line.slice(0, Math.max(0, width - 1)).trimEnd()}…` : line;
}

/**
 * A live progress line on a terminal's stderr while a refresh runs: redrawn as each provider
 * answers and once a second, erased at the end. Nothing is written when stderr is not a terminal
 * (a pipe, a file, `--json` consumers), so scripts never see it.
 */
export function startRefreshProgress(stream: NodeJS.WriteStream, now: () => number = Date.now) {
  const enabled = stream.isTTY === true;
  let state: RefreshProgressState | null = null;
  let timer: NodeJS.Timeout | null = null;
  const draw = () => {
    if (!enabled || !state) return;
    stream.write(`\r\u001b[2K${refreshProgressLine(state, now(), (stream.columns || 80) - 1)}`);
  };
  return {
    start(providers: readonly string[]) {
      if (!enabled || providers.length === 0) return;
      state = { providers, done: new Map(), startedAt: now() };
      draw();
      timer = setInterval(draw, 1000);
      timer.unref();
    },
    providerDone(snapshot: UsageSnapshot, late: boolean) {
      if (!state) return;
      (state.done as Map<string, { status: UsageSnapshot['status']; late: boolean }>).set(snapshot.providerId, {
        status: snapshot.status,
        late,
      });
      draw();
    },
    stop() {
      if (timer) clearInterval(timer);
      if (enabled && state) stream.write('\r\u001b[2K');
      state = null;
    },
  };
}
