import type { Observation, Screen, ScreenState } from '@agentpool/core';

/**
 * Reads Claude Code's screen (2.1.197, from real captures). Claude draws its conversation, then an
 * input box between two rules (`❯` at its start) and a footer below it. Prompts that need an answer
 * (a permission request, trust, an API key) replace the input box. The caller's own text never
 * counts: agentpool removes echoed lines before this runs, and the conversation area above the
 * input box is only read for prompts that stand where the box would be.
 */

const RULE = /^─{20,}$/;
const CONFIDENCE = 0.9;

interface Rule {
  readonly state: ScreenState;
  readonly rule: string;
  readonly test: RegExp;
  /** For a startup prompt: what it asks, and the keys that accept it when agentpool may answer it. */
  readonly startupPrompt?: Observation['startupPrompt'];
}

/** Prompts that stand in place of the input box, strongest first. */
const PROMPTS: readonly Rule[] = [
  { state: 'approval_prompt', rule: 'prompt.permission', test: /^Do you want to (proceed|make this edit|create|allow|run)\b.*\?$/ },
  {
    // 2.1.197 asks "Quick safety check: Is this a project you created or one you trust? (Like your own
    // code, …" in one paragraph that wraps with the pane's width; its first choice "❯ 1. Yes, I trust
    // this folder" is short enough never to wrap. Older versions asked "Do you trust the files in this folder?".
    state: 'startup_prompt',
    rule: 'prompt.trust',
    // Its first choice (trust) is selected when the prompt opens: Enter accepts it (checked on the real CLI).
    startupPrompt: { kind: 'trust_folder', acceptKeys: ['Enter'] },
    test: /^(Do you trust the files in this folder\?|(Quick safety check: )?Is this a project you created or one you trust\?.*|(❯\s)?1\. Yes, I trust this folder)$/,
  },
  // Accepting an API key or picking a theme changes the user's settings: never answered by agentpool.
  { state: 'startup_prompt', rule: 'prompt.api_key', test: /^Do you want to use this API key\?$/, startupPrompt: { kind: 'api_key' } },
  {
    state: 'startup_prompt',
    rule: 'prompt.theme',
    test: /^Choose the text style that looks best/,
    startupPrompt: { kind: 'onboarding' },
  },
  { state: 'auth_required', rule: 'prompt.login', test: /^(Select login method:|Please run \/login\b.*|Invalid API key.*)$/ },
  {
    // A HOME that has not been through onboarding (no login, no key) starts it with a check of
    // api.anthropic.com; when that fails 2.1.197 shows "Unable to connect to Anthropic services",
    // "Failed to connect to api.anthropic.com: ENOTFOUND" and exits: the login is never offered.
    state: 'error',
    rule: 'startup.unreachable',
    test: /^(Unable to connect to Anthropic services|Failed to connect to [\w.-]+: \S+)$/,
  },
];

/**
 * Banners in the conversation that say how the turn ended. 2.1.197 reports a failed model call as
 * its reply, after the reply bullet: "● API Error: Request rejected (429) · This request would exceed
 * your account's rate limit. …" (a 429 is a limit, as its StopFailure hook says: `rate_limit`).
 */
const BANNERS: readonly Rule[] = [
  {
    state: 'limit_reached',
    rule: 'banner.limit',
    test: /(usage limit reached|limit reached\s*[∙·|-]\s*resets|You[’']ve hit your (usage|session) limit|5-hour limit reached|weekly limit reached|API Error: Request rejected \(429\))/i,
  },
  {
    // While a model call fails and is retried, 2.1.197's spinner line counts down to the next try:
    // "✻ Unable to connect to API (ConnectionRefused) · Retrying in 4s · attempt 4/10" (the footer
    // still says "esc to interrupt"). Waiting for a retry is not work: an error, until a try succeeds.
    // It gives up after its last attempt (10 by default, about 3 minutes) with "● API Error: …".
    state: 'error',
    rule: 'status.retrying',
    // Its end ("· attempt 4/10") may be cut off in a narrow pane.
    test: /^(\S\s+)?.+ · Retrying in \d+s\b/,
  },
  { state: 'error', rule: 'banner.api_error', test: /^[⎿●]?\s*API Error[: (]/ },
];

/**
 * With no login and no API key, 2.1.197 opens its input box as usual, but its footer says
 * "Not logged in · Run /login" (at the right end of "? for shortcuts · ← for agents"), and a task
 * sent is answered, under it, with "⎿  Not logged in · Please run /login". Offline, a HOME that has
 * not been through onboarding never gets here: its first-run check of api.anthropic.com fails first.
 */
const NOT_LOGGED_IN_FOOTER = /\bNot logged in · Run \/login$/;
const NOT_LOGGED_IN_REPLY = /^⎿?\s*Not logged in · Please run \/login$/;

export function classifyClaudeScreen(screen: Screen): Observation {
  const trimmed = screen.lines.map((line) => line.trim());
  // The input box: between the last two rules (its `❯` line may be gone from this screen: a line
  // echoing the caller's text is removed before reading). The footer is below it.
  let bottom = -1;
  let top = -1;
  for (let index = trimmed.length - 1; index >= 0; index--) {
    if (!RULE.test(trimmed[index] ?? '')) continue;
    if (bottom < 0) bottom = index;
    else if (bottom - index <= 12) {
      top = index;
      break;
    } else break;
  }
  const boxed = top >= 0;
  if (!boxed) {
    for (const prompt of PROMPTS) {
      const evidence = trimmed.filter((line) => prompt.test.test(line));
      if (evidence.length) {
        return {
          state: prompt.state,
          confidence: CONFIDENCE,
          evidence,
          rule: prompt.rule,
          ...(prompt.startupPrompt ? { startupPrompt: prompt.startupPrompt } : {}),
        };
      }
    }
  }
  const above = boxed ? trimmed.slice(Math.max(0, top - 8), top) : trimmed.slice(-12);
  if (boxed) {
    const notLoggedIn = trimmed.slice(bottom + 1).filter((line) => NOT_LOGGED_IN_FOOTER.test(line));
    if (notLoggedIn.length) {
      const refused = above.filter((line) => NOT_LOGGED_IN_REPLY.test(line));
      return { state: 'auth_required', confidence: CONFIDENCE, evidence: [...refused, ...notLoggedIn], rule: 'footer.not_logged_in' };
    }
  }
  for (const banner of BANNERS) {
    const evidence = above.filter((line) => banner.test.test(line));
    if (evidence.length) return { state: banner.state, confidence: 0.8, evidence, rule: banner.rule };
  }
  if (!boxed) return { state: 'unknown', confidence: 0, evidence: [], rule: 'input.missing' };
  const footer = trimmed.slice(bottom + 1).filter((line) => line !== '');
  const busy = footer.filter((line) => /esc to interrupt/.test(line));
  if (busy.length) return { state: 'working', confidence: CONFIDENCE, evidence: busy, rule: 'footer.working' };
  return { state: 'ready', confidence: CONFIDENCE, evidence: footer.slice(0, 1), rule: 'input.ready' };
}
