import { type BoardAccess, boardInstructions } from './board-instructions.js';
import { ROLE_TEMPLATES } from './role-templates.js';
import type { TeamRole } from './team-roles.js';

export interface MemberPromptInput {
  readonly teamName: string;
  readonly teamRoot: string;
  readonly goal: string;
  readonly member: string;
  readonly role: TeamRole;
  /** Every registered member, in order. */
  readonly members: readonly string[];
  readonly board: BoardAccess;
  /** Delegate mode (the lead only): coordinate, never edit. */
  readonly delegate: boolean;
}

/** The header a message delivered into a member's pane starts with (delivery-rules.ts writes it). */
export const DELIVERY_HEADER = '[agentpool team';

/**
 * A live member's initial prompt: who it is, its role (from the role's template), the team's goal
 * and members, how messages reach it, and the exact board commands (or MCP tools) it uses.
 */
export function buildMemberPrompt(input: MemberPromptInput): string {
  const template = ROLE_TEMPLATES[input.role];
  const others = input.members.filter((member) => member !== input.member);
  const lead = input.members.includes('lead') ? 'lead' : null;
  const lines = [
    `You are ${input.member}, the ${input.role} of the agentpool team '${input.teamName}'.`,
    `Team goal: ${input.goal}`,
    `Other members: ${others.length > 0 ? others.join(', ') : '(none)'}${lead && lead !== input.member ? ` (the lead is ${lead})` : ''}.`,
    '',
    `Your role: ${template.summary}`,
    ...template.duties.map((duty, index) => `${index + 1}. ${duty}`),
  ];
  if (input.delegate) {
    lines.push(
      'Delegate mode: you coordinate only. Do not edit, create or delete files yourself; give that work to members as tasks and messages.',
    );
  }
  lines.push(
    '',
    ...boardInstructions({ teamName: input.teamName, teamRoot: input.teamRoot, member: input.member, role: input.role }, input.board),
    '',
    `Messages to you are typed into this session between your turns, each starting with "${DELIVERY_HEADER} ${input.teamName}] message"; act on them with the board.`,
    lead && lead !== input.member
      ? `When you end a turn and wait, ${lead} is told you are idle.`
      : 'You are told when a member ends a turn and waits.',
    '',
    'Start now: read the board, then take or assign your first task.',
  );
  return lines.join('\n');
}
