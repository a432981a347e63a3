import type { Observation, Screen, ScreenState, StartupPromptKind } from '@agentpool/core';

/**
 * Reads Gemini CLI's screen (0.61.0, from real captures). Gemini draws its conversation inline
 * (`> ` before the user's input, `✦ ` before a reply), then a status line (`⠏ Thinking... (esc to
 * cancel, 3s)` while it works, `? for shortcuts` at its right end), a rule, the approval mode
 * (`Shift+Tab to accept edits`), its input line (`>   Type your message or @path/to/file` when
 * empty) and a footer (`workspace (/directory)  sandbox  /model`). Dialogs that need an answer (a
 * tool to approve, a question, folder trust, how to authenticate, a spent quota) are drawn in a
 * rounded box in place of the input. The caller's own text never counts: agentpool removes echoed
 * lines before this runs, dialogs are read only inside boxes, and the conversation is read only for
 * Gemini's own markers.
 */

const CONFIDENCE = 0.9;
const RULE = /^─{20,}$/;
/** Braille spinner frames Gemini draws before its status while it works. */
const SPINNER = /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\s/;

interface DialogRule {
  readonly state: ScreenState;
  readonly rule: string;
  /** The line that names the dialog. */
  readonly test: RegExp;
  /** Other lines of the same dialog worth showing as evidence. */
  readonly also?: RegExp;
  readonly startupPrompt?: { readonly kind: StartupPromptKind; readonly acceptKeys?: readonly string[] };
}

/** Dialogs, strongest first. Each is matched against the text inside a box's borders only. */
const DIALOGS: readonly DialogRule[] = [
  {
    // "Allow execution of [Shell]?" (a shell command), of MCP tool "t" from server "s"?, "Apply this
    // change?" (an edit), "Do you want to proceed?" (a web fetch, other tools), leaving plan mode.
    state: 'approval_prompt',
    rule: 'dialog.approval',
    test: /^(Allow execution of (\[.+\]|MCP tool .+)\?|Apply this change\?|Do you want to proceed\?|Ready to start implementation\?)$/,
    also: /^● 1\. (Allow once|Yes\b.*)$/,
  },
  {
    // The ask_user tool: "Answer Questions", the question, its choices, "Enter to select · ↑/↓ to navigate · Esc to cancel".
    state: 'question',
    rule: 'dialog.question',
    test: /^Answer Questions?$/,
    also: /^Enter to (select|submit)\b.*Esc to cancel$/,
  },
  {
    // The quota dialog: "Usage limit reached for gemini-2.5-flash." ["Access resets at …."] "● 1. Keep trying" "2. Stop".
    state: 'limit_reached',
    rule: 'dialog.usage_limit',
    test: /^Usage limit reached for .+\.$/,
    also: /^Access resets at .+\.$/,
  },
  {
    // "Do you trust the files in this folder?" with "● 1. Trust folder (<name>)" chosen: Enter trusts the worker's own folder.
    state: 'startup_prompt',
    rule: 'dialog.trust',
    test: /^Do you trust the files in this folder\?$/,
    also: /^● 1\. Trust folder \(.+\)$/,
    startupPrompt: { kind: 'trust_folder', acceptKeys: ['Enter'] },
  },
  {
    // "How would you like to authenticate for this project?" when an API key is set but no way of signing in was chosen.
    state: 'startup_prompt',
    rule: 'dialog.api_key',
    test: /^Existing API key detected \(\w+\)\..*$/,
    also: /^How would you like to authenticate for this project\?$/,
    startupPrompt: { kind: 'api_key' },
  },
  {
    state: 'auth_required',
    rule: 'dialog.auth',
    test: /^How would you like to authenticate for this project\?$/,
    also: /^No authentication method selected\.$/,
  },
  {
    // A model the account cannot use: "It seems like you don't have access to <model>." with a choice to switch.
    state: 'error',
    rule: 'dialog.model_access',
    test: /^It seems like you don't have access to .+\.$/,
  },
  {
    state: 'error',
    rule: 'dialog.capacity',
    test: /^We are currently experiencing high demand for .+\.$/,
  },
];

/** The text inside a box's side borders (`│ … │`, nested boxes too), or null for a line outside any box. */
function insideBox(line: string): string | null {
  let text = line.trim();
  let boxed = false;
  while (text.length >= 2 && text.startsWith('│') && text.endsWith('│')) {
    text = text.slice(1, -1).trim();
    boxed = true;
  }
  return boxed ? text : null;
}

/** Banners Gemini writes into the conversation when a turn failed (a failed model call, a cancelled request). */
const BANNERS: readonly { readonly state: ScreenState; readonly rule: string; readonly test: RegExp }[] = [
  {
    state: 'limit_reached',
    rule: 'banner.quota',
    test: /^✕ .*(You have exhausted your daily quota|Usage limit reached|exceeded your current quota|RESOURCE_EXHAUSTED|\b429\b)/i,
  },
  { state: 'error', rule: 'banner.error', test: /^✕ / },
];

