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

export interface SpawnMemberRequest {
  readonly team: TeamAddress;
  /** A registered member of the team. */
  readonly member: string;
  readonly provider: string;
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
 * Starts a live member: a worker (through sessions' spawn) whose initial prompt carries its role,
 * the team's goal and the board's commands; records the session on the member.
 */
export async function spawnMember(
  deps: {
    readonly live: LiveBoard;
    readonly sessions: () => Promise<SessionManager>;
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
      hint: `agentpool team spawn-member --member lead --role lead --delegate --provider ${request.provider}`,
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
  const adapter = (await deps.providers()).require(request.provider);
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
  const spawned = await sessions.spawn({
    provider: adapter.id,
    task: prompt,
    repo: request.repo ?? process.cwd(),
    role: WORKER_ROLE[role],
    ...(isolation ? { isolation } : {}),
    ...(request.model ? { model: request.model } : {}),
    ...(request.acceptStartupTrust ? { acceptStartupTrust: true } : {}),
  });
  const session = spawned.session;
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
    session_id: session.id,
    delegate,
    isolation: session.isolation,
    board,
    attach_command: spawned.attachCommand,
    warnings,
    message: `${request.member} (${role}${delegate ? ', delegate mode' : ''}) runs as ${session.id} on ${adapter.id}`,
  };
}
