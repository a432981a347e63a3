import { type UsageSnapshot, usableVerdict } from '@agentpool/usage';

/**
 * Where an account stands for a headroom pick: room left in its binding window (known), unknown
 * (no snapshot, a failed probe, or a snapshot from before a window reset), or none (exhausted, or at
 * or below the buffer). Unknown is never read as full; none is never picked.
 */
export type Headroom =
  | { readonly kind: 'known'; readonly remainingPercent: number; readonly window: string | null }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'none'; readonly reason: string; readonly nextAvailableAt: string | null };

/** The headroom of one cached snapshot against `minRemainingPercent`, at `now`. */
export function headroomOf(snapshot: UsageSnapshot | null, minRemainingPercent: number, now: Date): Headroom {
  if (snapshot === null) return { kind: 'unknown', reason: 'no usage snapshot cached (run: agentpool pool status)' };
  if (snapshot.status === 'error' || snapshot.status === 'unknown') {
    return { kind: 'unknown', reason: snapshot.reason ?? `usage ${snapshot.status}` };
  }
  // A window whose reset has passed says nothing about now: the snapshot is out of date, not full.
  const passed = snapshot.windows.find((window) => window.resetsAt !== null && Date.parse(window.resetsAt) <= now.getTime());
  if (passed) return { kind: 'unknown', reason: `the cached ${passed.name} window reset at ${passed.resetsAt}; usage not read since` };
  const verdict = usableVerdict(snapshot, minRemainingPercent);
  if (!verdict.usable) {
    return { kind: 'none', reason: verdict.reason ?? 'not usable', nextAvailableAt: verdict.nextAvailableAt };
  }
  if (verdict.bindingWindow === null) return { kind: 'known', remainingPercent: 100, window: null }; // a plan without limits
  return { kind: 'known', remainingPercent: verdict.bindingWindow.remainingPercent, window: verdict.bindingWindow.name };
}

export interface HeadroomCandidate {
  /** The auth file path or account label. */
  readonly key: string;
  readonly headroom: Headroom;
}

/**
 * The pick by headroom: the known candidate with the most left (earlier candidates win ties), else
 * the first unknown one; null when every candidate is known to have none.
 */
export function pickByHeadroom(candidates: readonly HeadroomCandidate[]): HeadroomCandidate | null {
  let best: HeadroomCandidate | null = null;
  for (const candidate of candidates) {
    const { headroom } = candidate;
    if (headroom.kind !== 'known') continue;
    if (best === null || headroom.remainingPercent > (best.headroom as { remainingPercent: number }).remainingPercent) best = candidate;
  }
  return best ?? candidates.find((candidate) => candidate.headroom.kind === 'unknown') ?? null;
}

/** Plain words for one candidate's standing, for errors and listings. */
export function describeHeadroom(headroom: Headroom): string {
  if (headroom.kind === 'known') return `${headroom.remainingPercent} % left${headroom.window ? ` (${headroom.window})` : ''}`;
  if (headroom.kind === 'unknown') return `unknown: ${headroom.reason}`;
  return `no headroom: ${headroom.reason}${headroom.nextAvailableAt ? `, available at ${headroom.nextAvailableAt}` : ''}`;
}
