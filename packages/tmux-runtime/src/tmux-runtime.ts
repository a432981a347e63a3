import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { AgentPoolError, type Screen, screenLines } from '@agentpool/core';
import { formatEnvFile } from './env-file.js';
import { PANE_ENTRY_NAME, PANE_ENTRY_SCRIPT, PROMPT_ARG_PLACEHOLDER } from './pane-entry.js';
import { PANE_STATUS_FORMAT, type PaneStatus, parsePaneStatus } from './pane-status.js';
import { isNamedKey, quoteForPipeCommand, sanitizeSessionName, tmuxCommandList } from './tmux-arguments.js';
import { createTmuxClient, TMUX_INSTALL_HINT, type TmuxClient } from './tmux-client.js';

export interface TmuxRuntimeOptions {
  /** Private socket of this agentpool home (`$AGENTPOOL_HOME/tmux.sock`). */
  readonly socketPath: string;
  readonly binary?: string | undefined;
  /**
   * The caller's environment. tmux itself runs with only `SERVER_ENVIRONMENT` taken from it, so
   * the server (and every pane it starts) never inherits whichever caller happened to start it.
   */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** What the private tmux server is started with: enough to find programs and read UTF-8, nothing else. */
export const SERVER_ENVIRONMENT = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE'] as const;

export interface StartWorkerRequest {
  /** tmux session name; sanitised. */
  readonly name: string;
  /** Program and arguments; an argument equal to `PROMPT_ARG_PLACEHOLDER` is replaced by `prompt`. */
  readonly argv: readonly string[];
  /** The worker's whole environment. It reaches the pane through `envFile` (0600, deleted once read), never a command line. */
  readonly env: Readonly<Record<string, string>>;
  /** Where to write the environment file (in the session's private folder). */
  readonly envFile: string;
  /** A prompt the program only takes as an argument: written to `file` (0600) and swapped in for the placeholder by the pane entry. */
  readonly prompt?: { readonly value: string; readonly file: string } | undefined;
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

export interface StartedWorker extends PaneStatus {
  /** Environment names left out because a shell cannot export them. */
  readonly skippedEnv: readonly string[];
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
  startWorker(request: StartWorkerRequest): Promise<StartedWorker>;
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
  const serverEnv: Record<string, string> = {};
  for (const name of SERVER_ENVIRONMENT) {
    const value = env[name];
    if (value !== undefined) serverEnv[name] = value;
  }
  const client: TmuxClient = createTmuxClient({ binary, socketPath: options.socketPath, env: serverEnv });
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
      // Private files first: the environment (and a prompt that must be an argument) never touch a command line.
      // The pane entry needs a PATH for its own tools; every other server variable the worker was not given is removed.
      const envFile = formatEnvFile(
        request.env,
        SERVER_ENVIRONMENT.filter((name) => name !== 'PATH'),
      );
      writeFileSync(request.envFile, envFile.content, { mode: 0o600 });
      if (request.prompt) writeFileSync(request.prompt.file, request.prompt.value, { mode: 0o600 });
      // The pipe appends to the stream: create it private, so it never exists world-readable.
      closeSync(openSync(request.outputFile, 'a', 0o600));
      const control: Record<string, string> = { AGENTPOOL_EXIT_FILE: request.exitFile, AGENTPOOL_ENV_FILE: request.envFile };
      if (request.stdinFile) control.AGENTPOOL_STDIN_FILE = request.stdinFile;
      if (request.prompt) {
        control.AGENTPOOL_PROMPT_FILE = request.prompt.file;
        control.AGENTPOOL_PROMPT_ARG = PROMPT_ARG_PLACEHOLDER;
      }
      if (request.maxRuntimeSeconds) {
        control.AGENTPOOL_MAX_RUNTIME = String(request.maxRuntimeSeconds);
        control.AGENTPOOL_END_REASON_FILE = request.endReasonFile;
      }
      const envArgs = Object.entries(control).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
      // One invocation: the pipe is attached before tmux reads the first byte the worker writes.
      // The window keeps its size when a person attaches (the stream is rendered at that size),
      // and the pane closes when the worker exits: nothing stays behind.
      const args = tmuxCommandList([
        ['new-session', '-d', '-s', name, '-x', String(request.width), '-y', String(request.height), '-c', request.cwd, ...envArgs],
        ['set-option', '-w', '-t', exactPane(name), 'window-size', 'manual'],
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
      return { ...status, skippedEnv: envFile.skipped };
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
      const text = newline < 0 ? '' : result.stdout.slice(newline + 1);
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
