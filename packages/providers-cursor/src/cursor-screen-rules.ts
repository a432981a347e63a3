import type { Observation, Screen, ScreenState } from '@agentpool/core';

/**
 * Reads the Cursor Agent CLI's screen. Cursor does not install here, so these rules follow what
 * public sources quote from its TUI (docs/decisions.md, "Cursor Agent CLI", lists each source); they
 * were not checked against captures of our own, and their confidence says so.
 *
 * Layout (cursor-agent 2026.04–2026.09): a banner (`Cursor Agent`, `v2026.…`), the conversation, an
 * input line starting with `→` (placeholder `Plan, search, build anything` in a fresh session, `Add a
 * follow-up` after a turn), then a model row and a folder row. While a turn runs, the input line
 * carries `ctrl+c to stop` at its right end and a spinner row (`⬢ Generating.`, `⠀⠞ Working`) sits
 * above it. Prompts that need an answer (running a command, writing a file, trusting the folder,
 * signing in) replace the input line.
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

/** Questions that head an approval card (`Run this command?`, `Write to this file?`, …). */
const APPROVAL_HEADER =
  /^(Run this command( outside the sandbox)?\?|Run this MCP tool\?|Write to this file\?|Delete this file\?|Allow this web (search|fetch)\?|Proceed with this edit\?|Approve mode switch \(y\/n\)|Waiting for approval(\.\.\.|…)?)$/;
/** The card's answer rows: `→ Run (once) (y)`, `Skip (esc or n)`, `Proceed (y) (enter)`, `Keep (n)`, `Reject & propose changes (…)`. */
const APPROVAL_CHOICE = /(\((y)\)|\(esc or n\)|Keep \(n\)|Reject & propose changes|Skip & tell the agent)/;

const TRUST = /^(⚠\s*)?(Workspace Trust Required|Do you trust the contents of this directory\?)/;
/** The trust card's accept row in the version that answers with a letter: `[a] Trust this workspace`. */
const TRUST_ACCEPT = /^([→▶›❯]\s*)?\[a\] Trust this workspace\b/;

const PROMPTS: readonly Rule[] = [
  { state: 'auth_required', rule: 'prompt.login', test: /^Press any key to sign in/ },
  // A plan/decision overlay that waits for y/n/p (string harvested from cursor-cli 2026.08.04).
  { state: 'question', rule: 'prompt.decision', test: /^Waiting for decision \(y\/n\/p\)/ },
];

/** How a turn ended, as the lines above the input line say. */
const BANNERS: readonly Rule[] = [
  {
    state: 'limit_reached',
    rule: 'banner.limit',
    // cursor-agent: "Error: You've hit your usage limit", "… Your usage limits will reset when your monthly cycle ends on …".
    test: /(You[’']ve hit your (usage|free requests) limit|Your usage limits will reset when)/,
  },
  // The vendor's refusals of a model name (stderr, then exit 1).
  { state: 'error', rule: 'banner.model_refused', test: /^(Error: )?(Cannot use this model: |Named models unavailable)/ },
];

const INPUT = /^→(\s|$)/;
const PLACEHOLDER = /^→\s*(Plan, search, build anything|Add a follow-up)?(\s{2,}.*)?$/;
const STOP_HINT = /ctrl\+c to stop/;
/** A spinner row: `⬢ Generating.`, `⬡ Thinking`, `⠀⠞ Working`, `⠋ Indexing`. */
const SPINNER = /^(⬡|⬢|[\u2800-\u28FF]+)\s*\p{L}+\w*ing\b/u;

export function classifyCursorScreen(screen: Screen): Observation {
  const lines = screen.lines.map((line) => line.trim()).filter((line) => line !== '');
  const bottom = lines.slice(-BOTTOM);

  const trust = bottom.filter((line) => TRUST.test(line));
  if (trust.length > 0) {
    const accept = bottom.filter((line) => TRUST_ACCEPT.test(line));
    return {
      state: 'startup_prompt',
      confidence: CONFIDENCE,
      evidence: [...trust, ...accept],
      rule: 'prompt.trust',
      startupPrompt: { kind: 'trust_folder', acceptKeys: accept.length > 0 ? ['a'] : undefined },
    };
  }
  const header = bottom.findLastIndex((line) => APPROVAL_HEADER.test(line));
  if (header >= 0) {
    const choices = bottom.slice(header + 1, header + 9).filter((line) => APPROVAL_CHOICE.test(line));
    if (choices.length > 0) {
      return { state: 'approval_prompt', confidence: CONFIDENCE, evidence: [bottom[header] ?? '', ...choices], rule: 'prompt.approval' };
    }
  }
  for (const prompt of PROMPTS) {
    const evidence = bottom.filter((line) => prompt.test.test(line));
    if (evidence.length > 0) return { state: prompt.state, confidence: CONFIDENCE, evidence, rule: prompt.rule };
  }

  const input = bottom.findLastIndex((line) => INPUT.test(line));
  const tail = input >= 0 ? bottom.slice(input) : bottom.slice(-8);
  const stop = tail.filter((line) => STOP_HINT.test(line));
  if (stop.length > 0) return { state: 'working', confidence: CONFIDENCE, evidence: stop, rule: 'input.stop_hint' };
  const above = input >= 0 ? bottom.slice(Math.max(0, input - 12), input) : bottom.slice(-12);
  const spinner = above.slice(-4).filter((line) => SPINNER.test(line));
  if (spinner.length > 0) return { state: 'working', confidence: 0.7, evidence: spinner, rule: 'status.spinner' };
  for (const banner of BANNERS) {
    const evidence = above.filter((line) => banner.test.test(line));
    if (evidence.length > 0) return { state: banner.state, confidence: 0.75, evidence, rule: banner.rule };
  }
  const inputLine = input >= 0 ? (bottom[input] ?? '') : '';
  // Only the empty input line (its placeholder) means ready; one holding other text is a draft
  // agentpool did not write, and a screen without it is not recognisable.
  if (input >= 0 && PLACEHOLDER.test(inputLine)) {
    return { state: 'ready', confidence: 0.75, evidence: [inputLine], rule: 'input.ready' };
  }
  return { state: 'unknown', confidence: 0, evidence: [], rule: input >= 0 ? 'input.draft' : 'input.missing' };
}
