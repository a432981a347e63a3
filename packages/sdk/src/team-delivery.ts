import type { SessionManager } from '@agentpool/sessions';
import {
  deliveryText,
  idleNotice,
  type LiveBoard,
  type MemberAction,
  type MemberSnapshot,
  nextAction,
  type TeamAddress,
  type TeamBoard,
} from '@agentpool/teams';

/** What one look at one member did. */
export interface MemberDelivery {
  readonly member: string;
  readonly session_id: string | null;
  readonly state: string | null;
  /** delivered | waiting | idle | idle_kept_working | none | failed */
  readonly outcome: 'delivered' | 'waiting' | 'idle' | 'idle_kept_working' | 'none' | 'failed';
  /** Messages typed into the pane (`msg-N`). */
  readonly delivered: string[];
  /** Messages still waiting for a between-turns moment. */
  readonly waiting: string[];
  readonly reason: string | null;
}

export interface DeliveryPass {
  readonly team_name: string;
  readonly team_root: string;
  readonly members: MemberDelivery[];
  readonly warnings: string[];
  readonly message: string;
}

export interface DeliveryDeps {
  readonly board: TeamBoard;
  readonly live: LiveBoard;
  readonly sessions: () => Promise<SessionManager>;
}

const ids = (snapshot: MemberSnapshot) => snapshot.pending.map((message) => `msg-${message.seq}`);

/**
 * One delivery pass over a team's live members: each member between turns (idle or completed) gets
 * the messages waiting for it typed into its pane as one turn, claimed first in the store so that no
 * other process types them too; a member between turns with nothing waiting is idle: the team's
 * teammate_idle hook runs (exit 2: its stderr becomes the member's next instruction, typed at once)
 * and otherwise the lead is told. The lead is looked at last, so an idle notice reaches it in the
 * same pass. `members` limits the pass; `idle: false` only delivers.
 */
export async function deliverTeam(
  deps: DeliveryDeps,
  address: TeamAddress,
  options: { members?: readonly string[]; idle?: boolean } = {},
): Promise<DeliveryPass> {
  const listed = await deps.live.members(address);
  const team = listed.team;
  const exact: TeamAddress = { ...address, location: { root: team.root, explicit: true, ancestorRoots: [team.root] }, teamName: team.name };
  const lead = team.members.includes('lead') ? 'lead' : null;
  const chosen = listed.members
    .map((snapshot) => snapshot.row.member)
    .filter((member) => !options.members || options.members.includes(member))
    .sort((a, b) => Number(a === lead) - Number(b === lead));
  const sessions = await deps.sessions();
  const warnings: string[] = [...listed.warnings];
  const results: MemberDelivery[] = [];
  for (const member of chosen) {
    results.push(await deliverMember(deps, sessions, exact, member, lead, options.idle !== false, warnings));
  }
  const lines = results.map(
    (r) => `${r.member}: ${r.outcome}${r.delivered.length > 0 ? ` ${r.delivered.join(',')}` : ''}${r.reason ? ` (${r.reason})` : ''}`,
  );
  return { team_name: team.name, team_root: team.root, members: results, warnings, message: lines.join('\n') || 'No members.' };
}

