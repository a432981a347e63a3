import { type Isolation, resultProtocolInstructions, type WorkerRole } from '@agentpool/core';

const ISOLATION_NOTES: Record<Isolation, string> = {
  read_only: 'Work read-only: inspect, run read-only commands, and report; do not modify, create or delete files.',
  shared: 'You are working directly in the shared repository; other workers may be working in it too. Keep changes small and focused.',
  worktree: 'You are working in a dedicated git worktree on your own branch; you may edit files and commit there.',
};

const ROLE_NOTES: Record<WorkerRole, string | null> = {
  explorer: 'Your role: explorer. Investigate and explain what you find.',
  reviewer: 'Your role: reviewer. Review critically and list concrete findings.',
  implementer: 'Your role: implementer. Make the change, run the relevant checks, and report.',
  tester: 'Your role: tester. Write or run tests and report the results.',
  custom: null,
};

/** The initial prompt: the caller's task, the role and isolation rules, and the result protocol. */
export function composeInitialPrompt(task: string, role: WorkerRole, isolation: Isolation): string {
  return [task.trim(), '', ROLE_NOTES[role], ISOLATION_NOTES[isolation], resultProtocolInstructions()]
    .filter((part) => part !== null)
    .join('\n');
}
