import type { ClassifyContext, Observation, Screen, ScreenState } from '@agentpool/core';
import { withoutEcho } from '@agentpool/core';

const RULE_LINE = /^─{20,}\s*$/;
/** The input line and the further lines of a multi-line input buffer: the user's text, never evidence. */
const INPUT_LINE = /^[›┊]/;
const CONFIDENCE = 0.95;

interface StatusRule {
  readonly state: ScreenState;
  readonly rule: string;
  readonly matches: (line: string) => boolean;
}

// The status lines the fake agent draws between the footer rule and its input line.
const STATUS_RULES: readonly StatusRule[] = [
  { state: 'working', rule: 'footer.working', matches: (line) => line.includes('esc to interrupt') },
  { state: 'question', rule: 'footer.question', matches: (line) => line.startsWith('◆ Question:') },
  { state: 'approval_prompt', rule: 'footer.approval', matches: (line) => /^\? Allow\b.*\[y\/n\]/.test(line) },
  { state: 'limit_reached', rule: 'footer.limit', matches: (line) => line.startsWith('⚠ Usage limit reached') },
  { state: 'error', rule: 'footer.error', matches: (line) => line.startsWith('✗ Error:') },
];

/**
 * Reads a fake agent's screen. Only the footer (the lines below the last rule) carries state; the
 * log above it holds the caller's task and the agent's output, which are never evidence.
 */
export function classifyFakeScreen(screen: Screen, context: ClassifyContext): Observation {
  const lines = withoutEcho(screen.lines, context.sentTexts).map((line) => line.replace(/\s+$/, ''));
  let ruleIndex = -1;
  for (let index = lines.length - 1; index >= 0; index--) {
    if (RULE_LINE.test(lines[index] ?? '')) {
      ruleIndex = index;
      break;
    }
  }
  if (ruleIndex < 0) return { state: 'unknown', confidence: 0, evidence: [], rule: 'footer.missing' };

  const footer = lines.slice(ruleIndex + 1).filter((line) => line.trim() !== '');
  const inputIndex = footer.findIndex((line) => INPUT_LINE.test(line));
  const status = (inputIndex < 0 ? footer : footer.slice(0, inputIndex)).map((line) => line.trim());

  for (const { state, rule, matches } of STATUS_RULES) {
    const evidence = status.filter(matches);
    if (evidence.length === 0) continue;
    // The question's hint line belongs to it.
    if (state === 'question') evidence.push(...status.filter((line) => line === 'reply to continue'));
    return { state, confidence: CONFIDENCE, evidence, rule };
  }
  if (status.length === 0) {
    const inputLine = inputIndex < 0 ? undefined : footer[inputIndex];
    return { state: 'ready', confidence: CONFIDENCE, evidence: [inputLine ?? lines[ruleIndex] ?? ''], rule: 'footer.ready' };
  }
  return { state: 'unknown', confidence: 0, evidence: status, rule: 'footer.unrecognised' };
}
