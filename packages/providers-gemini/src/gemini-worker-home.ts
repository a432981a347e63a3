/**
 * A worker's own Gemini CLI home, so its hooks are configured for that worker only.
 *
 * Gemini CLI reads hooks from settings files only: the user's `~/.gemini/settings.json`, the
 * project's `.gemini/settings.json` (the user's repository), and two system files
 * (`GEMINI_CLI_SYSTEM_SETTINGS_PATH`, `GEMINI_CLI_SYSTEM_DEFAULTS_PATH`) that 0.61.0 skips unless the
 * file and every folder above it are owned by root and writable by no one else — never true of a
 * session folder. What it does offer is `GEMINI_CLI_HOME`: the folder whose `.gemini/` holds the
 * user's settings, credentials, trust decisions and chats. The worker gets a home of its own in
 * its session folder whose `.gemini/` mirrors the user's (every entry a symbolic link to the real
 * one: credentials, trusted folders, GEMINI.md, commands, extensions, chats), except settings.json,
 * which is the user's settings with agentpool's hooks added.
 *
 * agentpool writes a session's files flat into its folder before launch, so the worker home is
 * laid out by a small script Node runs before Gemini CLI's own code (`NODE_OPTIONS=--require`).
 *
 * The same script holds back keys that follow a bracketed paste for a moment. Gemini CLI turns an
 * Enter that arrives within 40 ms of a paste into a newline unless the terminal speaks the kitty
 * keyboard protocol (tmux does not), and agentpool submits 40 ms after pasting: without the pause
 * a pasted task would sit in the input box, never sent. Only the CLI's own processes get it: the
 * one launched and the child it relaunches itself as (with a larger heap); every other process
 * (hooks, shell commands) has the script taken out of NODE_OPTIONS before it starts.
 */

/** How long keys that follow a paste wait at least (Gemini's own window is 40 ms, plus a render and its effects). */
export const PASTE_HOLD_MS = 300;

export interface WorkerHomePlan {
  /** The Gemini home the user's CLI would use (the folder holding `.gemini/`). */
  readonly sourceHome: string;
  /** The worker's own home, in its session folder. */
  readonly workerHome: string;
  /** Hook entries to add to the user's, per event. */
  readonly hooks: Readonly<Record<string, readonly unknown[]>>;
  /** NODE_OPTIONS the worker would have had without the script (restored by it). */
  readonly nodeOptions: string;
}

