import type { Observation, Screen, ScreenState } from '@agentpool/core';

/**
 * Reads GitHub Copilot CLI's screen (1.0.102, from real captures). Copilot draws in the alternate
 * screen: its conversation from the top (each block opens with a glyph at column 1 — `❯` the
 * caller's prompt with its time at the right edge, `●` a reply or notice, `$` a command, `✗` a
 * failure — and continues indented by three), then, at the bottom, a status line (the folder and
 * its branch), the input box between two rules (`❯` at its start) and a footer of hints (`← open
 * sidebar · Interactive · Manual Approval · / commands · ? help …`). While a turn runs the footer is
 * the activity line instead (`◉ Working · 76 B esc esc interrupt`). Dialogs that need an answer (trust
 * a folder, run a command, the ask_user form) replace the input box. Notices that stop the session
 * before any turn (sign in, network) are plain lines at column 0 just above the status line.
 *
 * The caller's own words never count: lines echoing them are removed before this runs, the rest of
 * an echoed prompt is indented (never a notice at column 0 or a block's first line), and dialogs
 * count only with the hint line Copilot draws under them.
 */

const CONFIDENCE = 0.9;
const RULE = /^─{20,}$/;
/** What may stand below a dialog's hint line: blank lines, a rule, the bottom edge of its box. */
const FRAME_FOOT = /^(|─+|╰─+╯)$/;
/** The activity line of a running turn: its interrupt hint, or an explicit activity. */
const BUSY =
  /(esc esc (interrupt|edit prompt|stop agents)|\besc again to\b|^[◉◎○●∙] Working\b|^\S?\s*(Executing|Cancelling)\b|Resuming session…|Preparing worktree…)/;
