import { randomBytes } from 'node:crypto';
import { AgentPoolError, type Screen, screenLines } from '@agentpool/core';
import { PANE_ENTRY_NAME, PANE_ENTRY_SCRIPT } from './pane-entry.js';
import { PANE_STATUS_FORMAT, type PaneStatus, parsePaneStatus } from './pane-status.js';
import { isNamedKey, quoteForPipeCommand, sanitizeSessionName, tmuxCommandList } from './tmux-arguments.js';
import { createTmuxClient, TMUX_INSTALL_HINT, type TmuxClient } from './tmux-client.js';

export interface TmuxRuntimeOptions {
  /** Private socket of this agentpool home (`$AGENTPOOL_HOME/tmux.sock`). */
  readonly socketPath: string;
  readonly binary?: string | undefined;
  /** Environment tmux runs with; PATH from here reaches every pane. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

export interface StartWorkerRequest {
  /** tmux session name; sanitised. */
  readonly name: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly width: number;
  readonly height: number;
  /** The raw output stream of the pane is appended here, once (pipe-pane). */
  readonly outputFile: string;
  /** Written with the worker's exit status when it exits. */
  readonly exitFile: string;
  /** Written with the reason when the runtime watchdog ends the worker. */
  readonly endReasonFile: string;
  /** When set, the worker's stdin is this file (prompt mode `stdin`). */
  readonly stdinFile?: string | undefined;
  /** When set, the worker is stopped after this many seconds even if no agentpool process runs. */
  readonly maxRuntimeSeconds?: number | null | undefined;
}

export interface Capture {
  readonly screen: Screen;
  readonly pane: PaneStatus;
}

export interface TmuxRuntime {
  readonly socketPath: string;
  /** `tmux -V` output, or null when tmux is not installed. */
  version(): Promise<string | null>;
  /** Throws TMUX_NOT_FOUND with an install hint when tmux is missing. */
  ensureAvailable(): Promise<string>;
  /** Starts a worker in its own tmux session, streaming its output to `outputFile` from the first byte. */
  startWorker(request: StartWorkerRequest): Promise<PaneStatus>;
  /** Pastes `text` literally (bracketed paste when the program asked for it); never read as key names or shell. */
  pasteText(sessionName: string, text: string): Promise<void>;
  /** Sends named keys only (`Enter`, `Escape`, `C-c`, …). */
  sendKeys(sessionName: string, keys: readonly string[]): Promise<void>;
  /** The visible screen and pane status in one tmux call; null when the session is gone. */
  capture(sessionName: string): Promise<Capture | null>;
  /** Every pane on this home's server (one tmux call); empty when no server runs. */
  listPanes(): Promise<PaneStatus[]>;
  /** Kills the session; false when it did not exist. */
  killSession(sessionName: string): Promise<boolean>;
  /** The command a person runs to watch or drive the worker. */
  attachCommand(sessionName: string): string[];
  /** tmux processes started by this runtime so far. */
  readonly commandCount: number;
}

const MAX_SOCKET_PATH_BYTES = 104;

function exactPane(sessionName: string): string {
  return `=${sessionName}:`;
}