export function classifyGeminiScreen(screen: Screen): Observation {
  const trimmed = screen.lines.map((line) => line.trim());
  const boxed = trimmed.map((line) => insideBox(line));
  for (const dialog of DIALOGS) {
    const named = boxed.filter((line): line is string => line !== null && dialog.test.test(line));
    if (!named.length) continue;
    const also = dialog.also ? boxed.filter((line): line is string => line !== null && (dialog.also as RegExp).test(line)) : [];
    const startupPrompt = dialog.startupPrompt?.acceptKeys && !also.length ? { kind: dialog.startupPrompt.kind } : dialog.startupPrompt;
    return {
      state: dialog.state,
      confidence: CONFIDENCE,
      evidence: [...named, ...also],
      rule: dialog.rule,
      ...(startupPrompt ? { startupPrompt } : {}),
    };
  }

  // The rule above the input line; the status line stands just above it.
  let rule = -1;
  for (let index = trimmed.length - 1; index >= 0; index--) {
    if (RULE.test(trimmed[index] ?? '')) {
      rule = index;
      break;
    }
  }
  const status = trimmed.slice(Math.max(0, rule < 0 ? trimmed.length - 6 : rule - 3), rule < 0 ? trimmed.length : rule);
  const busy = status.filter((line) => /\(esc to cancel\b/.test(line) || (SPINNER.test(line) && /Executing Hooks?:/.test(line)));
  if (busy.length) {
    // "Trying to reach <model> (Attempt 2/10)" (0.61.0's source, with ui.errorVerbosity full): a failed call being
    // retried, no work done meanwhile. The captured per-minute 429 retry showed only "Thinking..." (read as working).
    const retrying = busy.filter((line) => /Trying to reach .+ \(Attempt \d+\/\d+\)/.test(line));
    if (retrying.length) return { state: 'limit_reached', confidence: 0.6, evidence: retrying, rule: 'status.retrying' };
    return { state: 'working', confidence: CONFIDENCE, evidence: busy, rule: 'status.working' };
  }
  // Still starting: Gemini prints its terminal warnings, then loads for seconds (longer on a busy
  // machine): it draws its status line, footer and input line first, and only then clears the
  // screen and draws its banner ("Gemini CLI v0.61.0", never hidden in a worker's settings) above
  // them. Until the banner is drawn, a screen with no box and no conversation is loading, never an
  // idle worker: silence then is no end of anything, and a task pasted then would be lost.
  const above = rule < 0 ? trimmed : trimmed.slice(0, rule);
  const below = rule < 0 ? [] : trimmed.slice(rule + 1).filter((line) => line !== '');
  const input = below.some((line) => /^[>!*]( |$)/.test(line));
  const conversation = above.some((line, index) => boxed[index] !== null || /^(✦ |✕ |> |ℹ )/.test(line));
  const banner = above.filter((line) => /Gemini CLI v\d+\.\d+/.test(line)).slice(0, 1);
  if (!conversation && (!input || !banner.length)) {
    const shown = trimmed.filter((line) => line !== '');
    return { state: 'working', confidence: 0.4, evidence: banner.length ? banner : shown.slice(0, 1), rule: 'startup.loading' };
  }
  // The input line holding the caller's pasted text may have been removed (agentpool drops echoed lines): the footer still tells.
  if (rule < 0) return { state: 'unknown', confidence: 0, evidence: [], rule: 'input.missing' };

  // What the last turn ended with: a banner counts when it is the conversation's last item (no reply,
  // tool box or input was drawn after it; `ℹ` notes that follow a banner belong to it).
  let last = -1;
  for (let index = rule - 1; index >= 0; index--) {
    if (/^(✦ |✕ |> |╰)/.test(trimmed[index] ?? '')) {
      last = index;
      break;
    }
  }
  const ending = last >= 0 ? (trimmed[last] ?? '') : '';
  for (const banner of BANNERS) {
    if (banner.test.test(ending)) return { state: banner.state, confidence: 0.8, evidence: [ending], rule: banner.rule };
  }
  const shortcuts = status.filter((line) => /\? for shortcuts$/.test(line));
  const footer = below.filter((line) =>
    /^(workspace \(\/directory\)|Shift\+Tab to accept edits|plan mode\b|auto-accept edits\b|YOLO mode\b)/i.test(line),
  );
  const evidence = shortcuts.length ? shortcuts : footer.slice(0, 1);
  if (!evidence.length) return { state: 'unknown', confidence: 0, evidence: [], rule: 'footer.missing' };
  return { state: 'ready', confidence: CONFIDENCE, evidence, rule: 'input.ready' };
}
