import type { MemberRow, MessageRow } from '@agentpool/store';
import { pendingMessages } from './delivery-rules.js';
import { ensureMember } from './member-checks.js';
import type { TeamAddress, TeamBoard } from './team-board.js';
import { teamError } from './team-errors.js';

const now = (): string => new Date().toISOString();

/** Thrown inside a transaction to undo it when a delivery was claimed by another process first. */
class ClaimLost extends Error {}

export interface MemberSnapshot {
  readonly row: MemberRow;
  readonly pending: readonly MessageRow[];
  /** Messages delivered into its pane so far (any of its sessions). */
  readonly delivered: number;
}

/**
 * The store side of live members, on top of the board's transactions: which worker a member runs,
 * which messages wait for it, and the compare-and-set claims that make each delivery and each idle
 * notice happen once however many processes deliver at the same time.
 */
export function createLiveBoard(board: TeamBoard) {
  const snapshotOf = async (
    tx: Parameters<Parameters<TeamBoard['inspect']>[1]>[0],
    team: Parameters<Parameters<TeamBoard['inspect']>[1]>[1],
    row: MemberRow,
  ): Promise<MemberSnapshot> => {
    const deliveries = await tx.listDeliveries(team, { member: row.member });
    const pending = pendingMessages({
      member: row.member,
      received: await tx.listMessages(team, { member: row.member }),
      readCursor: await tx.readCursor(team, row.member),
      delivered: new Set(deliveries.map((delivery) => delivery.seq)),
    });
    return { row, pending, delivered: deliveries.filter((delivery) => delivery.status === 'delivered').length };
  };

  return {
    /** Every member with its worker (if any), the messages waiting for it and how many were delivered. */
    members(address: TeamAddress) {
      return board.inspect(address, async (tx, team) => {
        const members: MemberSnapshot[] = [];
        for (const row of await tx.listMemberRows(team)) members.push(await snapshotOf(tx, team, row));
        return { team, members, message: '' };
      });
    },

    /** One member as `members` gives it. */
    member(address: TeamAddress, member: string) {
      return board.inspect(address, async (tx, team) => {
        ensureMember(team.name, team.members, member, '--member');
        const row = (await tx.listMemberRows(team)).find((candidate) => candidate.member === member) as MemberRow;
        return { team, snapshot: await snapshotOf(tx, team, row), message: '' };
      });
    },

    /** Records the worker a member was spawned with. */
    recordSession(
      address: TeamAddress,
      member: string,
      session: { role: string; provider: string; model: string | null; sessionId: string; delegate: boolean },
    ) {
      return board.transact(address, async (call) => {
        ensureMember(call.team.name, call.team.members, member, '--member');
        const before = (await call.tx.listMemberRows(call.team)).find((row) => row.member === member);
        await call.tx.setMemberSession(call.team, member, { ...session, spawnedAt: now() });
        await call.record({
          eventType: 'member.spawned',
          command: 'spawn-member',
          actor: member,
          entityType: 'member',
          entityId: member,
          before: { session_id: before?.sessionId ?? null },
          after: { session_id: session.sessionId, role: session.role, provider: session.provider, delegate: session.delegate },
        });
        return { message: `${member} runs as ${session.sessionId}` };
      });
    },

    /**
     * Takes the member's between-turns moment `turn` for delivering `seqs` (all or nothing, one
     * transaction): false when that moment or one of those messages was already taken — by this
     * process or another.
     */
    async claimDelivery(address: TeamAddress, member: string, sessionId: string, turn: number, seqs: readonly number[]) {
      try {
        await board.transact(address, async (call) => {
          if (!(await call.tx.takeMoment(call.team, member, sessionId, 'delivery', turn))) throw new ClaimLost();
          const at = now();
          const rows = seqs.map((seq) => ({ seq, member, sessionId, status: 'sending' as const, turn, claimedAt: at }));
          if (!(await call.tx.claimDeliveries(call.team, rows))) throw new ClaimLost();
          return { message: '' };
        });
        return true;
      } catch (error) {
        if (error instanceof ClaimLost) return false;
        throw error;
      }
    },

    /** Records how a claimed delivery ended: typed into the pane, or failed (not retried: each message at most once). */
    finishDelivery(address: TeamAddress, member: string, seqs: readonly number[], outcome: { ok: true } | { ok: false; error: string }) {
      return board.transact(address, async (call) => {
        const at = now();
        await call.tx.finishDeliveries(call.team, member, seqs, {
          status: outcome.ok ? 'delivered' : 'failed',
          at,
          error: outcome.ok ? null : outcome.error,
        });
        await call.record({
          eventType: outcome.ok ? 'message.delivered' : 'message.delivery_failed',
          command: 'deliver',
          actor: member,
          entityType: 'member',
          entityId: member,
          before: null,
          after: null,
          metadata: { message_ids: seqs.map((seq) => `msg-${seq}`), ...(outcome.ok ? {} : { error: outcome.error }) },
        });
        return { message: '' };
      });
    },

    /** Takes the member's idle moment `turn` (once per turn of its session). */
    async claimIdle(address: TeamAddress, member: string, sessionId: string, turn: number) {
      const taken = await board.transact(address, async (call) => ({
        taken: await call.tx.takeMoment(call.team, member, sessionId, 'idle', turn),
        message: '',
      }));
      return taken.taken;
    },

    /** Writes a message from the system (`hook:teammate_idle`) or a member, with its monitor event, in one transaction. */
    post(address: TeamAddress, input: { from: string; to: string; body: string; eventType: string; metadata?: Record<string, unknown> }) {
      return board.transact(address, async (call) => {
        if (!call.team.members.includes(input.to)) {
          throw teamError('INVALID_REQUEST', `'${input.to}' is not a member of team '${call.team.name}'.`);
        }
        const sent = await call.tx.insertMessage(call.team, {
          at: now(),
          type: 'direct',
          from: input.from,
          to: input.to,
          body: input.body,
        });
        await call.record({
          eventType: input.eventType,
          command: 'deliver',
          actor: input.from,
          entityType: 'member',
          entityId: input.to,
          before: null,
          after: null,
          metadata: { ...input.metadata, message_id: `msg-${sent.seq}` },
        });
        return { sent, message: '' };
      });
    },
  };
}

export type LiveBoard = ReturnType<typeof createLiveBoard>;