/** Start-up: plugins, hooks, skills and MCP servers still loading. */
const LOADING = /^\S?\s*Loading: /;
/** Hints of the idle footer (`/ commands · ? help`, or `@ files · # issues` while the input holds text). */
const IDLE_FOOTER = /(\/ commands|\? help|@ files|# issues|Manual Approval|Allow All|open sidebar)/;

/** A screen line without the box edges dialogs are drawn in. */
const unboxed = (line: string) =>
  line
    .trim()
    .replace(/^[│┃]\s?/, '')
    .replace(/\s?[│┃]$/, '')
    .trim();

interface Dialog {
  readonly state: ScreenState;
  readonly rule: string;
  /** Lines that say what the dialog asks. */
  readonly asks: RegExp;
  /** The hint line Copilot draws at the foot of this kind of dialog. */
  readonly hint: RegExp;
}

const SELECT_HINT = /^↑\/↓ to navigate · enter to select\b/;

/** Dialogs that stand in place of the input box, strongest first. */
const DIALOGS: readonly Dialog[] = [
  {
    state: 'startup_prompt',
    rule: 'dialog.trust',
    asks: /^(Confirm folder trust|Do you trust the files in this folder\?)$/,
    hint: SELECT_HINT,
  },
  // "You've been rate limited on the current model. Would you like to switch to auto mode to continue?"
  {
    state: 'limit_reached',
    rule: 'dialog.rate_limited',
    asks: /^(Switch to auto mode\?|You[’']ve been rate limited on the current model\..*|Rate limit hit\. Switch to the auto model\?)$/,
    hint: SELECT_HINT,
  },
  // Commands, file edits, paths, URLs, MCP tools: "Do you want to run this command?", "Do you want to modify a.ts?", …
  { state: 'approval_prompt', rule: 'dialog.permission', asks: /^Do you want to .+\?$/, hint: SELECT_HINT },
  // The ask_user form: "Copilot needs information." over the question and its choices.
  {
    state: 'question',
    rule: 'dialog.ask_user',
    asks: /^.+ needs information\.$/,
    hint: /\benter (accept|submit)\b.*\besc cancel\b|\bctrl\+d decline\b/,
  },
];

/** Tool rows that failed (`✗ Shell  This shell command … was blocked`) are part of a turn, not its failure. */
const TOOL_ROW =
  /^✗ (Shell|Bash|PowerShell|Read|View|Edit|Create|Write|Delete|Search|Grep|Glob|Fetch|Web ?fetch|Web ?search|Task|Asked user|Ask user|Apply patch|SQL|Skill|Todo|Plan|GitHub|MCP|Run|List)\b/;
/** A failed model call, in Copilot's words or the provider's: a rate or usage limit. */
const LIMIT =
  /\b(429|rate[ -]?limit(ed)?|too many requests|usage limit|spending limit|quota|premium requests?|session limits? (reached|exhausted))\b/i;
/** Notices at column 0 that mean Copilot has no usable GitHub login. */
const SIGN_IN =
  /^(Please use \/login to sign in to use Copilot|Run \/login to sign in again\.|Could not obtain an authentication token\..*|Authentication token found but could not be validated\.|No authentication information found\..*)$/;
/** Notices at column 0 that mean Copilot cannot reach GitHub. */
const NETWORK = /^(Failed to fetch .*: network fetch failed\b.*|Check your network connection and credentials, then restart Copilot\..*)$/;

/** The screen's last paragraph above `end` (exclusive): contiguous non-blank lines, at most 12, untrimmed. */
function lastParagraph(lines: readonly string[], end: number): string[] {
  const out: string[] = [];
  for (let index = end - 1; index >= 0 && out.length < 12; index--) {
    const line = lines[index] ?? '';
    if (line.trim() === '') {
      if (out.length) break;
      continue;
    }
    out.unshift(line);
  }
  return out;
}

/** Each block of a paragraph: a line opening with a glyph at column 0–1 and the lines indented under it. */
function blocksOf(paragraph: readonly string[]): string[][] {
  const blocks: string[][] = [];
  for (const line of paragraph) {
    const continuation = /^ {2,}\S/.test(line) && blocks.length > 0;
    if (continuation) blocks[blocks.length - 1]?.push(line);
    else blocks.push([line]);
  }
  return blocks;
}

function found(state: ScreenState, rule: string, evidence: readonly string[], confidence = CONFIDENCE): Observation {
  return { state, confidence, evidence: evidence.map((line) => line.trim()), rule };
}

/** Reads what the last lines of the conversation say about how the turn (or the start-up) ended. */
function readNotices(lines: readonly string[], end: number): Observation | null {
  const paragraph = lastParagraph(lines, end);
  const network = paragraph.filter((line) => NETWORK.test(line));
  if (network.length) return found('error', 'notice.network', network, 0.85);
  const signIn = paragraph.filter((line) => SIGN_IN.test(line));
  if (signIn.length) return found('auth_required', 'notice.sign_in', signIn);
  const failure = blocksOf(paragraph)
    .filter((block) => /^ ?✗ /.test(block[0] ?? '') && !TOOL_ROW.test((block[0] ?? '').trim()))
    .at(-1);
  if (!failure) return null;
  // A message wraps at the pane's edge: "… Last error: 429 Ra" / "limit reached for …".
  const text = failure.map((line) => line.trim()).join(' ');
  return LIMIT.test(text) ? found('limit_reached', 'banner.limit', failure, 0.85) : found('error', 'banner.error', failure, 0.8);
}

export function classifyCopilotScreen(screen: Screen): Observation {
  const lines = screen.lines;
  const bare = lines.map(unboxed);

  for (const dialog of DIALOGS) {
    const hint = bare.findLastIndex((line) => dialog.hint.test(line));
    // A dialog stands at the foot of the screen: below its hint line only its frame's bottom edge.
    if (hint < 0 || !lines.slice(hint + 1).every((line) => FRAME_FOOT.test(line.trim()))) continue;
    const asks = bare.slice(Math.max(0, hint - 30), hint).filter((line) => dialog.asks.test(line));
    if (!asks.length) continue;
    const observation = found(dialog.state, dialog.rule, asks);
    if (dialog.state !== 'startup_prompt') return observation;
    // "❯ 1. Yes" trusts the folder for this session only; the second choice would remember it in the user's config.
    const yes = bare.slice(Math.max(0, hint - 30), hint).some((line) => /^❯\s*1\. Yes$/.test(line));
    return { ...observation, startupPrompt: { kind: 'trust_folder', acceptKeys: yes ? ['Enter'] : undefined } };
  }

  // The input box: the last two rules, at most a few lines apart (the `❯` line may be gone: a line
  // echoing the caller's text is removed before reading, and pasted text can take several lines).
  const trimmed = lines.map((line) => line.trim());
  let bottom = -1;
  let top = -1;
  for (let index = trimmed.length - 1; index >= 0; index--) {
    if (!RULE.test(trimmed[index] ?? '')) continue;
    if (bottom < 0) bottom = index;
    else {
      if (bottom - index <= 12) top = index;
      break;
    }
  }
  // The activity line alone says a turn runs, even while a dialog is half drawn over the box (the screen's last line).
  const last = trimmed.findLast((line) => line !== '') ?? '';
  if (bottom < 0)
    return BUSY.test(last)
      ? found('working', 'footer.working', [last])
      : { state: 'unknown', confidence: 0, evidence: [], rule: 'input.missing' };
  const footer = trimmed.slice(bottom + 1).filter((line) => line !== '');
  if (!footer.length && BUSY.test(last)) return found('working', 'footer.working', [last]);
  const busy = footer.filter((line) => BUSY.test(line));
  if (busy.length) return found('working', 'footer.working', busy);
  if (top < 0) return { state: 'unknown', confidence: 0, evidence: [], rule: 'input.missing' };
  // Above the box: the status line (folder and branch), then the conversation.
  const status = /^\s?[~/]/.test(lines[top - 1] ?? '') ? top - 1 : top;
  const notice = readNotices(lines, status);
  if (notice) return notice;
  const loading = footer.filter((line) => LOADING.test(line));
  if (loading.length) return found('working', 'footer.loading', loading, 0.6);
  const idle = footer.filter((line) => IDLE_FOOTER.test(line));
  if (idle.length) return found('ready', 'input.ready', idle.slice(0, 1));
  return { state: 'unknown', confidence: 0, evidence: [], rule: 'footer.unknown' };
}
