import { invalidRequest } from './team-errors.js';

/** The roles a live member can be spawned with; each has its own prompt template (role-templates.ts). */
export const TEAM_ROLES = ['lead', 'implementer', 'reviewer', 'tester', 'challenger'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const isTeamRole = (value: string): value is TeamRole => (TEAM_ROLES as readonly string[]).includes(value);

/** The role a member id names by its first word (`implementer-a` → implementer, `lead` → lead), or null. */
export function inferRole(member: string): TeamRole | null {
  const head = member.toLowerCase().split(/[-_.\d]/)[0] ?? '';
  return isTeamRole(head) ? head : null;
}

/** The role asked for, else the one the member id names; refused when neither gives one. */
export function resolveRole(member: string, role: string | undefined): TeamRole {
  if (role !== undefined) {
    if (isTeamRole(role)) return role;
    throw invalidRequest(`--role must be one of: ${TEAM_ROLES.join(', ')}`, `--role ${inferRole(member) ?? 'implementer'}`, {
      role,
      valid: TEAM_ROLES,
    });
  }
  const inferred = inferRole(member);
  if (inferred) return inferred;
  throw invalidRequest(
    `Member '${member}' names no role; pass --role (one of: ${TEAM_ROLES.join(', ')}).`,
    `agentpool team spawn-member --member ${member} --role implementer --provider <id>`,
    { member, valid: TEAM_ROLES },
  );
}
