import { redact, type WorkerSignal, type WorkerSignalEvent, type WorkerSignalKind } from '@agentpool/core';

/** What a turn's native signals say, strongest evidence of a worker's state. */
export interface SignalVerdict {
  readonly state: 'working' | 'completed' | 'idle' | 'question' | 'approval_prompt' | 'limit_reached' | 'error';
  /** Which source and event decided ("hooks: turn_completed"). */
  readonly evidence: string;
  /** The signal source that decided (`hooks`, `notify`, an OSC source's name). */
  readonly source?: string | undefined;
  /** The kind of the event that decided. */
  readonly kind?: WorkerSignalKind | undefined;
  /** The worker's last reply when a completion carried it. */
  readonly finalText: string | null;
}

export interface TurnTimeline {
  /** Epoch ms the turn started. */
  readonly startedAt: number;
  /** Byte offset of the output stream where the turn started. */
  readonly streamOffset: number;
  /** Epoch ms of the caller's last input in this turn (keys, an interrupt); needs-input signals before it are answered. */
  readonly lastInputAt: number;
  /** What the turn sent (redacted): a completion that names another input answered something else. */
  readonly sentText?: string | undefined;
}

const words = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Whether a completion that says which input it answered answers this turn's (compared as the turn stored it: redacted). */
function answersTurn(signal: WorkerSignal, turn: TurnTimeline): boolean {
  if (signal.kind !== 'turn_completed' || signal.input === undefined || !turn.sentText?.trim()) return true;
  return words(redact(signal.input)) === words(turn.sentText);
}

const after = (event: WorkerSignalEvent, turn: TurnTimeline, at: number) =>
  event.at !== null ? event.at >= at : event.streamOffset !== null && event.streamOffset >= turn.streamOffset;

/**
 * The signals of the current turn, oldest first per source. A file signal belongs to the turn when
 * it was recorded after the turn began, an in-band one when it sits after the turn's offset. A
 * source that reports turn starts only has its later events counted after the turn's own start
 * event, so a previous turn's late completion never answers this one.
 */
export function currentTurnSignals(all: readonly WorkerSignalEvent[], turn: TurnTimeline): WorkerSignalEvent[] {
  const startingSources = new Set(all.filter((event) => event.signal.kind === 'turn_started').map((event) => event.source));
  const out: WorkerSignalEvent[] = [];
  const started = new Set<string>();
  for (const event of all) {
    if (!after(event, turn, turn.startedAt) || !answersTurn(event.signal, turn)) continue;
    if (event.signal.kind === 'turn_started') started.add(event.source);
    else if (startingSources.has(event.source) && !started.has(event.source)) continue;
    out.push(event);
  }
  return out;
}

type Step = SignalVerdict | null;

/** States an idle notification does not end: the worker is still waiting on the caller for them. */
const WAITS_ON_THE_CALLER: ReadonlySet<SignalVerdict['state']> = new Set(['completed', 'question', 'approval_prompt']);

function step(previous: Step, signal: WorkerSignal, source: string): Step {
  const said = { evidence: `${source}: ${signal.kind}`, source, kind: signal.kind };
  switch (signal.kind) {
    case 'turn_started':
      return { state: 'working', ...said, finalText: null };
    case 'turn_completed':
      return { state: 'completed', ...said, finalText: signal.finalText ?? null };
    case 'needs_input':
      if (signal.input === 'idle') {
        // "Waiting for input" after a completed turn, a question or an approval prompt is the same
        // wait (Claude Code says it after 60 s of any): the turn stays as it was.
        return previous && WAITS_ON_THE_CALLER.has(previous.state) ? previous : { state: 'idle', ...said, finalText: null };
      }
      return { state: signal.input === 'approval' ? 'approval_prompt' : 'question', ...said, finalText: null };
    case 'limit_reached':
      return { state: 'limit_reached', ...said, finalText: null };
    case 'turn_failed':
      return { state: 'error', ...said, finalText: null };
    case 'session_ended':
      return previous;
  }
}

const PRIORITY: Record<SignalVerdict['state'], number> = {
  approval_prompt: 5,
  question: 5,
  limit_reached: 5,
  error: 5,
  completed: 4,
  idle: 3,
  working: 1,
};

/**
 * The state a turn's signals leave the worker in, or null when they say nothing. Each source is
 * read in order (its last word counts); across sources the most decisive one wins. A needs-input
 * signal older than the caller's last input has been answered and no longer counts.
 */
export function signalVerdict(events: readonly WorkerSignalEvent[], turn: TurnTimeline): SignalVerdict | null {
  const bySource = new Map<string, Step>();
  for (const event of events) {
    if (event.signal.kind === 'needs_input' && !after(event, turn, turn.lastInputAt)) continue;
    bySource.set(event.source, step(bySource.get(event.source) ?? null, event.signal, event.source));
  }
  let best: SignalVerdict | null = null;
  for (const verdict of bySource.values()) {
    if (!verdict) continue;
    const stronger = !best || PRIORITY[verdict.state] > PRIORITY[best.state];
    // Between equally decisive sources, the one that carried the worker's reply wins.
    const sameButTold = best && PRIORITY[verdict.state] === PRIORITY[best.state] && verdict.finalText && !best.finalText;
    if (stronger || sameButTold) best = verdict;
  }
  return best;
}
