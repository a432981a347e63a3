#!/usr/bin/env node
// A fake interactive coding-agent CLI: a header, a scrolling log and a footer redrawn at the bottom,
// driven by real keyboard input in raw mode. agentpool's tests run it in real tmux panes.
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import tty from 'node:tty';
import { FAKE_BEHAVIORS, type FakeBehavior, isFakeBehavior } from './fake-behaviors.js';
import {
  appendFakeConversation,
  FAKE_CONVERSATION_VARIABLE,
  FAKE_HOME_VARIABLE,
  type FakeConversationEntry,
  readFakeConversation,
  rememberedFirstLine,
} from './fake-conversation.js';
import { type FakeHookRunner, loadHookRunner } from './fake-hooks.js';
import {
  APPROVAL_COMMAND,
  APPROVAL_STATUS,
  ERROR_STATUS,
  FOOTER_RULE,
  INPUT_CONTINUATION_PREFIX,
  INPUT_PREFIX,
  LIMIT_STATUS,
  QUESTION_HINT,
  QUESTION_STATUS,
  QUESTION_TEXT,
  SPINNER_FRAMES,
  WORKING_STATUS,
} from './fake-screen-markers.js';

const USAGE = 'usage: fake-agent --behavior <name> [--settings <claude-style settings.json>] [--resume <conversation-id>] [--] [prompt]';
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
/** How long a lone ESC waits for the rest of an escape sequence before it counts as the Escape key. */
const ESCAPE_WAIT_MS = 30;
const FRAME_MS = 100;
const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'fake-agent',
  GIT_AUTHOR_EMAIL: 'fake@agentpool.invalid',
  GIT_COMMITTER_NAME: 'fake-agent',
  GIT_COMMITTER_EMAIL: 'fake@agentpool.invalid',
};

type Mode = 'ready' | 'working' | 'question' | 'approval' | 'limit' | 'error';

interface Options {
  readonly behavior: FakeBehavior;
  readonly prompt: string | null;
  /** A settings file with hooks in Claude Code's format; they run as Claude Code runs them. */
  readonly settings: string | null;
  /** The conversation to continue (`--resume <id>`), read from the home's conversation log. */
  readonly resume: string | null;
}

/** The conversation a fake agent keeps: where, under which id, and what it already holds. */
interface Conversation {
  readonly home: string | null;
  readonly id: string;
  /** The messages of earlier processes (a resume); empty for a new conversation. */
  readonly earlier: readonly FakeConversationEntry[];
  readonly resumed: boolean;
}

interface ResultFields {
  readonly summary: string;
  readonly findings: string;
  readonly filesChanged?: string;
  readonly commandsRun?: string;
  readonly blockers?: string;
}

function parseArgs(args: readonly string[]): Options {
  let behavior: string | undefined;
  let settings: string | null = null;
  let resume: string | null = null;
  const positional: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === '--') {
      positional.push(...args.slice(index + 1));
      break;
    }
    if (arg === '--behavior') behavior = args[++index];
    else if (arg.startsWith('--behavior=')) behavior = arg.slice('--behavior='.length);
    else if (arg === '--settings') settings = args[++index] ?? null;
    else if (arg === '--resume') resume = args[++index] ?? null;
    else if (arg === '--help' || arg === '-h') usageExit(0, USAGE);
    else if (arg.startsWith('-') && arg !== '-') usageExit(2, `fake-agent: unknown option ${arg}\n${USAGE}`);
    else positional.push(arg);
  }
  if (behavior === undefined) usageExit(2, `fake-agent: --behavior is required\n${USAGE}`);
  if (!isFakeBehavior(behavior)) usageExit(2, `fake-agent: unknown behavior "${behavior}" (one of ${FAKE_BEHAVIORS.join(', ')})`);
  if (resume !== null && resume.trim() === '') usageExit(2, `fake-agent: --resume needs a conversation id\n${USAGE}`);
  return { behavior, prompt: positional.length > 0 ? positional.join(' ') : null, settings, resume };
}

function usageExit(code: number, message: string): never {
  (code === 0 ? process.stdout : process.stderr).write(`${message}\n`);
  process.exit(code);
}

