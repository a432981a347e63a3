import { suggestClosest } from './did-you-mean.js';
import { invalidRequest } from './team-errors.js';

const didYouMean = (value: string, candidates: readonly string[]): string => {
  const suggestion = suggestClosest(value, candidates);
  return suggestion ? ` Did you mean '${suggestion}'?` : '';
};

/** `field 'x' is not a registered member …` with the members and a suggestion, as team_ops says it. */
export function ensureMember(teamName: string, members: readonly string[], member: string, field: string): void {
  if (members.includes(member)) return;
  const suggestion = suggestClosest(member, members);
  throw invalidRequest(
    `${field} '${member}' is not a registered member of team '${teamName}'. Registered members: ${members.join(', ')}.${didYouMean(member, members)}`,
    `${field} ${suggestion ?? members[0] ?? 'lead'}`,
    { field, value: member, members, ...(suggestion ? { suggestion } : {}) },
  );
}

/** Every name in `names` must be a member; the unknown ones are listed, each with its suggestion. */
export function ensureMemberList(teamName: string, members: readonly string[], names: readonly string[], field: string): void {
  const unknown = [...new Set(names.filter((name) => !members.includes(name)))].sort();
  if (unknown.length === 0) return;
  const described = unknown.map((name) => {
    const suggestion = suggestClosest(name, members);
    return suggestion ? `${name} (did you mean ${suggestion}?)` : name;
  });
  throw invalidRequest(
    `${field} includes non-team member(s) for team '${teamName}': ${described.join(', ')}. Registered members: ${members.join(', ')}.`,
    `${field} ${members.slice(0, 2).join(',')}`,
    { field, unknown, members },
  );
}

/**
 * The decider of a new debate: the one asked for when it is a member of the team and the debate;
 * the default `lead` falls back to the first debate member (with a warning) when the team has no lead.
 */
export function resolveDecider(
  teamName: string,
  members: readonly string[],
  requested: string,
  debateMembers: readonly string[],
  field: string,
  warn: (message: string) => void,
): string {
  if (members.includes(requested) && debateMembers.includes(requested)) return requested;
  const fallback = debateMembers[0];
  if (requested === 'lead' && !members.includes('lead') && fallback !== undefined && members.includes(fallback)) {
    warn(
      `${field} defaulted to 'lead', but team '${teamName}' has no lead. Using '${fallback}' from debate members. Set ${field} explicitly to silence this warning.`,
    );
    return fallback;
  }
  ensureMember(teamName, members, requested, field);
  throw invalidRequest(
    `${field} '${requested}' must be one of debate members: ${debateMembers.join(', ')}`,
    `${field} ${fallback ?? 'lead'}`,
    {
      field,
      value: requested,
      debate_members: debateMembers,
    },
  );
}

/** The sender of notifications and broadcasts: `--notify-from`, or the decider when the default `lead` is not a member. */
export function resolveNotifySender(
  teamName: string,
  members: readonly string[],
  requested: string,
  fallback: string,
  reason: string,
): string {
  if (members.includes(requested)) return requested;
  if (requested === 'lead' && members.includes(fallback)) return fallback;
  const fallbackHint = members.includes(fallback) ? ` Use --notify-from '${fallback}' to proceed.` : '';
  throw invalidRequest(
    `--notify-from '${requested}' is not a registered member of team '${teamName}' for ${reason}. Registered members: ${members.join(', ')}.${didYouMean(requested, members)}${fallbackHint}`,
    `--notify-from ${members.includes(fallback) ? fallback : (members[0] ?? 'lead')}`,
    { field: '--notify-from', value: requested, members },
  );
}