async function deliverMember(
  deps: DeliveryDeps,
  sessions: SessionManager,
  address: TeamAddress,
  member: string,
  lead: string | null,
  handleIdle: boolean,
  warnings: string[],
): Promise<MemberDelivery> {
  let { snapshot } = await deps.live.member(address, member);
  const sessionId = snapshot.row.sessionId;
  const base = { member, session_id: sessionId, delivered: [] as string[] };
  if (!sessionId) return { ...base, state: null, outcome: 'none', waiting: ids(snapshot), reason: 'no worker' };
  let evaluated = await sessions.show(sessionId).catch(() => null);
  if (!evaluated) return { ...base, state: null, outcome: 'none', waiting: ids(snapshot), reason: 'its session is gone' };
  let kept = false;
  // At most two steps: an idle member whose teammate_idle hook answers 2 gets that answer typed at once.
  for (let step = 0; step < 2; step++) {
    const state = evaluated.evaluation.state;
    const action: MemberAction = nextAction({
      state,
      ended: evaluated.session.endedAt !== null,
      turnCount: evaluated.session.turnCount,
      deliveryTurn: snapshot.row.deliveryTurn,
      idleTurn: snapshot.row.idleTurn,
      pending: snapshot.pending,
    });
    if (action.kind === 'wait' || action.kind === 'none') {
      return { ...base, state, outcome: action.kind === 'wait' ? 'waiting' : 'none', waiting: ids(snapshot), reason: action.reason };
    }
    if (action.kind === 'deliver') {
      const seqs = action.messages.map((message) => message.seq);
      const claimed = await deps.live.claimDelivery(address, member, sessionId, evaluated.session.turnCount, seqs);
      if (!claimed) return { ...base, state, outcome: 'waiting', waiting: ids(snapshot), reason: 'another process is delivering' };
      const shown = seqs.map((seq) => `msg-${seq}`);
      try {
        await sessions.send({ sessionId, text: deliveryText(address.teamName, action.messages) });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        await deps.live.finishDelivery(address, member, seqs, { ok: false, error: reason });
        warnings.push(`Delivering ${shown.join(', ')} to ${member} failed: ${reason}`);
        return { ...base, state, outcome: 'failed', waiting: [], reason };
      }
      await deps.live.finishDelivery(address, member, seqs, { ok: true });
      return { ...base, state, outcome: kept ? 'idle_kept_working' : 'delivered', delivered: shown, waiting: [], reason: null };
    }
    // Idle: once per turn, and only when this pass handles idleness.
    if (!handleIdle) return { ...base, state, outcome: 'none', waiting: [], reason: 'idle' };
    if (!(await deps.live.claimIdle(address, member, sessionId, action.turn))) {
      return { ...base, state, outcome: 'none', waiting: [], reason: 'idle; handled by another process' };
    }
    const team = (await deps.live.member(address, member)).team;
    const verdict = await deps.board.runTeamHook(team, 'teammate_idle', {
      teammate_name: member,
      session_id: sessionId,
      turn: action.turn,
      state,
    });
    if (verdict?.kind === 'error') warnings.push(verdict.warning);
    if (verdict?.kind === 'block') {
      await deps.live.post(address, {
        from: 'hook:teammate_idle',
        to: member,
        body: verdict.feedback,
        eventType: 'hook.kept_working',
        metadata: { event: 'teammate_idle', turn: action.turn },
      });
      kept = true;
      snapshot = (await deps.live.member(address, member)).snapshot;
      evaluated = (await sessions.show(sessionId).catch(() => null)) ?? evaluated;
      continue;
    }
    if (lead && lead !== member) {
      await deps.live.post(address, {
        from: member,
        to: lead,
        body: idleNotice(member, action.turn, state),
        eventType: 'member.idle',
        metadata: { turn: action.turn, state, session_id: sessionId },
      });
    }
    return { ...base, state, outcome: 'idle', waiting: [], reason: lead && lead !== member ? `${lead} told` : null };
  }
  return { ...base, state: evaluated.evaluation.state, outcome: 'waiting', waiting: ids(snapshot), reason: 'hook instruction pending' };
}

/**
 * Delivers in passes every `intervalMs` until `signal` aborts: what `agentpool team deliver` runs.
 * A pass that fails (the store busy, tmux gone for a moment) is reported and the loop goes on.
 */
export async function runDeliveryLoop(
  deps: DeliveryDeps,
  address: TeamAddress,
  options: { intervalMs: number; signal: AbortSignal; onPass?: (pass: DeliveryPass) => void; onError?: (error: unknown) => void },
): Promise<void> {
  while (!options.signal.aborted) {
    try {
      options.onPass?.(await deliverTeam(deps, address));
    } catch (error) {
      if (options.onError) options.onError(error);
      else throw error;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.intervalMs);
      options.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}