function envMs(name: string, fallback: number): number {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Terminal cells a code point takes: 2 for East Asian wide and emoji, 0 for combining marks. */
function cellWidth(codePoint: number): number {
  if ((codePoint >= 0x300 && codePoint <= 0x36f) || (codePoint >= 0x200b && codePoint <= 0x200f)) return 0;
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  )
    return 2;
  return 1;
}

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += cellWidth(char.codePointAt(0) ?? 0);
  return width;
}

/** Rows `lines` occupy on a terminal `columns` wide, counting soft wraps. */
function rowsFor(lines: readonly string[], columns: number): number {
  return lines.reduce((rows, line) => rows + Math.max(1, Math.ceil(displayWidth(line) / columns)), 0);
}

/** Text as it may appear on one screen line: tabs as spaces, no control characters. */
function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return text.replace(/\t/g, '  ').replace(/[\u0000-\u001f\u007f]/g, '');
}

function resultBlock(fields: ResultFields): string[] {
  return [
    'AGENTPOOL_RESULT_START',
    `Summary: ${fields.summary}`,
    `Findings: ${fields.findings}`,
    `Files changed: ${fields.filesChanged ?? 'none'}`,
    `Commands run: ${fields.commandsRun ?? 'none'}`,
    'Tests run: none',
    `Blockers: ${fields.blockers ?? 'none'}`,
    'Confidence: high',
    'AGENTPOOL_RESULT_END',
  ];
}

function describeMessage(text: string): string {
  const lines = text.split('\n').length;
  return `a ${lines}-line message (${text.length} characters)`;
}

class FakeAgent {
  private mode: Mode = 'ready';
  private buffer = '';
  private turn = 0;
  private readonly queue: string[] = [];
  private footer: string[] = [];
  private footerRows = 0;
  private frame = 0;
  private workTimer: NodeJS.Timeout | undefined;
  private frameTimer: NodeJS.Timeout | undefined;
  private streamed = 0;
  private pending = '';
  private pasting = false;
  private pasted = '';
  private escapeTimer: NodeJS.Timeout | undefined;
  /** Until when typed keys are dropped: a prompt announced by its hook but not drawn yet. */
  private deafUntil = 0;
  /**
   * Enters still to drop while a message waits in the input box (FAKE_AGENT_DROP_ENTERS): a CLI busy
   * with its start-up takes a paste and loses the Enter, as Claude Code 2.1.197 does after --resume.
   */
  private entersToDrop = Math.max(0, Number.parseInt(process.env.FAKE_AGENT_DROP_ENTERS ?? '0', 10) || 0);
  private exiting = false;
  private input: tty.ReadStream | NodeJS.ReadStream | null = null;

  constructor(
    private readonly behavior: FakeBehavior,
    private readonly workMs: number,
    private readonly slowMs: number,
    /** How long a submitted message waits before work starts (a CLI that reads its input late). */
    private readonly reactMs: number,
    private readonly hooks: FakeHookRunner,
    /** How long a question or approval prompt is announced by its hook before it is drawn and reads keys. */
    private readonly promptLeadMs = 0,
    private readonly conversation: Conversation = { home: null, id: 'fake-session', earlier: [], resumed: false },
    /** Run the lines of a turn's message that start with `$ ` through /bin/sh, as an agent runs its shell tool (FAKE_AGENT_RUN_COMMANDS=1). */
    private readonly runCommands = false,
  ) {
    this.turn = conversation.earlier.length;
  }

  /** Keeps one message of the conversation in the home's log (what a resume reads back). */
  private remember(message: string): void {
    appendFakeConversation(this.conversation.home, this.conversation.id, { turn: this.turn, message });
  }

