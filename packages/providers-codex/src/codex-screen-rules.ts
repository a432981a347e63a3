import type { Observation, Screen, ScreenState } from '@agentpool/core';

/**
 * Reads Codex's screen (0.169, from real captures, inline and alternate-screen modes). Codex draws
 * its conversation, a status line while it works (`• Working (3s • esc to interrupt)`), then its
 * input line (`› …`) and a footer (`  <model> · <folder>`, `  ← for agents · ? for shortcuts`).
 * Prompts that need an answer (running a command, trusting a folder) replace the input line.
 */

const INPUT = /^› /;
const CONFIDENCE = 0.9;

interface Rule {
  readonly state: ScreenState;
  readonly rule: string;
  readonly test: RegExp;
  /** For a startup prompt: what it asks, and the keys that accept it when agentpool may answer it. */
  readonly startupPrompt?: Observation['startupPrompt'];
}

const PROMPTS: readonly Rule[] = [
  {
    state: 'approval_prompt',
    rule: 'prompt.approval',
    test: /^(Would you like to (run the following command|make the following edits|apply)\b.*\?|Allow command\?)$/,
  },
  {
    // 0.169 (in a git repository it has no trust decision for) shows "Folder access", then "Trust this
    // folder? Codex can read, edit, and run files here, …" (a paragraph that wraps with the pane's
    // width) and the choice "› 1. Trust and continue". Older versions asked "Do you trust the files in this folder?".
    state: 'startup_prompt',
    rule: 'prompt.trust',
    // Its first choice (trust) is selected when the prompt opens: Enter accepts it (checked on the real CLI).
    startupPrompt: { kind: 'trust_folder', acceptKeys: ['Enter'] },
    test: /^(Do you trust the (files|contents) (in|of) this (folder|directory)\??|Allow Codex to work in this folder.*|Trust this folder\?( .*)?|(›\s)?1\. Trust and continue)$/,
  },
  {
    // 0.169 offers a newer model at start-up when the chosen one has an upgrade in its catalog
    // ("Meet GPT-6 Sol", "› 1. Try new model", "2. Use existing model"). Either answer changes which
    // model the worker runs, so agentpool leaves it to the caller.
    state: 'startup_prompt',
    rule: 'prompt.model_upgrade',
    test: /^((›\s)?1\. Try new model|(›\s)?2\. Use existing model)$/,
    startupPrompt: { kind: 'other' },
  },
  {
    state: 'auth_required',
    rule: 'prompt.login',
    test: /^(Sign in with ChatGPT|Welcome to Codex, OpenAI's command-line coding agent|Provide your own API key)/,
  },
];

/** Banners above the input line that say how the turn ended: 0.169 writes "■ You’ve hit your usage limit. …" (a typographic apostrophe). */
const BANNERS: readonly Rule[] = [
  { state: 'limit_reached', rule: 'banner.limit', test: /(You[’']ve hit your usage limit|usage limit reached|Rate limit reached)/i },
  { state: 'error', rule: 'banner.error', test: /^■ / },
];

/**
 * When the model API cannot be reached, 0.169 keeps its status line but says so:
 * "• Reconnecting... waiting for network (4s • esc to interrupt)" over "└ Connection failed: error
 * sending request", the seconds counting up; it does not give up (with the provider at a closed
 * port it still waited after 11 minutes). Waiting for the network is not work: an error, until the
 * connection comes back.
 */
const RECONNECTING = /^[•◦]\s+Reconnecting\b.*esc to interrupt\)?$/;
const RECONNECT_CAUSE = /^└\s+Connection failed\b/;

/** Footer lines Codex draws under its input line. */
const FOOTER = /(\? for shortcuts|← for agents|esc to interrupt|ctrl \+ c to quit|tab to queue message)/;

export function classifyCodexScreen(screen: Screen): Observation {
  const trimmed = screen.lines.map((line) => line.trim());
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
  let footer = -1;
  for (let index = trimmed.length - 1; index >= 0; index--) {
    if (FOOTER.test(trimmed[index] ?? '') && !INPUT.test(trimmed[index] ?? '')) {
      footer = index;
      break;
    }
  }
  if (footer < 0) return { state: 'unknown', confidence: 0, evidence: [], rule: 'footer.missing' };
  // 0.169 draws its input line with a bare "? for shortcuts" footer for about half a second while it
  // loads, before it either asks to trust the folder or completes the footer ("<model> · <folder>",
  // "← for agents · ? for shortcuts"). That first screen takes no input yet: it is not ready.
  if (trimmed[footer] === '? for shortcuts' && !trimmed.some((line) => line.startsWith('← for agents'))) {
    return { state: 'unknown', confidence: 0, evidence: [trimmed[footer] ?? ''], rule: 'input.loading' };
  }
  // The input line (it may be gone from this screen: a line echoing the caller's text is removed before reading).
  let input = footer;
  for (let index = footer - 1; index >= Math.max(0, footer - 8); index--) {
    if (INPUT.test(trimmed[index] ?? '') || trimmed[index] === '›') {
      input = index;
      break;
    }
  }
  // The status line sits just above the input line; while working it ends with "esc to interrupt)".
  const above = trimmed.slice(Math.max(0, input - 6), input).filter((line) => line !== '');
  const reconnecting = above.filter((line) => RECONNECTING.test(line));
  if (reconnecting.length) {
    const cause = above.filter((line) => RECONNECT_CAUSE.test(line));
    return { state: 'error', confidence: 0.8, evidence: [...reconnecting, ...cause], rule: 'status.reconnecting' };
  }
  const busy = above.filter((line) => /esc to interrupt\)?$/.test(line));
  if (busy.length) return { state: 'working', confidence: CONFIDENCE, evidence: busy, rule: 'status.working' };
  for (const banner of BANNERS) {
    const evidence = above.filter((line) => banner.test.test(line));
    if (evidence.length) return { state: banner.state, confidence: 0.8, evidence, rule: banner.rule };
  }
  return { state: 'ready', confidence: CONFIDENCE, evidence: [trimmed[footer] ?? ''], rule: 'input.ready' };
}
