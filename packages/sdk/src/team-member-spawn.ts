import { AgentPoolError, type Isolation, type ProviderRegistry, resolveHome, type WorkerRole } from '@agentpool/core';
import type { SessionManager } from '@agentpool/sessions';
import {
  BOARD_ACCESS_MODES,
  type BoardAccess,
  buildMemberPrompt,
  type LiveBoard,
  resolveRole,
  shellQuote,
  type TeamAddress,
  type TeamRole,
} from '@agentpool/teams';
import type { PoolSpawnRequest, PoolSpawnResult } from './account-spawn.js';

export interface SpawnMemberRequest {
  readonly team: TeamAddress;
  /** A registered member of the team. */
  readonly member: string;
  /** The provider; may be left out with `account` (the account's provider). */
  readonly provider?: string | undefined;
  /** Run the member on this pool account (its label), in a private copy of its home. */
  readonly account?: string | undefined;
  /** Run the member on an account picked from this pool (a pool name or a provider id). */
  readonly pool?: string | undefined;
  /** Spawn even when the cached usage of the provider (or account) is at or below the buffer. */
  readonly allowLowUsage?: boolean | undefined;
  /** lead | implementer | reviewer | tester | challenger (default: what the member id names). */
  readonly role?: string | undefined;
  readonly model?: string | undefined;
  /** The folder the worker works in (default: the current folder). */
  readonly repo?: string | undefined;
  /** Worker isolation (read_only | shared | worktree); delegate mode takes read_only. */
  readonly isolation?: Isolation | undefined;
  /** Delegate mode (the lead only): its worker gets no edit tools where its CLI allows. */
  readonly delegate?: boolean | undefined;
  /** How the member reaches the board: `cli` (default) or `mcp`. */
  readonly board?: 'cli' | 'mcp' | undefined;
  /** With `board: cli`, how the member runs agentpool (default `agentpool`, with AGENTPOOL_HOME set when this pool's home is not the one it would find). */
  readonly boardCommand?: string | undefined;
  readonly acceptStartupTrust?: boolean | undefined;
}

export interface SpawnMemberResult {
  readonly member: string;
  readonly role: TeamRole;
  readonly provider: string;
  /** The pool account the member runs on (null: the provider's default home). */
  readonly account: string | null;
  readonly session_id: string;
  readonly delegate: boolean;
  readonly isolation: string;
  readonly board: BoardAccess;
  readonly attach_command: readonly string[];
  readonly warnings: string[];
  readonly message: string;
}

/** The worker role sessions know for each team role (lead and challenger have no edit-or-not rule of their own). */
const WORKER_ROLE: Readonly<Record<TeamRole, WorkerRole>> = {
  lead: 'custom',
  implementer: 'implementer',
  reviewer: 'reviewer',
  tester: 'tester',
  challenger: 'custom',
};

/** What each CLI's read-only mode does to the lead in delegate mode. */
function delegateNote(provider: string, enforcement: string | undefined): string {
  if (enforcement !== 'provider_flag') {
    return `Delegate mode: ${provider} cannot be started without edit tools; the lead is only asked not to edit.`;
  }
  return `Delegate mode: ${provider} runs in its read-only mode (no edit tools). That mode may refuse or ask approval for commands that write, and \`agentpool team …\` writes the team's store: give the lead the MCP teams toolset (--board mcp) if its board commands are refused.`;
}

/**
 * Starts a live member: a worker whose initial prompt carries its role, the team's goal and the
 * board's commands, spawned as `agentpool spawn` does (the provider checks, the usage gate, and a
 * pool account when `account` or `pool` is given); records the session on the member.
 */