  start(prompt: string | null, input: tty.ReadStream | NodeJS.ReadStream | null): void {
    this.input = input;
    if (input) {
      if ('setRawMode' in input && input.isTTY) input.setRawMode(true);
      input.setEncoding('utf8');
      input.on('data', (chunk: string) => this.onData(chunk));
      input.on('end', () => this.finish(['Bye.'], 0));
    }
    process.stdout.on('resize', () => this.onResize());
    this.write('\x1b[?2004h');
    const header = [`╭─ fake-agent · ${this.behavior} ───╮`, `│ cwd: ${process.cwd()}`];
    const account = accountLabel(this.conversation.home);
    if (account) header.push(`│ account: ${account}`);
    if (this.conversation.resumed) {
      const { earlier, id } = this.conversation;
      header.push(`│ resumed conversation ${id}: ${earlier.length} earlier turn(s); first: "${rememberedFirstLine(earlier)}"`);
    }
    header.push('╰────╯');
    if (prompt !== null && prompt.trim() !== '') this.startTurn(prompt, header);
    else this.render(header);
  }

  // ── output ────────────────────────────────────────────────────────────────

  private columns(): number {
    return process.stdout.columns || 80;
  }

  private write(text: string): void {
    process.stdout.write(text);
  }

  private eraseFooter(): string {
    if (this.footerRows === 0) return '';
    const up = this.footerRows > 1 ? `\x1b[${this.footerRows - 1}A` : '';
    this.footerRows = 0;
    return `\r${up}\x1b[J`;
  }

  /** Prints `logLines` above the footer, then redraws the footer for the current state. */
  private render(logLines: readonly string[] = []): void {
    if (this.exiting) return;
    let out = this.eraseFooter();
    for (const line of logLines) out += `${printable(line)}\r\n`;
    this.footer = this.footerLines();
    out += this.footer.join('\r\n');
    this.footerRows = rowsFor(this.footer, this.columns());
    this.write(out);
  }

  private footerLines(): string[] {
    const lines = [FOOTER_RULE];
    switch (this.mode) {
      case 'working':
        lines.push(`${SPINNER_FRAMES[this.frame % SPINNER_FRAMES.length]} ${WORKING_STATUS}`);
        break;
      case 'question':
        lines.push(QUESTION_STATUS, QUESTION_HINT);
        break;
      case 'approval':
        lines.push(APPROVAL_STATUS);
        break;
      case 'limit':
        lines.push(LIMIT_STATUS);
        break;
      case 'error':
        lines.push(ERROR_STATUS);
        break;
      case 'ready':
        break;
    }
    const [first = '', ...rest] = this.buffer.split('\n');
    lines.push(`${INPUT_PREFIX}${printable(first)}`, ...rest.map((line) => `${INPUT_CONTINUATION_PREFIX}${printable(line)}`));
    return lines;
  }

  private onResize(): void {
    // tmux reflows the old footer to the new width: count its rows again before erasing it.
    if (this.footerRows > 0) this.footerRows = rowsFor(this.footer, this.columns());
    this.render();
  }

  // ── input ─────────────────────────────────────────────────────────────────

  private onData(chunk: string): void {
    // Between a prompt's hook and its dialog, keys go nowhere (FAKE_AGENT_PROMPT_LEAD_MS).
    if (Date.now() < this.deafUntil) return;
    if (this.escapeTimer) {
      clearTimeout(this.escapeTimer);
      this.escapeTimer = undefined;
    }
    this.pending += chunk;
    this.parse(false);
  }

  /** Splits pending input into keys, pastes and escape sequences. `flush` ends a lone or partial escape. */
  private parse(flush: boolean): void {
    const before = this.buffer;
    let index = 0;
    const text = this.pending;
    while (index < text.length && !this.exiting) {
      if (this.pasting) {
        const end = text.indexOf(PASTE_END, index);
        if (end === -1) {
          const keep = partialSuffix(text, PASTE_END);
          this.pasted += text.slice(index, text.length - keep);
          index = text.length - keep;
          break;
        }
        this.pasted += text.slice(index, end);
        index = end + PASTE_END.length;
        this.pasting = false;
        this.buffer += this.pasted.replace(/\r\n?/g, '\n');
        this.pasted = '';
        continue;
      }
      const char = text[index] ?? '';
      if (char !== '\x1b') {
        index++;
        this.onKey(char);
        continue;
      }
      const next = text[index + 1];
      if (next === undefined) {
        if (!flush) break;
        index++;
        this.onEscape();
        continue;
      }
      if (next === '[' || next === 'O') {
        const end = sequenceEnd(text, index);
        if (end === -1) {
          if (!flush) break;
          index = text.length; // an escape sequence that never completed: drop it
          continue;
        }
        if (text.slice(index, end) === PASTE_START) {
          this.pasting = true;
          this.pasted = '';
        }
        index = end; // other sequences (arrows, focus reports) are not used
        continue;
      }
      index++;
      this.onEscape();
    }
    this.pending = text.slice(index);
    if (this.exiting) return;
    if (this.pending !== '' && !this.pasting) {
      this.escapeTimer = setTimeout(() => {
        this.escapeTimer = undefined;
        this.parse(true);
      }, ESCAPE_WAIT_MS);
    }
    if (this.buffer !== before) this.render();
  }

