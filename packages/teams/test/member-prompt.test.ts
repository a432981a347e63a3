import { describe, expect, it } from 'vitest';
import { boardInstructions } from '../src/board-instructions.js';
import { buildMemberPrompt, type MemberPromptInput } from '../src/member-prompt.js';
import { ROLE_TEMPLATES } from '../src/role-templates.js';
import { inferRole, resolveRole, TEAM_ROLES } from '../src/team-roles.js';

const base: MemberPromptInput = {
  teamName: 'alpha',
  teamRoot: '/work/my repo/.codex/teams',
  goal: 'Ship the cache layer',
  member: 'implementer-a',
  role: 'implementer',
  members: ['lead', 'implementer-a', 'reviewer'],
  board: { via: 'cli', command: 'agentpool' },
  delegate: false,
};

describe('member prompts', () => {
  it('carry the role template, the goal, the members and the exact board commands with --team-root', () => {
    const prompt = buildMemberPrompt(base);
    expect(prompt).toContain("You are implementer-a, the implementer of the agentpool team 'alpha'.");
    expect(prompt).toContain('Team goal: Ship the cache layer');
    expect(prompt).toContain('Other members: lead, reviewer (the lead is lead).');
    expect(prompt).toContain(`Your role: ${ROLE_TEMPLATES.implementer.summary}`);
    for (const duty of ROLE_TEMPLATES.implementer.duties) expect(prompt).toContain(duty);
    // A root with a space is quoted as the shell needs; the command runs as written.
    expect(prompt).toContain(
      "- Take your next claimable task: agentpool team next --team-name alpha --team-root '/work/my repo/.codex/teams' --member implementer-a --claim",
    );
    expect(prompt).toContain(
      "- Complete a task: agentpool team update-task --team-name alpha --team-root '/work/my repo/.codex/teams' --task-id <task-N> --status completed --owner implementer-a --note <what you did>",
    );
    expect(prompt).toContain('[agentpool team alpha] message');
    // Lead-only commands are for the lead.
    expect(prompt).not.toContain('team add-task');
    expect(prompt).not.toContain('Delegate mode');
  });

  it('each role has its own template; the lead gets the planning commands, and delegate mode says it does not edit', () => {
    const prompts = TEAM_ROLES.map((role) => buildMemberPrompt({ ...base, member: role === 'lead' ? 'lead' : base.member, role }));
    expect(new Set(prompts).size).toBe(TEAM_ROLES.length);
    const lead = buildMemberPrompt({ ...base, member: 'lead', role: 'lead', delegate: true });
    expect(lead).toContain('agentpool team add-task --team-name alpha');
    expect(lead).toContain('agentpool team orchestrate-debate --team-name alpha');
    expect(lead).toContain('Delegate mode: you coordinate only.');
    expect(lead).toContain('You are told when a member ends a turn and waits.');
  });

  it('a custom board command (another binary, another home) prefixes every command', () => {
    const lines = boardInstructions(
      { teamName: 't', teamRoot: '/r', member: 'tester', role: 'tester' },
      { via: 'cli', command: 'node /opt/agentpool/bin.js' },
    );
    expect(lines.slice(1).every((line) => line.includes(': node /opt/agentpool/bin.js team '))).toBe(true);
  });

  it('with the MCP toolset, the prompt names the tools and their team arguments instead of commands', () => {
    const prompt = buildMemberPrompt({ ...base, board: { via: 'mcp' } });
    expect(prompt).toContain('team_name="alpha", team_root="/work/my repo/.codex/teams"');
    expect(prompt).toContain('- Take your next claimable task: team_next(member=implementer-a, claim=true)');
    expect(prompt).not.toMatch(/agentpool team (next|claim|update-task|message)/);
  });

  it('roles come from --role or the member id; an id without one needs --role', () => {
    expect(inferRole('implementer-a')).toBe('implementer');
    expect(inferRole('reviewer2')).toBe('reviewer');
    expect(inferRole('lead')).toBe('lead');
    expect(inferRole('alice')).toBeNull();
    expect(resolveRole('alice', 'tester')).toBe('tester');
    expect(() => resolveRole('alice', undefined)).toThrow(/names no role; pass --role/);
    expect(() => resolveRole('alice', 'boss')).toThrow(/--role must be one of: lead, implementer, reviewer, tester, challenger/);
  });
});