/** The script (CommonJS, run with `--require`) that lays out the worker home and restores NODE_OPTIONS. */
export function workerHomeScript(plan: WorkerHomePlan): string {
  return `'use strict';
// agentpool: lays out this Gemini CLI worker's own home (see @agentpool/providers-gemini).
const plan = ${JSON.stringify(plan)};
const restoreNodeOptions = () => {
  if (plan.nodeOptions) process.env.NODE_OPTIONS = plan.nodeOptions;
  else delete process.env.NODE_OPTIONS;
};
// Keys that follow a bracketed paste wait, in order, so Gemini reads the Enter after it as "submit".
const holdKeysAfterPaste = (stdin) => {
  const END = '\u001b[201~';
  const emit = stdin.emit;
  let held = null;
  const flush = () => {
    const chunks = held || [];
    held = null;
    for (const chunk of chunks) emit.call(stdin, 'data', chunk);
  };
  stdin.emit = function (event, chunk, ...rest) {
    if (event !== 'data' || chunk == null) return emit.call(this, event, chunk, ...rest);
    if (held) {
      held.push(chunk);
      return true;
    }
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1');
    const at = text.lastIndexOf(END);
    if (at < 0) return emit.call(this, event, chunk, ...rest);
    const cut = at + END.length;
    const head = typeof chunk === 'string' ? chunk.slice(0, cut) : chunk.subarray(0, cut);
    const tail = typeof chunk === 'string' ? chunk.slice(cut) : chunk.subarray(cut);
    held = tail.length ? [tail] : [];
    // Until ${PASTE_HOLD_MS} ms have passed and the event loop has been idle for a while (three 20 ms timers in a row
    // on time): a CLI still busy starting runs its own 40 ms timer, the re-render and its effects late. At most 3 s.
    const since = Date.now();
    let idle = 0;
    const settle = () => {
      const planned = Date.now();
      setTimeout(() => {
        const now = Date.now();
        idle = now - planned < 35 ? idle + 1 : 0;
        if ((now - since >= ${PASTE_HOLD_MS} && idle >= 3) || now - since > 3000) flush();
        else settle();
      }, 20);
    };
    settle();
    return emit.call(this, event, head, ...rest);
  };
};
const MAIN = 'AGENTPOOL_GEMINI_MAIN';
const PID = 'AGENTPOOL_GEMINI_PID';
if (process.env[PID] !== undefined) {
  // Started by the CLI: its relaunched self gets the pause; hooks and shell commands get nothing.
  const relaunched = process.ppid === Number(process.env[PID]) && process.argv[1] === process.env[MAIN];
  delete process.env[PID];
  delete process.env[MAIN];
  restoreNodeOptions();
  if (relaunched && process.stdin.isTTY) holdKeysAfterPaste(process.stdin);
  return;
}
// The CLI as launched: it keeps the script for the child it relaunches itself as (or reads the keys itself).
process.env[PID] = String(process.pid);
process.env[MAIN] = process.argv[1] || '';
if (process.stdin.isTTY) holdKeysAfterPaste(process.stdin);
try {
  const fs = require('fs');
  const path = require('path');
  const source = path.join(plan.sourceHome, '.gemini');
  const target = path.join(plan.workerHome, '.gemini');
  const settingsFile = path.join(target, 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    fs.mkdirSync(target, { recursive: true, mode: 0o700 });
    let entries = [];
    try { entries = fs.readdirSync(source); } catch {}
    for (const entry of entries) {
      if (entry === 'settings.json') continue;
      try { fs.symlinkSync(path.join(source, entry), path.join(target, entry)); } catch {}
    }
    // settings.json may hold comments (Gemini strips them): drop them outside strings before parsing.
    const withoutComments = (text) => {
      let out = '';
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '"') {
          let j = i + 1;
          while (j < text.length && text[j] !== '"') j += text[j] === '\\\\' ? 2 : 1;
          out += text.slice(i, j + 1);
          i = j;
        } else if (c === '/' && text[i + 1] === '/') {
          while (i < text.length && text[i] !== '\\n') i++;
          out += '\\n';
        } else if (c === '/' && text[i + 1] === '*') {
          const end = text.indexOf('*/', i + 2);
          i = end < 0 ? text.length : end + 1;
        } else out += c;
      }
      return out;
    };
    let settings = {};
    try {
      const parsed = JSON.parse(withoutComments(fs.readFileSync(path.join(source, 'settings.json'), 'utf8')));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) settings = parsed;
    } catch {}
    const hooksConfig = settings.hooksConfig && typeof settings.hooksConfig === 'object' ? settings.hooksConfig : {};
    // Hooks the user turned off stay off: only agentpool's run then.
    const own = hooksConfig.enabled === false || !settings.hooks || typeof settings.hooks !== 'object' ? {} : settings.hooks;
    const hooks = { ...own };
    for (const [event, entries] of Object.entries(plan.hooks)) hooks[event] = [...(Array.isArray(own[event]) ? own[event] : []), ...entries];
    settings.hooks = hooks;
    // No "executing hook" line on the worker's screen.
    settings.hooksConfig = { ...hooksConfig, enabled: true, notifications: false };
    // A model call being retried says so on screen ("Trying to reach <model> (Attempt 2/10)"), not only "Thinking...".
    const ui = settings.ui && typeof settings.ui === 'object' ? settings.ui : {};
    // Its banner is drawn last at start-up: the screen rules wait for it before they call the worker ready.
    settings.ui = { ...ui, errorVerbosity: 'full', hideBanner: false };
    // A worker never updates the user's global install.
    const general = settings.general && typeof settings.general === 'object' ? settings.general : {};
    settings.general = { ...general, enableAutoUpdate: false, enableAutoUpdateNotification: false };
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2) + '\\n', { mode: 0o600 });
  }
} catch (error) {
  process.stderr.write('agentpool: could not lay out the Gemini CLI worker home: ' + String(error && error.message || error) + '\\n');
}
`;
}

/** NODE_OPTIONS that run `script` first and keep what the worker had (Node reads double-quoted values there). */
export function nodeOptionsWith(script: string, existing: string | undefined): string {
  const quoted = `"${script.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return [existing?.trim(), `--require ${quoted}`].filter(Boolean).join(' ');
}