  private onKey(char: string): void {
    switch (char) {
      case '\r': {
        if (this.entersToDrop > 0 && this.buffer !== '') {
          this.entersToDrop--;
          return;
        }
        const message = this.buffer;
        this.buffer = '';
        this.submit(message);
        return;
      }
      case '\n':
        this.buffer += '\n';
        return;
      case '\x7f':
      case '\b':
        this.buffer = Array.from(this.buffer).slice(0, -1).join('');
        return;
      case '\x03':
        if (this.isBusy()) this.interrupt();
        else this.finish(['Bye.'], 0);
        return;
      case '\x04':
        if (this.mode !== 'working') this.finish(['Bye.'], 0);
        return;
      default:
        if (char >= ' ' || char === '\t') this.buffer += char;
    }
  }

  private onEscape(): void {
    if (this.isBusy()) this.interrupt();
  }

  private isBusy(): boolean {
    return this.mode === 'working' || this.mode === 'question' || this.mode === 'approval';
  }

  // ── turns ─────────────────────────────────────────────────────────────────

  private submit(message: string): void {
    switch (this.mode) {
      case 'working':
        // Like real CLIs, a message sent while working waits for the current turn to end.
        if (message.trim() !== '') this.queue.push(message);
        this.render();
        return;
      case 'question':
        this.answerQuestion(message);
        return;
      case 'approval':
        this.answerApproval(message);
        return;
      default:
        if (message.trim() === '') this.render();
        else if (this.reactMs > 0) {
          this.render();
          setTimeout(() => this.startTurn(message), this.reactMs);
        } else this.startTurn(message);
    }
  }

  private startTurn(message: string, before: readonly string[] = []): void {
    this.turn++;
    const turn = this.turn;
    this.remember(message);
    this.hooks.run('UserPromptSubmit', { prompt: message });
    const echo = message.split('\n').map((line) => `${INPUT_PREFIX}${line}`);
    const commands = this.runCommands ? commandLines(message) : [];
    this.work([...before, ...echo], () => this.finishTurn(turn, message), commands);
  }

  private finishTurn(turn: number, message: string): void {
    if (this.behavior === 'crash' && turn === 1) {
      this.finish(['Segmentation fault (simulated)'], 3);
      return;
    }
    const [mode, logLines] = this.outcome(turn, message);
    this.settle(mode, logLines);
  }

  /** What a turn ends in: the state it leaves the agent in and the lines it logs. */
  private outcome(turn: number, message: string): [Mode, string[]] {
    const first = turn === 1;
    const remembered = this.conversation.resumed ? `; remembers turn 1: "${rememberedFirstLine(this.conversation.earlier)}"` : '';
    const done = (what: string): string[] =>
      resultBlock({ summary: this.summary(turn, what), findings: `turn ${turn} received ${describeMessage(message)}${remembered}` });
    switch (this.behavior) {
      case 'question':
        return first ? ['question', [`  (asked) ${QUESTION_TEXT}`]] : ['ready', done('answered the follow-up')];
      case 'approval':
        return first ? ['approval', [`  (asked) permission to run ${APPROVAL_COMMAND}`]] : ['ready', done('answered the follow-up')];
      case 'idle':
        return ['ready', ['Okay, noted.']];
      case 'error':
        return ['error', ['Request failed; see the status below.']];
      case 'limit':
        return ['limit', ['Stopped; see the status below.']];
      case 'patch':
        return [
          'ready',
          first ? this.applyPatch(turn, `turn ${turn} received ${describeMessage(message)}`) : done('made no further changes'),
        ];
      case 'crash':
      case 'slow':
      case 'completed':
        return ['ready', done('completed the task')];
    }
  }

