// A fake agent in a real tmux pane on a private server, for the integration tests.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killTmuxServer } from '@agentpool/test-utils';

/** The built program; test/global-setup.ts builds it when it is missing or stale. */
export const DIST_AGENT = fileURLToPath(new URL('../dist/fake-agent.js', import.meta.url));
export const WIDTH = 120;
export const HEIGHT = 40;

const ENV: Record<string, string> = {};
for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'TMUX') ENV[key] = value;

export interface StartOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

export class TmuxPane {
  /** A private temp folder; the socket lives here, and tests may use it as a working folder. */
  readonly dir = realpathSync(mkdtempSync(join(tmpdir(), 'fake-pane-')));
  private readonly socket = join(this.dir, 'sock');

  tmux(args: readonly string[], input = ''): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8', input, env: ENV });
  }

  /** Starts `argv` in a 120×40 pane. remain-on-exit is on before it starts, so an exit status can be read. */
  start(argv: readonly string[], options: StartOptions = {}): void {
    if (!existsSync(DIST_AGENT)) throw new Error(`${DIST_AGENT} is missing: run the package build first`);
    const env = Object.entries({ FAKE_AGENT_WORK_MS: '50', ...options.env }).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    const size = ['-x', String(WIDTH), '-y', String(HEIGHT)];
    const session = ['new-session', '-d', ...size, '-s', 't', '-c', options.cwd ?? this.dir, ...env, '--', ...argv];
    this.tmux(['start-server', ';', 'set-option', '-g', 'remain-on-exit', 'on', ';', ...session]);
  }

  capture(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-t', 't']);
  }

  /** Pastes `text` the way agentpool does: a tmux buffer pasted with bracketed-paste markers. */
  paste(text: string): void {
    this.tmux(['load-buffer', '-'], text);
    this.tmux(['paste-buffer', '-p', '-d', '-t', 't']);
  }

  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', 't', ...keys]);
  }

  /** The exit status once the program has exited and tmux has reaped it, otherwise null. */
  exitStatus(): number | null {
    const [dead, status, serverPid] = this.tmux(['display-message', '-p', '-t', 't', '#{pane_dead}|#{pane_dead_status}|#{pid}'])
      .trim()
      .split('|');
    if (dead !== '1') return null;
    if (status !== undefined && status !== '') return Number(status);
    // The pane closed but tmux has no status: Debian's tmux (libutempter) can lose the SIGCHLD of a
    // program that exits while the pane is being closed (tmux/tmux#311), leaving it a zombie. A
    // SIGCHLD to our own server makes it reap the program.
    process.kill(Number(serverPid), 'SIGCHLD');
    return null;
  }

  pid(): number {
    return Number(this.tmux(['display-message', '-p', '-t', 't', '#{pane_pid}']).trim());
  }

  dispose(): void {
    killTmuxServer(this.socket);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
