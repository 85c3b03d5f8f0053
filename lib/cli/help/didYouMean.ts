/** "did you mean --input?": the closest known name to a mistyped one, when it is close enough. */

/**
 * Edits from one word to another, counting a swap of two neighbours as one edit (optimal string
 * alignment): `--inptu` is one slip from `--input`, not two.
 */
export function editDistance(from: string, to: string): number {
  const rows = from.length + 1;
  const columns = to.length + 1;
  const cost: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const substitution = from[i - 1] === to[j - 1] ? 0 : 1;
      let best = Math.min(cost[i - 1]![j]! + 1, cost[i]![j - 1]! + 1, cost[i - 1]![j - 1]! + substitution);
      if (i > 1 && j > 1 && from[i - 1] === to[j - 2] && from[i - 2] === to[j - 1]) best = Math.min(best, cost[i - 2]![j - 2]! + 1);
      cost[i]![j] = best;
    }
  }
  return cost[from.length]![to.length]!;
}

/**
 * The candidate nearest to `typed`, or undefined when none is near: at most a third of the
 * candidate's length in edits (at least one), so a short word is not "corrected" into an
 * unrelated one. Ties go to the earlier candidate.
 */
export function closestMatch(typed: string, candidates: Iterable<string>): string | undefined {
  let best: { readonly candidate: string; readonly distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(typed.toLowerCase(), candidate.toLowerCase());
    const allowed = Math.max(1, Math.floor(candidate.length / 3));
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