  private summary(turn: number, what: string): string {
    return `fake-agent (${this.behavior}) ${what} in turn ${turn}.`;
  }

  private answerQuestion(answer: string): void {
    this.hooks.run('UserPromptSubmit', { prompt: answer });
    this.turn++;
    const turn = this.turn;
    this.remember(answer);
    const shown = answer.trim() === '' ? ['  answer: (empty)'] : answer.split('\n').map((line) => `  answer: ${line}`);
    const where = answer.trim() === '' ? 'the repository root' : answer.trim().split('\n')[0];
    this.work(shown, () =>
      this.settle(
        'ready',
        resultBlock({
          summary: this.summary(turn, `inspected ${where} after the answer`),
          findings: `turn ${turn} received ${describeMessage(answer)}`,
        }),
      ),
    );
  }

  private answerApproval(answer: string): void {
    this.hooks.run('PostToolUse', { tool_name: 'Bash', tool_input: { command: APPROVAL_COMMAND }, tool_response: {} });
    this.turn++;
    const turn = this.turn;
    const reply = answer.trim().toLowerCase();
    const shown = `  answer: ${reply === '' ? '(Enter)' : reply}`;
    if (reply === '' || reply === 'y' || reply === 'yes') {
      this.work([shown], () =>
        this.settle('ready', [
          `Ran ${APPROVAL_COMMAND} (simulated).`,
          ...resultBlock({
            summary: this.summary(turn, `ran ${APPROVAL_COMMAND} after approval`),
            findings: 'the command was approved',
            commandsRun: `${APPROVAL_COMMAND} (simulated)`,
          }),
        ]),
      );
    } else if (reply === 'n' || reply === 'no') {
      this.settle('ready', [
        shown,
        'Command declined.',
        ...resultBlock({
          summary: this.summary(turn, `did not run ${APPROVAL_COMMAND}: the command was declined`),
          findings: 'the command was declined',
        }),
      ]);
    } else {
      this.settle('approval', [shown, '  Please answer y or n.']);
    }
  }

  /** Shows the working footer for one turn's work (running `commands` one after another, if any), then runs `done`. */
  private work(logLines: readonly string[], done: () => void, commands: readonly string[] = []): void {
    this.mode = 'working';
    this.frame = 0;
    this.streamed = 0;
    this.render(logLines);
    const slow = this.behavior === 'slow';
    this.frameTimer = setInterval(() => {
      this.frame++;
      if (slow) this.render([`streaming line ${++this.streamed}`]);
      else this.render();
    }, FRAME_MS);
    this.workTimer = setTimeout(
      () => {
        if (commands.length === 0) {
          this.stopWork();
          done();
          return;
        }
        void this.runAll(commands).then(() => {
          if (this.mode !== 'working' || this.exiting) return; // interrupted meanwhile
          this.stopWork();
          done();
        });
      },
      slow ? this.slowMs : this.workMs,
    );
  }

  /** Runs each command through /bin/sh in the agent's folder and logs its exit code and last lines of output. */
  private async runAll(commands: readonly string[]): Promise<void> {
    for (const command of commands) {
      const [code, output] = await new Promise<[number, string]>((resolve) => {
        execFile('/bin/sh', ['-c', command], { maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
          const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve([status, `${stdout}${stderr}`]);
        });
      });
      if (this.mode !== 'working' || this.exiting) return;
      const tail = output.trim() === '' ? [] : output.trim().split('\n').slice(-8);
      this.render([`  ran (exit ${code}): ${command}`, ...tail.map((line) => `    ${line}`)]);
    }
  }

  private stopWork(): void {
    clearInterval(this.frameTimer);
    clearTimeout(this.workTimer);
    this.frameTimer = undefined;
    this.workTimer = undefined;
  }

