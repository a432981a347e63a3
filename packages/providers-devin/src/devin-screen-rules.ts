import type { Observation, Screen, ScreenState } from '@agentpool/core';

/**
 * Reads the Devin CLI's screen. Devin does not install here, so these rules follow screens and
 * strings public sources quote from its TUI (docs/decisions.md, "Devin CLI", lists each source); they
 * were not checked against captures of our own, and their confidence says so.
 *
 * Layout (devin 2026.5 – 3000.11): the conversation, an input box between two `─` rules whose line
 * starts with `❭` (placeholder `Ask Devin to build features, fix bugs, or work on your code` when
 * idle, `Guide Devin while it works` during a turn), then a footer with the model and
 * `Context: 38k / 200k tokens (18%)`. A running turn shows an activity row above the box
 * (`⠀⡆ Running tools · 27s (esc to interrupt)`, `⠙⠀ Thinking · 4m 46s (esc twice to interrupt)`).
 * Menus (trust, tool approval, the agent's questions) use the same `❭` as their selection cursor.
 */

/** Lower than the captured adapters' 0.9: every rule here was written from documentation. */
const CONFIDENCE = 0.8;
/** How far from the bottom (non-empty lines) a prompt, banner or input line may stand. */
const BOTTOM = 20;

interface Rule {
  readonly state: ScreenState;
  readonly rule: string;
  readonly test: RegExp;
}

const TRUST = /^([✱●]\s*)?Do you trust the authors of this directory\?/;
/** The trust menu with its safe first choice selected: `❭ 1 Yes, trust /path`. */
const TRUST_SELECTED = /^❭\s*1\s+Yes, trust\b/;
/** A tool-approval menu's first choice: `❭ 1 Yes  (Approve once)`. */
const APPROVE_ONCE = /\bYes\s+\(Approve once\)/;
const APPROVAL_FOOTER = /↵ confirm\b.*\besc cancel\b/i;
/** The agent's own question dialog: `↑↓ navigate · ↵ select · ←→ switch question · ? help me out · esc cancel`. */
const QUESTION_FOOTER = /↵ select\b.*\besc cancel\b/i;
const SELECTED_OPTION = /^❭\s*\S/;

const PROMPTS: readonly Rule[] = [{ state: 'auth_required', rule: 'prompt.login', test: /Not logged in\. Run `devin auth login`/ }];

/** How a turn ended, in the lines above the input box. */
const BANNERS: readonly Rule[] = [
  // The free-model rate limit as the CLI reports it: "Reached free model rate limit. Upgrade to Max for
  // higher limits, or switch to a different model. Your limit will reset in 3 seconds."
  { state: 'limit_reached', rule: 'banner.limit', test: /(Reached free model rate limit|Your limit will reset in \d+)/ },
  // A turn that ended on an error (a lost connection) ends on "Something went wrong".
  // The line is the message alone (or with a detail after a colon): prose that merely starts with it is not.
  { state: 'error', rule: 'banner.error', test: /^([✱●]\s*)?Something went wrong([.!]|:\s.*)?$/ },
];

/** The activity row of a running turn: braille spinner, activity, `· <timer>`. The braille logo has no `·`. */
const ACTIVITY = /^[\u2800-\u28FF]+\s*\S[^·]*·\s*\d/;
/** The same row drawn with a spinner glyph that is not braille: a glyph, the activity, `· <timer>`, the hint. */
const INTERRUPT_HINT = /^[^\p{L}\p{N}\s]+\s*\p{L}[^·]*·.*\(esc (twice |again )?to interrupt\)$/u;
const BUSY_INPUT = /^❭\s*Guide Devin while it works\b/;
const INPUT = /^❭(\s|$)/;
const IDLE_INPUT = /^❭\s*(Ask Devin to build\b.*)?$/;
const RULE = /^─{3,}/;
const CONTEXT_FOOTER = /\bContext: \S+ \/ \S+ tokens\b/;

export function classifyDevinScreen(screen: Screen): Observation {
  const lines = screen.lines.map((line) => line.trim()).filter((line) => line !== '');
  const bottom = lines.slice(-BOTTOM);

  const trust = bottom.filter((line) => TRUST.test(line));
  if (trust.length > 0) {
    const selected = bottom.filter((line) => TRUST_SELECTED.test(line));
    return {
      state: 'startup_prompt',
      confidence: CONFIDENCE,
      evidence: [...trust, ...selected],
      rule: 'prompt.trust',
      // The first choice ("Yes, trust") is selected, so Enter answers it; with another selection, nothing does.
      startupPrompt: { kind: 'trust_folder', acceptKeys: selected.length > 0 ? ['Enter'] : undefined },
    };
  }
  const approve = bottom.filter((line) => APPROVE_ONCE.test(line));
  if (approve.length > 0) {
    const footer = bottom.filter((line) => APPROVAL_FOOTER.test(line));
    return { state: 'approval_prompt', confidence: CONFIDENCE, evidence: [...approve, ...footer], rule: 'prompt.approval' };
  }
  const question = bottom.filter((line) => QUESTION_FOOTER.test(line));
  if (question.length > 0) {
    const selected = bottom.filter((line) => SELECTED_OPTION.test(line));
    return { state: 'question', confidence: 0.75, evidence: [...selected, ...question], rule: 'prompt.question' };
  }
  for (const prompt of PROMPTS) {
    const evidence = bottom.filter((line) => prompt.test.test(line));
    if (evidence.length > 0) return { state: prompt.state, confidence: CONFIDENCE, evidence, rule: prompt.rule };
  }

  const busy = bottom.slice(-14).filter((line) => ACTIVITY.test(line) || INTERRUPT_HINT.test(line) || BUSY_INPUT.test(line));
  if (busy.length > 0) return { state: 'working', confidence: CONFIDENCE, evidence: busy, rule: 'status.working' };

  const input = bottom.findLastIndex((line) => INPUT.test(line));
  const above = input >= 0 ? bottom.slice(Math.max(0, input - 12), input) : bottom.slice(-12);
  for (const banner of BANNERS) {
    const evidence = above.filter((line) => banner.test.test(line));
    if (evidence.length > 0) return { state: banner.state, confidence: 0.75, evidence, rule: banner.rule };
  }
  if (input < 0) return { state: 'unknown', confidence: 0, evidence: [], rule: 'input.missing' };
  const inputLine = bottom[input] ?? '';
  // The input box: a rule just above the `❭` line, or the context footer just below it.
  const boxed = RULE.test(bottom[input - 1] ?? '') || bottom.slice(input + 1, input + 5).some((line) => CONTEXT_FOOTER.test(line));
  // Only the empty input line (its placeholder) means ready; one holding other text is a draft
  // agentpool did not write (the caller's own text is removed before this runs).
  if (!boxed || !IDLE_INPUT.test(inputLine)) return { state: 'unknown', confidence: 0, evidence: [], rule: 'input.draft' };
  const footer = bottom.slice(input + 1, input + 5).filter((line) => CONTEXT_FOOTER.test(line));
  return { state: 'ready', confidence: 0.75, evidence: [inputLine, ...footer], rule: 'input.ready' };
}
