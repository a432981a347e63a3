/** The states of a task: not started (or waiting on a dependency), claimed by one member, done. */
export const TASK_STATUSES = ['pending', 'in_progress', 'completed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * The states of a debate. `applied`: its decision was reflected into its task. `closed`: decided,
 * with no task to apply it to (team_ops leaves such a debate `decided` forever).
 */
export const DEBATE_STATUSES = ['open', 'decided', 'applied', 'closed'] as const;
export type DebateStatus = (typeof DEBATE_STATUSES)[number];

/** How a decision was reached: the top score, a tie broken by the decider's own pick or alphabetically, or named by hand. */
export type DecisionMethod = 'score' | 'tie_decider' | 'tie_lexical' | 'manual';

/** The owner of a task nobody has taken. */
export const UNASSIGNED = 'unassigned';

/** team_ops' default rationale for a decision `orchestrate-debate` makes. */
export const AUTO_RATIONALE = 'Auto-selected by weighted confidence score.';

export const isTaskStatus = (value: string): value is TaskStatus => (TASK_STATUSES as readonly string[]).includes(value);

/** `completed, in_progress, pending`: the order team_ops lists them in its messages. */
export const TASK_STATUS_LIST = [...TASK_STATUSES].sort().join(', ');