  /** Ends work in a waiting state (reporting it through the hooks, as Claude Code does); a message queued meanwhile is taken next. */
  private settle(mode: Mode, logLines: readonly string[]): void {
    if (this.promptLeadMs > 0 && (mode === 'approval' || mode === 'question')) {
      // As Droid and Gemini CLI do: the hook says "permission needed" first; the dialog is drawn, and
      // reads keys, only a moment later. Keys sent in between are lost.
      this.announce(mode, '');
      this.deafUntil = Date.now() + this.promptLeadMs;
      setTimeout(() => {
        this.mode = mode;
        this.render(logLines);
        const next = this.queue.shift();
        if (next !== undefined) setImmediate(() => this.submit(next));
      }, this.promptLeadMs);
      return;
    }
    this.mode = mode;
    this.render(logLines);
    this.announce(mode, logLines.join('\n'));
    const next = this.queue.shift();
    if (next !== undefined) setImmediate(() => this.submit(next));
  }

  /** Reports a settled turn through the hooks, as Claude Code does. */
  private announce(mode: Mode, reply: string): void {
    if (mode === 'ready') this.hooks.run('Stop', { stop_hook_active: false, last_assistant_message: reply });
    else if (mode === 'approval')
      this.hooks.run('Notification', {
        notification_type: 'permission_prompt',
        message: `Claude needs your permission to use Bash`,
        title: 'Permission needed',
      });
    else if (mode === 'question') this.hooks.run('Notification', { notification_type: 'elicitation_dialog', message: QUESTION_TEXT });
    else if (mode === 'limit')
      this.hooks.run('StopFailure', { error: 'rate_limit', error_details: LIMIT_STATUS, last_assistant_message: reply });
    else if (mode === 'error')
      this.hooks.run('StopFailure', { error: 'server_error', error_details: ERROR_STATUS, last_assistant_message: reply });
  }

  private interrupt(): void {
    this.stopWork();
    this.queue.length = 0;
    this.mode = 'ready';
    this.render(['Interrupted by user.']);
  }

  private applyPatch(turn: number, findings: string): string[] {
    const cwd = process.cwd();
    const committed = 'agentpool-fake-committed.txt';
    const untracked = 'agentpool-fake-untracked.txt';
    const changed: string[] = [];
    const log: string[] = [];
    let blockers: string | undefined;
    try {
      writeFileSync(join(cwd, committed), `Committed by fake-agent in turn ${turn}.\n`);
      const env = { ...process.env, ...GIT_IDENTITY };
      execFileSync('git', ['add', '--', committed], { cwd, env, stdio: 'pipe' });
      execFileSync(
        'git',
        [
          '-c',
          'commit.gpgsign=false',
          'commit',
          '-q',
          '--no-verify',
          '-m',
          'fake-agent: add agentpool-fake-committed.txt',
          '--',
          committed,
        ],
        {
          cwd,
          env,
          stdio: 'pipe',
        },
      );
      changed.push(`${committed} (committed)`);
      log.push(`Committed ${committed}.`);
    } catch (error) {
      blockers = `git commit failed: ${firstLine(error)}`;
      log.push(blockers);
    }
    writeFileSync(join(cwd, untracked), `Written by fake-agent in turn ${turn}; not added to git.\n`);
    changed.push(`${untracked} (untracked)`);
    log.push(`Wrote ${untracked}.`);
    const readme = join(cwd, 'README.md');
    if (existsSync(readme)) {
      appendFileSync(readme, `\nEdited by fake-agent in turn ${turn}.\n`);
      changed.push('README.md (modified, unstaged)');
      log.push('Edited README.md.');
    }
    return [
      ...log,
      ...resultBlock({
        summary: this.summary(turn, 'committed one file, wrote an untracked file and edited README.md'),
        findings,
        filesChanged: changed.join(', '),
        commandsRun: 'git add, git commit',
        ...(blockers === undefined ? {} : { blockers }),
      }),
    ];
  }

  // ── exit ──────────────────────────────────────────────────────────────────

  /** Restores the terminal; safe to call more than once. */
  restoreTerminal(): void {
    if (this.input && 'setRawMode' in this.input && this.input.isTTY) {
      try {
        this.input.setRawMode(false);
      } catch {
        // The terminal is already gone (the pane was killed): nothing left to restore.
      }
    }
    process.stdout.write('\x1b[?2004l');
  }

