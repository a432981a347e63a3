/**
 * Tokens counted from a provider's local logs, in the fields ccusage reports so the two can be
 * compared: `input` excludes cache reads; `total` is what the log format calls a turn's total
 * (Claude: input + output + cache creation + cache read; Codex: input including cached + output).
 */
export interface TokenTally {
  input: number;
  output: number;
  cacheCreation: number;
  cacheRead: number;
  /** Reasoning tokens, already included in `output` (Codex reports them apart). */
  reasoning: number;
  total: number;
  /** Log entries counted. */
  entries: number;
}

/** One counted line of a local log. */
export interface TokenLogEntry {
  /** When the tokens were spent (ms since the epoch). */
  readonly timestamp: number;
  readonly tally: TokenTally;
  /** A key that names the response: a second line with the same key is not counted again. */
  readonly key?: string | null | undefined;
}

/**
 * How one provider writes token use into local JSONL logs. The scanner in `@agentpool/usage`
 * reads only what was appended since its last scan, so `readLine` sees each line once, in file
 * order, with the file's carried state (e.g. Codex's running totals).
 */
export interface TokenLogFormat<Carry = unknown> {
  /** Names the format in stored scan state (`claude-projects`, `codex-rollouts`). */
  readonly id: string;
  /** The log files under `root`, absolute paths (synchronous: it runs on every scan). */
  listFiles(root: string): string[];
  /** A line is parsed only when it contains this text: a cheap filter before JSON.parse. */
  readonly marker: string;
  /**
   * Parses one line from its bytes (UTF-8, without the newline; JSON.parse of the whole line when
   * absent). A format may parse less than the whole line when the rest cannot change what it
   * reads, but must throw for a line that is not whole JSON.
   */
  parseLine?(line: Buffer): unknown;
  /**
   * A module that serves this format's scans on a second thread (its body calls
   * `serveTokenLogScans` from `@agentpool/usage` with this format). With it, a scan with much to
   * read from new files reads about half of them on another core. Optional; its absence or a
   * missing file only means one thread.
   */
  readonly scanWorker?: URL | undefined;
  /** State a file starts with; must survive JSON. */
  initialCarry(): Carry;
  /** Reads one parsed line; null when it counts nothing. May update `carry` in place. */
  readLine(value: unknown, carry: Carry): TokenLogEntry | null;
}

/** Where a provider (or one of its accounts) keeps a token log. */
export interface TokenLogSource {
  readonly format: TokenLogFormat;
  /** The folder `listFiles` looks in (a Claude config dir, a CODEX_HOME). */
  readonly root: string;
}

/**
 * Small binary values a probe keeps between runs (scan offsets, counted keys). The store
 * implements it; without one, a probe starts from nothing each time.
 */
export interface ProbeStateStore {
  read(key: string): Promise<Uint8Array | null>;
  write(key: string, value: Uint8Array): Promise<void>;
  /** Every key that starts with `prefix`, with its value. */
  list(prefix: string): Promise<Array<[string, Uint8Array]>>;
  /** Writes several keys at once (all or none); a null value deletes the key. */
  writeMany(entries: ReadonlyArray<readonly [string, Uint8Array | null]>): Promise<void>;
}
