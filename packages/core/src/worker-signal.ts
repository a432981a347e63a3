/**
 * Native signals: turn events a worker reports through its own channel (Claude Code hooks, a Codex
 * `notify` program, an in-band terminal sequence) instead of what its screen shows. They are the
 * strongest evidence of a worker's state: signal > screen > quiescence.
 */

/** A typed turn event, parsed by the adapter from what its CLI reported. */
export type WorkerSignal =
  /** The worker took the caller's input and started working on it. */
  | { readonly kind: 'turn_started' }
  /**
   * The worker finished a turn; `finalText` is its last reply when the channel carries it, `input`
   * the message that turn answered when the channel says (a CLI may report internal turns too, such
   * as writing a title; agentpool counts a completion only for the input it sent).
   */
  | { readonly kind: 'turn_completed'; readonly finalText?: string | undefined; readonly input?: string | undefined }
  /** The worker waits for the caller: an approval, an answer, or simply a new message. */
  | { readonly kind: 'needs_input'; readonly input: 'approval' | 'question' | 'idle'; readonly message?: string | undefined }
  /** A usage limit stopped the turn. */
  | { readonly kind: 'limit_reached'; readonly message?: string | undefined; readonly resetsAt?: string | undefined }
  /** The turn ended with an error (authentication, server, …). */
  | { readonly kind: 'turn_failed'; readonly reason: string; readonly message?: string | undefined }
  /** The worker's session ended (the CLI is exiting). */
  | { readonly kind: 'session_ended'; readonly reason?: string | undefined };

export type WorkerSignalKind = WorkerSignal['kind'];

/** Where a worker's signals arrive. */
export type SignalSource =
  /** JSON records appended to a file, one per line (hook commands and notify programs write these through the signal recorder). */
  | { readonly name: string; readonly kind: 'file'; readonly path: string }
  /** An OSC sequence `ESC ] <code> ; <data> BEL` the worker writes into its own output. */
  | { readonly name: string; readonly kind: 'osc'; readonly code: number };

/** One raw record from a signal source, as the adapter's `parseSignal` receives it. */
export interface SignalRecord {
  /** The `name` of the source it came from. */
  readonly source: string;
  /** What the CLI handed over: the JSON a hook got on stdin, a notify program's argument, an OSC's data. */
  readonly payload: string;
}

/** A parsed signal with where it sits in the session's timeline. */
export interface WorkerSignalEvent {
  readonly signal: WorkerSignal;
  readonly source: string;
  /** Epoch ms the recorder wrote it (file sources); null for in-band sequences. */
  readonly at: number | null;
  /** Byte offset of the output stream at which an in-band sequence was seen; null for file sources. */
  readonly streamOffset: number | null;
}

/**
 * How an adapter's hook or notify program hands a record to agentpool: run `argv` followed by the
 * target file; the recorder appends what it receives (its standard input, or a final JSON argument
 * when one is given) as one line with a timestamp. Nothing else needs to be installed.
 */
export interface SignalRecorder {
  /** Folder for this worker's signal files (inside its private session folder). */
  readonly dir: string;
  /** Program and arguments of the recorder; append the file to write to. */
  readonly argv: readonly string[];
}