export async function spawnMember(
  deps: {
    readonly live: LiveBoard;
    readonly sessions: () => Promise<SessionManager>;
    /** The pool's spawn (`AgentPool.spawn`). */
    readonly spawn: (request: PoolSpawnRequest) => Promise<PoolSpawnResult>;
    readonly providers: () => Promise<ProviderRegistry>;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly home: string;
  },
  request: SpawnMemberRequest,
): Promise<SpawnMemberResult> {
  const role = resolveRole(request.member, request.role);
  const delegate = request.delegate === true;
  if (delegate && role !== 'lead') {
    throw new AgentPoolError('INVALID_REQUEST', `Delegate mode is the lead's: ${request.member} is spawned as ${role}.`, {
      details: { member: request.member, role },
      hint: `agentpool team spawn-member --member lead --role lead --delegate --provider ${request.provider ?? '<id>'}`,
    });
  }
  if (delegate && request.isolation !== undefined && request.isolation !== 'read_only') {
    throw new AgentPoolError('INVALID_REQUEST', `Delegate mode runs the lead read-only; --isolation ${request.isolation} contradicts it.`, {
      details: { isolation: request.isolation },
      hint: 'Drop --isolation, or drop --delegate.',
    });
  }
  const via = request.board ?? 'cli';
  if (!(BOARD_ACCESS_MODES as readonly string[]).includes(via)) {
    throw new AgentPoolError('INVALID_REQUEST', `--board must be one of: ${BOARD_ACCESS_MODES.join(', ')}.`, { hint: '--board cli' });
  }
  if (via === 'mcp' && request.boardCommand !== undefined) {
    throw new AgentPoolError('INVALID_REQUEST', '--board-command is for --board cli; with --board mcp the member uses MCP tools.', {
      hint: 'Drop --board-command, or use --board cli.',
    });
  }
  const provider = request.provider?.trim() || undefined;
  if (!provider && request.account === undefined && request.pool === undefined) {
    throw new AgentPoolError('INVALID_REQUEST', 'spawn-member needs --provider (or --account / --pool, whose provider it takes).', {
      hint: `agentpool team spawn-member --member ${request.member} --provider codex-cli`,
    });
  }
  const registry = await deps.providers();
  if (provider) registry.require(provider);
  const { team, snapshot } = await deps.live.member(request.team, request.member);
  const sessions = await deps.sessions();
  if (snapshot.row.sessionId) {
    const current = await sessions.show(snapshot.row.sessionId).catch(() => null);
    if (current && !current.session.endedAt) {
      throw new AgentPoolError('MEMBER_LIVE', `${request.member} already runs as ${current.session.id} (${current.evaluation.state}).`, {
        details: { member: request.member, session_id: current.session.id, state: current.evaluation.state },
        hint: `agentpool terminate ${current.session.id}`,
      });
    }
  }
  const homeCommand = resolveHome(deps.env) === deps.home ? 'agentpool' : `AGENTPOOL_HOME=${shellQuote(deps.home)} agentpool`;
  const board: BoardAccess = via === 'mcp' ? { via: 'mcp' } : { via: 'cli', command: request.boardCommand ?? homeCommand };
  const prompt = buildMemberPrompt({
    teamName: team.name,
    teamRoot: team.root,
    goal: team.goal,
    member: request.member,
    role,
    members: team.members,
    board,
    delegate,
  });
  const isolation = delegate ? 'read_only' : request.isolation;
  const spawned = await deps.spawn({
    provider: provider ?? '',
    ...(request.account !== undefined ? { account: request.account } : {}),
    ...(request.pool !== undefined ? { pool: request.pool } : {}),
    ...(request.allowLowUsage ? { allowLowUsage: true } : {}),
    task: prompt,
    repo: request.repo ?? process.cwd(),
    role: WORKER_ROLE[role],
    ...(isolation ? { isolation } : {}),
    ...(request.model ? { model: request.model } : {}),
    ...(request.acceptStartupTrust ? { acceptStartupTrust: true } : {}),
  });
  const session = spawned.session;
  const adapter = registry.require(session.provider);
  await deps.live.recordSession(
    { ...request.team, location: { root: team.root, explicit: true, ancestorRoots: [team.root] }, teamName: team.name },
    request.member,
    { role, provider: adapter.id, model: session.model, sessionId: session.id, delegate },
  );
  const warnings = [...spawned.warnings];
  if (delegate) warnings.push(delegateNote(adapter.id, adapter.capabilities.readOnly));
  else if (session.isolation === 'read_only' && adapter.capabilities.readOnly === 'provider_flag' && board.via === 'cli') {
    warnings.push(
      `${request.member} runs read-only (policy.default_isolation or --isolation): ${adapter.id}'s read-only mode may refuse \`agentpool team …\`, which writes the team's store. Use --isolation shared or worktree, or --board mcp.`,
    );
  }
  return {
    member: request.member,
    role,
    provider: adapter.id,
    account: spawned.account?.label ?? null,
    session_id: session.id,
    delegate,
    isolation: session.isolation,
    board,
    attach_command: spawned.attachCommand,
    warnings,
    message: `${request.member} (${role}${delegate ? ', delegate mode' : ''}) runs as ${session.id} on ${adapter.id}${spawned.account ? ` (account ${spawned.account.label})` : ''}`,
  };
}
