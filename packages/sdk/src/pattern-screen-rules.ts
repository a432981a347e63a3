import type { CustomScreenState, Observation, Screen } from '@agentpool/core';

/** One screen rule of a custom provider, compiled. */
export interface PatternRule {
  readonly state: CustomScreenState;
  readonly pattern: RegExp;
  /** Search only the last N non-blank lines. */
  readonly lastLines?: number | undefined;
}

/** A line shorter than this is never taken for the caller's own words (`>` can be in any task). */
const ECHO_MIN_LENGTH = 12;

function isCallersText(line: string, sentTexts: readonly string[]): boolean {
  const words = line.replace(/\s+/g, ' ');
  return words.length >= ECHO_MIN_LENGTH && sentTexts.some((text) => text.replace(/\s+/g, ' ').includes(words));
}

/**
 * Reads a screen with ordered patterns: the first rule with a matching line (trimmed, not the
 * caller's own words) decides the state, with every line it matched as evidence. No rule: unknown,
 * and agentpool falls back to quiescence.
 */
export function classifyByPatterns(rules: readonly PatternRule[], screen: Screen, sentTexts: readonly string[]): Observation {
  const lines = screen.lines.map((line) => line.trim()).filter((line) => line !== '' && !isCallersText(line, sentTexts));
  for (const [index, rule] of rules.entries()) {
    const searched = rule.lastLines === undefined ? lines : lines.slice(-rule.lastLines);
    const evidence = searched.filter((line) => rule.pattern.test(line));
    if (evidence.length === 0) continue;
    return {
      state: rule.state,
      confidence: 0.8,
      evidence,
      rule: `custom.${index}.${rule.state}`,
      ...(rule.state === 'startup_prompt' ? { startupPrompt: { kind: 'other' as const } } : {}),
    };
  }
  return { state: 'unknown', confidence: 0, evidence: [], rule: 'custom.none' };
}
