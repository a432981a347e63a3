import { shellQuote } from './shell-quote.js';
import type { TeamRole } from './team-roles.js';

/**
 * How a live member reaches the board: the `agentpool team …` commands (run by `command`, e.g.
 * `agentpool`), or the MCP `teams` toolset of an agentpool MCP server the member's CLI has.
 */
export type BoardAccess = { readonly via: 'cli'; readonly command: string } | { readonly via: 'mcp' };

export const BOARD_ACCESS_MODES = ['cli', 'mcp'] as const;

interface Where {
  readonly teamName: string;
  readonly teamRoot: string;
  readonly member: string;
  readonly role: TeamRole;
}

/** One board operation: what it is for, its CLI arguments after `team`, its MCP tool and arguments. */
interface Operation {
  readonly purpose: string;
  readonly cli: readonly string[];
  readonly tool: string;
  readonly args: Readonly<Record<string, string | boolean>>;
  /** Only the lead runs it. */
  readonly leadOnly?: boolean;
}

function operations(member: string): Operation[] {
  return [
    { purpose: 'See the board', cli: ['list-tasks'], tool: 'team_list_tasks', args: {} },
    {
      purpose: 'Take your next claimable task',
      cli: ['next', '--member', member, '--claim'],
      tool: 'team_next',
      args: { member, claim: true },
    },
    {
      purpose: 'Claim a given task',
      cli: ['claim', '--task-id', '<task-N>', '--member', member],
      tool: 'team_claim',
      args: { task_id: '<task-N>', member },
    },
    {
      purpose: 'Note progress on a task',
      cli: ['update-task', '--task-id', '<task-N>', '--note', '<what you did>'],
      tool: 'team_update_task',
      args: { task_id: '<task-N>', note: '<what you did>' },
    },
    {
      purpose: 'Complete a task',
      cli: ['update-task', '--task-id', '<task-N>', '--status', 'completed', '--owner', member, '--note', '<what you did>'],
      tool: 'team_update_task',
      args: { task_id: '<task-N>', status: 'completed', owner: member, note: '<what you did>' },
    },
    {
      purpose: 'Message a member',
      cli: ['message', '--from', member, '--to', '<member>', '--body', '<text>'],
      tool: 'team_message',
      args: { from: member, to: '<member>', body: '<text>' },
    },
    {
      purpose: 'Message everybody',
      cli: ['broadcast', '--from', member, '--body', '<text>'],
      tool: 'team_broadcast',
      args: { from: member, body: '<text>' },
    },
    {
      purpose: 'Read your unread messages',
      cli: ['inbox', '--member', member, '--unread', '--mark-read'],
      tool: 'team_inbox',
      args: { member, unread: true, mark_read: true },
    },
    { purpose: 'See open debates', cli: ['list-debates', '--status', 'open'], tool: 'team_list_debates', args: { status: 'open' } },
    {
      purpose: 'Take a position in a debate',
      cli: [
        'add-position',
        '--debate-id',
        '<debate-N>',
        '--member',
        member,
        '--option',
        '<option>',
        '--confidence',
        '0.8',
        '--rationale',
        '<why>',
      ],
      tool: 'team_add_position',
      args: { debate_id: '<debate-N>', member, option: '<option>', confidence: '0.8', rationale: '<why>' },
    },
    {
      purpose: 'Add a task',
      cli: ['add-task', '--title', '<title>', '--depends-on', '<task-N,…>'],
      tool: 'team_add_task',
      args: { title: '<title>', depends_on: '[<task-N>, …]' },
      leadOnly: true,
    },
    {
      purpose: 'Open a debate',
      cli: ['start-debate', '--topic', '<question>', '--task-id', '<task-N>', '--options', '<a,b>', '--members', '<m1,m2>', '--notify'],
      tool: 'team_start_debate',
      args: { topic: '<question>', task_id: '<task-N>', options: '[<a>, <b>]', members: '[<m1>, <m2>]', notify: true },
      leadOnly: true,
    },
    {
      purpose: 'Move a debate on (remind, decide, apply)',
      cli: ['orchestrate-debate', '--debate-id', '<debate-N>', '--send-reminders'],
      tool: 'team_orchestrate_debate',
      args: { debate_id: '<debate-N>', send_reminders: true },
      leadOnly: true,
    },
  ];
}

/** A placeholder stays readable (`<task-N>`) rather than quoted; every other word is quoted as the shell needs. */
const word = (value: string): string => (/^<[^<>]+>$/.test(value) ? value : shellQuote(value));

/** The board section of a member's prompt: the exact commands (or tools) with the team's name and root filled in. */
export function boardInstructions(where: Where, access: BoardAccess): string[] {
  const ops = operations(where.member).filter((op) => !op.leadOnly || where.role === 'lead');
  if (access.via === 'cli') {
    const team = ['--team-name', where.teamName, '--team-root', where.teamRoot];
    return [
      'Use the team board with these exact commands (add --json to read their output as JSON):',
      ...ops.map(
        (op) => `- ${op.purpose}: ${access.command} team ${[...op.cli.slice(0, 1), ...team, ...op.cli.slice(1)].map(word).join(' ')}`,
      ),
    ];
  }
  const common = `team_name=${JSON.stringify(where.teamName)}, team_root=${JSON.stringify(where.teamRoot)}`;
  return [
    "Use the team board through the agentpool MCP server's `teams` toolset; every call takes " + `${common}:`,
    ...ops.map((op) => {
      const args = Object.entries(op.args).map(([key, value]) => `${key}=${typeof value === 'boolean' ? String(value) : value}`);
      return `- ${op.purpose}: ${op.tool}(${args.join(', ')})`;
    }),
  ];
}
