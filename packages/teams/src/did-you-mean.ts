/**
 * The closest candidate by Python difflib's similarity ratio (Ratcliff/Obershelp: twice the matched
 * characters over the total), or null below 0.6: what team_ops' "Did you mean" offers, so the same
 * typo gets the same suggestion.
 */
export function suggestClosest(value: string, candidates: readonly string[], cutoff = 0.6): string | null {
  if (!value || candidates.length === 0) return null;
  let best: { score: number; candidate: string } | null = null;
  for (const candidate of candidates) {
    const score = similarity(candidate, value);
    if (score < cutoff) continue;
    // difflib keeps the largest (score, candidate) pair: on equal scores the greater string wins.
    if (best === null || score > best.score || (score === best.score && candidate > best.candidate)) best = { score, candidate };
  }
  return best?.candidate ?? null;
}

/** difflib.SequenceMatcher(None, a, b).ratio() for short strings (no junk heuristics apply below 200 characters). */
export function similarity(a: string, b: string): number {
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * matchedCharacters(a, b, 0, a.length, 0, b.length)) / total;
}

function matchedCharacters(a: string, b: string, aLow: number, aHigh: number, bLow: number, bHigh: number): number {
  const [i, j, size] = longestMatch(a, b, aLow, aHigh, bLow, bHigh);
  if (size === 0) return 0;
  return size + matchedCharacters(a, b, aLow, i, bLow, j) + matchedCharacters(a, b, i + size, aHigh, j + size, bHigh);
}

/** The longest common block, the earliest in `a` (then in `b`) among equals, as difflib finds it. */
function longestMatch(a: string, b: string, aLow: number, aHigh: number, bLow: number, bHigh: number): [number, number, number] {
  let bestI = aLow;
  let bestJ = bLow;
  let bestSize = 0;
  let previous = new Map<number, number>();
  for (let i = aLow; i < aHigh; i += 1) {
    const current = new Map<number, number>();
    for (let j = bLow; j < bHigh; j += 1) {
      if (a[i] !== b[j]) continue;
      const size = (previous.get(j - 1) ?? 0) + 1;
      current.set(j, size);
      if (size > bestSize) {
        bestI = i - size + 1;
        bestJ = j - size + 1;
        bestSize = size;
      }
    }
    previous = current;
  }
  return [bestI, bestJ, bestSize];
}
