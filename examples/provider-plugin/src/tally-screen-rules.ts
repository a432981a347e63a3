import type { Observation, Screen } from '@agentpool/core';

// What tally 1.0.0 draws (bin/tally.mjs): its input line, the spinner line while it works, and a
// y/n question before it writes a file. Each is the last non-blank line of the screen.
const INPUT = /^tally>(\s|$)/;
const WORKING = /^◐ tallying… \(ctrl\+c to interrupt\)$/;
const ASKING = /^Write the tally to \S+\? \(y\/n\)$/;

/** Reads a tally screen by its last non-blank line. Pure. */
export function classifyTallyScreen(screen: Screen): Observation {
  const last = [...screen.lines]
    .reverse()
    .find((line) => line.trim() !== '')
    ?.trim();
  if (last === undefined) return { state: 'unknown', confidence: 0, evidence: [], rule: 'screen.blank' };
  if (ASKING.test(last)) return { state: 'approval_prompt', confidence: 0.95, evidence: [last], rule: 'question.write' };
  if (WORKING.test(last)) return { state: 'working', confidence: 0.95, evidence: [last], rule: 'spinner' };
  if (INPUT.test(last)) return { state: 'ready', confidence: 0.9, evidence: [last], rule: 'input' };
  return { state: 'unknown', confidence: 0, evidence: [], rule: 'none' };
}
