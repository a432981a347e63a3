/**
 * A private terminal in which a usage probe may run a provider's own TUI (Claude Code's `/usage`
 * screen). agentpool hands one to probes only when the caller asked for it (`--interactive`):
 * starting a CLI's TUI is slow and does what the CLI does at start, so it is never done unasked.
 */
export interface ProbeTerminal {
  /** Starts `argv` in a fresh terminal of its own; `close` ends it and everything it started. */
  open(request: ProbeTerminalRequest): Promise<ProbeTerminalSession>;
}

export interface ProbeTerminalRequest {
  /** Program and arguments, run directly (never through a shell). */
  readonly argv: readonly string[];
  /** The program's environment (the caller's terminal and CI markers are left out, as for a worker). Reaches it through a private file. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly cols: number;
  readonly rows: number;
  /** The program is ended after this long even if agentpool itself dies first. */
  readonly maxRuntimeSeconds: number;
}

export interface ProbeTerminalSession {
  /** The screen as a terminal shows it now (rendered from the program's output), top to bottom. */
  screen(): Promise<readonly string[]>;
  /** Whether the program has exited. */
  exited(): boolean;
  /** Types `text` as keystrokes (literally, no key names). */
  type(text: string): Promise<void>;
  /** Sends named keys (`Enter`, `Escape`, `C-c`). */
  keys(keys: readonly string[]): Promise<void>;
  /** Ends the program (it may already have exited), every process it started and the terminal. Safe to call twice. */
  close(): Promise<void>;
}
