/**
 * The result block agentpool collects at the end of a turn, as a model imitation answers it:
 * `summary` and `findings`, nothing changed, no blockers.
 */
export function resultBlock(summary: string, findings: string): string {
  return [
    'AGENTPOOL_RESULT_START',
    `Summary: ${summary}`,
    `Findings: ${findings}`,
    'Files changed: none',
    'Blockers: none',
    'AGENTPOOL_RESULT_END',
  ].join('\n');
}