export function createTmuxRuntime(options: TmuxRuntimeOptions): TmuxRuntime {
  const binary = options.binary ?? 'tmux';
  const env = options.env ?? process.env;
  if (Buffer.byteLength(options.socketPath) > MAX_SOCKET_PATH_BYTES) {
    throw new AgentPoolError('TMUX_FAILED', `The tmux socket path is too long for a Unix socket: ${options.socketPath}`, {
      details: { socketPath: options.socketPath, maxBytes: MAX_SOCKET_PATH_BYTES },
      hint: 'Set AGENTPOOL_HOME to a shorter folder, e.g. AGENTPOOL_HOME=~/.agentpool',
    });
  }
  const client: TmuxClient = createTmuxClient({ binary, socketPath: options.socketPath, env });
  let cachedVersion: string | null | undefined;

  async function version(): Promise<string | null> {
    if (cachedVersion !== undefined) return cachedVersion;
    try {
      const { stdout } = await client.run(['-V']);
      cachedVersion = stdout.trim();
    } catch (error) {
      if (AgentPoolError.isInstance(error) && error.code === 'TMUX_NOT_FOUND') cachedVersion = null;
      else throw error;
    }
    return cachedVersion;
  }

  return {
    socketPath: options.socketPath,
    get commandCount() {
      return client.commandCount;
    },
    version,
    async ensureAvailable() {
      const found = await version();
      if (found === null) {
        throw new AgentPoolError('TMUX_NOT_FOUND', `tmux was not found (${binary}); agentpool runs workers in tmux.`, {
          details: { binary },
          hint: TMUX_INSTALL_HINT,
        });
      }
      return found;
    },
    async startWorker(request) {
      const name = sanitizeSessionName(request.name);
      const paneEnv: Record<string, string> = { ...request.env, AGENTPOOL_EXIT_FILE: request.exitFile };
      if (env.PATH && paneEnv.PATH === undefined) paneEnv.PATH = env.PATH;
      if (request.stdinFile) paneEnv.AGENTPOOL_STDIN_FILE = request.stdinFile;
      if (request.maxRuntimeSeconds) {
        paneEnv.AGENTPOOL_MAX_RUNTIME = String(request.maxRuntimeSeconds);
        paneEnv.AGENTPOOL_END_REASON_FILE = request.endReasonFile;
      }
      const envArgs = Object.entries(paneEnv).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
      // One invocation: the pane keeps its last screen after exit, and the pipe is attached
      // before tmux reads the first byte the worker writes.
      const args = tmuxCommandList([
        ['new-session', '-d', '-s', name, '-x', String(request.width), '-y', String(request.height), '-c', request.cwd, ...envArgs],
        ['set-option', '-t', exactPane(name), 'remain-on-exit', 'on'],
        ['set-option', '-t', exactPane(name), 'history-limit', '10000'],
        ['pipe-pane', '-O', '-t', exactPane(name), `cat >> ${quoteForPipeCommand(request.outputFile)}`],
        ['display-message', '-p', '-t', exactPane(name), PANE_STATUS_FORMAT],
      ]);
      // new-session takes the command after its flags; insert it before the first separator.
      const separator = args.indexOf(';');
      const command = ['/bin/sh', '-c', PANE_ENTRY_SCRIPT, PANE_ENTRY_NAME, ...request.argv].map((part) =>
        part.endsWith(';') ? `${part.slice(0, -1)}\\;` : part,
      );
      args.splice(separator, 0, '--', ...command);
      const { stdout } = await client.run(args);
      const status = parsePaneStatus(stdout.trim().split('\n').pop() ?? '');
      if (!status) {
        throw new AgentPoolError('TMUX_FAILED', `tmux started session ${name} but reported no pane.`, { details: { output: stdout } });
      }
      return status;
    },
    async pasteText(sessionName, text) {
      if (text.length === 0) return;
      const buffer = `agentpool-${randomBytes(6).toString('hex')}`;
      await client.run(
        tmuxCommandList([
          ['load-buffer', '-b', buffer, '-'],
          ['paste-buffer', '-p', '-d', '-b', buffer, '-t', exactPane(sessionName)],
        ]),
        { input: text },
      );
    },
    async sendKeys(sessionName, keys) {
      const invalid = keys.filter((key) => !isNamedKey(key));
      if (invalid.length > 0) {
        throw new AgentPoolError('INVALID_KEY', `Not a key name: ${invalid.join(', ')}.`, {
          details: { invalid, examples: ['Enter', 'Escape', 'C-c', 'Up', 'Down', 'Tab', 'y', 'n', '1'] },
          hint: 'agentpool keys <session-id> Enter  (use `agentpool send` for text)',
        });
      }
      if (keys.length === 0) return;
      await client.run(['send-keys', '-t', exactPane(sessionName), ...keys]);
    },
    async capture(sessionName) {
      const result = await client.run(
        tmuxCommandList([
          ['display-message', '-p', '-t', exactPane(sessionName), PANE_STATUS_FORMAT],
          ['capture-pane', '-p', '-J', '-t', exactPane(sessionName)],
        ]),
        { allowFailure: true },
      );
      if (!result.ok) return null;
      const newline = result.stdout.indexOf('\n');
      const pane = parsePaneStatus(newline < 0 ? result.stdout : result.stdout.slice(0, newline));
      if (!pane) return null;
      let text = newline < 0 ? '' : result.stdout.slice(newline + 1);
      if (pane.dead) {
        // tmux scrolls a dead pane's last output into history to show its "Pane is dead" line;
        // read one screen back so the worker's last words are kept.
        const back = await client.run(['capture-pane', '-p', '-J', '-S', `-${pane.height}`, '-t', exactPane(sessionName)], {
          allowFailure: true,
        });
        if (back.ok) text = back.stdout;
      }
      const lines = screenLines(text);
      return { pane, screen: { lines, width: pane.width, height: pane.height } };
    },
    async listPanes() {
      const result = await client.run(['list-panes', '-a', '-F', PANE_STATUS_FORMAT], { allowFailure: true });
      if (!result.ok) return [];
      return result.stdout
        .split('\n')
        .map(parsePaneStatus)
        .filter((pane): pane is PaneStatus => pane !== null);
    },
    async killSession(sessionName) {
      const result = await client.run(['kill-session', '-t', `=${sessionName}`], { allowFailure: true });
      return result.ok;
    },
    attachCommand(sessionName) {
      return [binary, '-S', options.socketPath, 'attach-session', '-t', `=${sessionName}`];
    },
  };
}
