import type { PositionRow } from '@agentpool/store';
import { teamError } from './team-errors.js';
import type { DecisionMethod } from './team-vocabulary.js';

/** Confidences are summed in millionths: 0.1 + 0.2 ties 0.3 (in floats it beats it, and team_ops calls that a win). */
const UNITS = 1_000_000;

export interface DecisionInput {
  readonly id: string;
  readonly options: readonly string[];
  readonly decider: string;
  readonly positions: readonly PositionRow[];
}

export interface Decision {
  readonly option: string;
  readonly method: Exclude<DecisionMethod, 'manual'>;
  /** Each option's summed confidence. */
  readonly scores: Record<string, number>;
}

/** Each member's latest position. */
export function latestPositions(positions: readonly PositionRow[]): Map<string, PositionRow> {
  const latest = new Map<string, PositionRow>();
  for (const position of positions) latest.set(position.member, position);
  return latest;
}

/** The members of a debate who have not taken a position yet, sorted. */
export function missingMembers(members: readonly string[], positions: readonly PositionRow[]): string[] {
  const latest = latestPositions(positions);
  return [...new Set(members)].filter((member) => !latest.has(member)).sort();
}

/**
 * The automatic decision: each member's latest confidence summed per option; one top score wins;
 * on a tie the decider's own option wins if it is among the tied, otherwise the alphabetically first.
 */
export function chooseDecision(debate: DecisionInput): Decision {
  if (debate.options.length === 0) throw teamError('DEBATE_CONFLICT', 'Debate has no options to decide from.');
  const latest = latestPositions(debate.positions);
  if (latest.size === 0) {
    throw teamError('DEBATE_CONFLICT', 'No positions submitted yet; cannot decide debate.', 'agentpool team add-position …', {
      debate_id: debate.id,
    });
  }
  const units = new Map<string, number>(debate.options.map((option) => [option, 0]));
  for (const position of latest.values()) {
    const current = units.get(position.option);
    if (current === undefined) continue;
    const confidence = Number.isFinite(position.confidence) ? position.confidence : 1;
    units.set(position.option, current + Math.round(confidence * UNITS));
  }
  const top = Math.max(...units.values());
  if (top <= 0) {
    throw teamError(
      'DEBATE_CONFLICT',
      'All position scores are zero; cannot auto-decide.',
      `agentpool team decide-debate --debate-id ${debate.id} --decision <option> --rationale "…"`,
      { debate_id: debate.id },
    );
  }
  const scores = Object.fromEntries([...units].map(([option, value]) => [option, value / UNITS]));
  const winners = [...units]
    .filter(([, value]) => value === top)
    .map(([option]) => option)
    .sort();
  if (winners.length === 1) return { option: winners[0] as string, method: 'score', scores };
  const deciderPick = latest.get(debate.decider)?.option;
  if (deciderPick !== undefined && winners.includes(deciderPick)) return { option: deciderPick, method: 'tie_decider', scores };
  return { option: winners[0] as string, method: 'tie_lexical', scores };
}
