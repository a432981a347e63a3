import type { Observation, Screen, ScreenState, StartupPromptKind } from '@agentpool/core';

/**
 * Reads Factory Droid's screen (0.225.2, from real captures). Droid draws its conversation (the
 * user's messages indented, its replies after `⛬`, notices after `●`, tool calls and hook runs
 * indented), then while it works a status line (`⠰ Thinking...  (Press ESC to stop)`), a mode line
 * (` Auto (Low) · edits and read-only commands … <model>`, or spec mode's box title `╭── Spec ──`),
 * its input box (`│ > … │`) and a footer (`[⏱ 3s] ? for help`). Prompts that need an answer (a
 * command to approve, a question of its AskUser tool, trusting a folder, the login) replace the
 * input box and end with a key legend.
 */

const CONFIDENCE = 0.9;

interface PromptRule {
  readonly state: ScreenState;
  readonly rule: string;
  /** Lines that must all be found (each by one pattern); every matching line is evidence. */
  readonly tests: readonly RegExp[];
  readonly startup?: { readonly kind: StartupPromptKind; readonly acceptKeys?: readonly string[] };
}

const PROMPTS: readonly PromptRule[] = [
  {
    // "Command to approve · medium risk", "Fetch URL to approve", "MCP tool to approve", … over a
    // choice box (`Yes, allow` / `No, cancel`) and the legend "↑↓ navigate   Enter select   Esc cancel".
    state: 'approval_prompt',
    rule: 'prompt.approval',
    tests: [/^(Command|Fetch URL|MCP tool|Web Search|[A-Z][\w ]{0,30}) to approve\b/, /↑↓ navigate\s+Enter select\s+Esc cancel/],
  },
  {
    // The AskUser tool: the question and its numbered options, "Or type your own answer..." and the
    // legend "↑/↓ Navigate • Space/Enter/1–9 Select • ESC stop agent" (the question is the model's text: not evidence).
    state: 'question',
    rule: 'prompt.question',
    tests: [/^Or type your own answer\.\.\.$/, /^↑\/↓ Navigate • Space\/Enter\/1–9 Select\b/],
  },
  {
    // "Trust this folder?" over "> 1. Trust this folder" / "2. Exit without trusting" and
    // "Enter to confirm · Esc to exit": Enter accepts the (selected) first choice.
    state: 'startup_prompt',
    rule: 'prompt.trust',
    tests: [/^│? ?Trust this folder\?/, /^(> )?1\. Trust this folder$/],
    startup: { kind: 'trust_folder', acceptKeys: ['Enter'] },
  },
  {
    // Offline without a Factory login or FACTORY_API_KEY: "Please login with your Factory account to continue." over "> Login" / "Exit".
    state: 'auth_required',
    rule: 'prompt.login',
    tests: [/^Please login with your Factory account to continue\.$/],
  },
  {
    // FACTORY_API_KEY set but the Factory API could not accept it (rejected, or unreachable): Droid exits with this line.
    state: 'auth_required',
    rule: 'exit.auth_failed',
    tests: [/^Authentication failed\. /],
  },
];

/** The mode line above the input box (autonomy level, or a mode), or spec mode's titled box. */
const MODE_LINE = /^(Auto \((Off|Low|Medium|High)\)|Spec|Mission|AGI)( |$).*· |^╭── Spec ─/;
/** The footer under the input box. */
const FOOTER = /(^|\s)\? for help\b/;
/** The status line while a turn runs. */
const BUSY = /\(Press ESC to stop\)$/;
/** The status line while Droid retries a failed model call: it does so for a 429 (and a 5xx alike). */
const RETRYING = /Retrying the model request \(attempt \d+\)/;
/** A notice of a failed turn: "●  BYOK Error: 429 Rate limit reached for requests", "●  Error: …". */
const ERROR_NOTICE = /^● +(BYOK |API |Model )?Error\b/;
const LIMIT = /\b429\b|rate.?limit|usage limit|quota|too many requests|credit limit|out of credits/i;
/** Lines that start a conversation item: a reply (`⛬`), a notice (`●`). */
const ITEM = /^(⛬|●) /;

function findLast(lines: readonly string[], test: RegExp, from = lines.length - 1, to = 0): number {
  for (let index = Math.min(from, lines.length - 1); index >= Math.max(0, to); index--) {
    if (test.test(lines[index] ?? '')) return index;
  }
  return -1;
}

export function classifyDroidScreen(screen: Screen): Observation {
  const trimmed = screen.lines.map((line) => line.trim());
  // Prompts draw at the bottom: read only the last screenful, never the conversation's scrollback.
  const bottom = trimmed.slice(-Math.max(screen.height || 40, 40));
  for (const prompt of PROMPTS) {
    const found = prompt.tests.map((test) => bottom.filter((line) => test.test(line)));
    if (found.every((lines) => lines.length > 0)) {
      return {
        state: prompt.state,
        confidence: CONFIDENCE,
        evidence: found.flat(),
        rule: prompt.rule,
        ...(prompt.startup ? { startupPrompt: prompt.startup } : {}),
      };
    }
  }
  const footer = findLast(trimmed, FOOTER);
  const mode = findLast(trimmed, MODE_LINE, footer < 0 ? trimmed.length - 1 : footer, footer < 0 ? 0 : footer - 12);
  if (footer < 0 || mode < 0) return { state: 'unknown', confidence: 0, evidence: [], rule: 'footer.missing' };
  // The status line sits just above the mode line (an empty line may separate them).
  const status = trimmed.slice(Math.max(0, mode - 3), mode).filter((line) => line !== '');
  const retrying = status.filter((line) => RETRYING.test(line));
  if (retrying.length) return { state: 'limit_reached', confidence: 0.7, evidence: retrying, rule: 'status.retrying' };
  const busy = status.filter((line) => BUSY.test(line));
  if (busy.length) return { state: 'working', confidence: CONFIDENCE, evidence: busy, rule: 'status.working' };
  // How the last turn ended: the last conversation item above the mode line.
  const item = findLast(trimmed, ITEM, mode - 1);
  const last = item >= 0 ? (trimmed[item] ?? '') : '';
  if (ERROR_NOTICE.test(last)) {
    const notice = [last, ...trimmed.slice(item + 1, mode).filter((line) => /^Upstream error:/.test(line))];
    if (notice.some((line) => LIMIT.test(line)))
      return { state: 'limit_reached', confidence: 0.85, evidence: notice, rule: 'notice.limit' };
    return { state: 'error', confidence: 0.8, evidence: notice, rule: 'notice.error' };
  }
  return { state: 'ready', confidence: CONFIDENCE, evidence: [trimmed[mode] ?? '', trimmed[footer] ?? ''], rule: 'input.ready' };
}