  finish(logLines: readonly string[], code: number): void {
    if (this.exiting) return;
    this.stopWork();
    clearTimeout(this.escapeTimer);
    let out = this.eraseFooter();
    for (const line of logLines) out += `${printable(line)}\r\n`;
    this.exiting = true;
    this.write(out);
    this.restoreTerminal();
    this.hooks.run('SessionEnd', { reason: 'other' });
    // Writes to a terminal, a pipe or a file are synchronous on Linux: nothing is lost by exiting once the hooks are done.
    void Promise.race([this.hooks.settled(), new Promise((resolve) => setTimeout(resolve, 2000))]).then(() => process.exit(code));
  }
}

/** The shell commands a message asks for: its lines that start with `$ `, without the `$ `. */
function commandLines(message: string): string[] {
  return message
    .split('\n')
    .filter((line) => line.startsWith('$ '))
    .map((line) => line.slice(2).trim())
    .filter(Boolean);
}

/** Index just after the CSI or SS3 sequence starting at `start`, or -1 when it is not complete yet. */
function sequenceEnd(text: string, start: number): number {
  if (text[start + 1] === 'O') return start + 2 < text.length ? start + 3 : -1;
  for (let index = start + 2; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x40 && code <= 0x7e) return index + 1;
    if (code < 0x20 || code > 0x3f) return index; // malformed: end it here
  }
  return -1;
}

/** Length of the longest suffix of `text` that begins `marker`. */
function partialSuffix(text: string, marker: string): number {
  for (let length = Math.min(marker.length - 1, text.length); length > 0; length--) {
    if (marker.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}

/** The `account` label of the home's `auth.json` (never its secret), to show which login the worker runs with. */
function accountLabel(home: string | null): string | null {
  if (!home) return null;
  try {
    const auth = JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8')) as { account?: unknown };
    return typeof auth.account === 'string' ? printable(auth.account).slice(0, 40) : null;
  } catch {
    return null;
  }
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text = stderr ? String(stderr) : error instanceof Error ? error.message : String(error);
  return text.trim().split('\n')[0] ?? 'unknown error';
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function openTerminal(): tty.ReadStream | null {
  try {
    return new tty.ReadStream(openSync('/dev/tty', 'r'));
  } catch {
    return null; // no controlling terminal: run the prompt and end when there is nothing left to do
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  let prompt = options.prompt;
  let input: tty.ReadStream | NodeJS.ReadStream | null = process.stdin;
  if (!process.stdin.isTTY) {
    const piped = (await readAll(process.stdin)).replace(/\s+$/, '');
    if (prompt === null) prompt = piped;
    input = openTerminal();
  }
  const home = process.env[FAKE_HOME_VARIABLE] || null;
  const conversationId = options.resume ?? (process.env[FAKE_CONVERSATION_VARIABLE] || 'fake-session');
  let earlier: FakeConversationEntry[] = [];
  if (options.resume !== null) {
    const found = readFakeConversation(home, options.resume);
    // As Claude Code does: a resume of a conversation this home does not hold fails at once.
    if (found === null) usageExit(1, `fake-agent: no conversation found with id ${options.resume} in ${home ?? '(no home)'}`);
    earlier = found;
  }
  const agent = new FakeAgent(
    options.behavior,
    envMs('FAKE_AGENT_WORK_MS', 300),
    envMs('FAKE_AGENT_SLOW_MS', 5000),
    envMs('FAKE_AGENT_REACT_MS', 0),
    loadHookRunner(options.settings, conversationId),
    envMs('FAKE_AGENT_PROMPT_LEAD_MS', 0),
    { home, id: conversationId, earlier, resumed: options.resume !== null },
    process.env.FAKE_AGENT_RUN_COMMANDS === '1',
  );
  process.on('SIGTERM', () => agent.finish([], 143));
  process.on('SIGHUP', () => agent.finish([], 129));
  process.on('SIGINT', () => agent.finish(['Bye.'], 130));
  process.on('uncaughtException', (error) => {
    agent.restoreTerminal();
    process.stderr.write(`fake-agent ${packageVersion()}: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
  agent.start(prompt, input);
}

void main();
