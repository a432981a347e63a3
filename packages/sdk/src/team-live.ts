import type { ProviderRegistry } from '@agentpool/core';
import type { SessionManager } from '@agentpool/sessions';
import { createLiveBoard, type TeamAddress, type TeamBoard } from '@agentpool/teams';
import type { PoolSpawnRequest, PoolSpawnResult } from './account-spawn.js';
import { type DeliveryPass, deliverTeam, runDeliveryLoop } from './team-delivery.js';
import { type SpawnMemberRequest, type SpawnMemberResult, spawnMember } from './team-member-spawn.js';

/** A member as `agentpool team members` shows it: its worker and that worker's live state. */
export interface MemberView {
  readonly member: string;
  readonly role: string | null;
  readonly provider: string | null;
  readonly model: string | null;
  /** The pool account its worker runs on (null: the provider's default home, or no worker). */
  readonly account: string | null;
  readonly session_id: string | null;
  /** The worker's state now (one look at its pane), or null without a worker. */
  readonly state: string | null;
  readonly live: boolean;
  readonly turn: number | null;
  readonly delegate: boolean;
  readonly spawned_at: string | null;
  /** Messages waiting to be typed into its pane (`msg-N`). */
  readonly waiting: string[];
  readonly delivered_count: number;
}

/** Live members of teams: workers spawned for members, messages delivered into their panes between turns, idle notices. */
export interface LiveTeams {
  spawnMember(request: SpawnMemberRequest): Promise<SpawnMemberResult>;
  members(
    address: TeamAddress,
  ): Promise<{ team_name: string; team_root: string; members: MemberView[]; warnings: string[]; message: string }>;
  /** One delivery pass (see deliverTeam). */
  deliver(address: TeamAddress, options?: { members?: readonly string[]; idle?: boolean }): Promise<DeliveryPass>;
  /** Delivery passes every `intervalMs` until `signal` aborts. */
  run(
    address: TeamAddress,
    options: { intervalMs: number; signal: AbortSignal; onPass?: (pass: DeliveryPass) => void; onError?: (error: unknown) => void },
  ): Promise<void>;
}

export function createLiveTeams(deps: {
  readonly board: TeamBoard;
  readonly sessions: () => Promise<SessionManager>;
  /** The pool's spawn (`AgentPool.spawn`): members start as `agentpool spawn` starts workers. */
  readonly spawn: (request: PoolSpawnRequest) => Promise<PoolSpawnResult>;
  readonly providers: () => Promise<ProviderRegistry>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
}): LiveTeams {
  const live = createLiveBoard(deps.board);
  const delivery = { board: deps.board, live, sessions: deps.sessions };
  return {
    spawnMember: (request) => spawnMember({ ...deps, live }, request),
    async members(address) {
      const listed = await live.members(address);
      const sessions = await deps.sessions();
      const members: MemberView[] = [];
      for (const { row, pending, delivered } of listed.members) {
        const evaluated = row.sessionId ? await sessions.show(row.sessionId).catch(() => null) : null;
        members.push({
          member: row.member,
          role: row.role,
          provider: row.provider,
          model: row.model,
          account: evaluated?.session.accountId ?? null,
          session_id: row.sessionId,
          state: evaluated?.evaluation.state ?? null,
          live: evaluated !== null && evaluated.session.endedAt === null,
          turn: evaluated?.session.turnCount ?? null,
          delegate: row.delegate,
          spawned_at: row.spawnedAt,
          waiting: pending.map((message) => `msg-${message.seq}`),
          delivered_count: delivered,
        });
      }
      const lines = members.map(
        (m) =>
          `${m.member}  ${m.role ?? '-'}  ${m.provider ?? '-'}${m.account ? ` (${m.account})` : ''}  ${m.session_id ?? '-'}  ${m.state ?? 'no worker'}${m.delegate ? '  delegate' : ''}  waiting=${m.waiting.length}`,
      );
      return { team_name: listed.team_name, team_root: listed.team_root, members, warnings: listed.warnings, message: lines.join('\n') };
    },
    deliver: (address, options) => deliverTeam(delivery, address, options),
    run: (address, options) => runDeliveryLoop(delivery, address, options),
  };
}
