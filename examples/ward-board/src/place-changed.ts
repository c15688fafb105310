/**
 * The new order of a sorted list after some of its items changed rank: `order` is sorted by
 * `compare` under the old ranks; `changed` are the items whose rank changed (or that are new, not in
 * `order` yet). The unchanged items keep their relative order (their ranks did not move), so only
 * the changed ones need placing: taken out, sorted among themselves and merged back in. O(n + k log k)
 * for n items of which k changed, against O(n log n) and a comparison of every pair for a full sort;
 * the view moves only the changed items' nodes (one patient changing acuity moves one card).
 */
export function placeChanged<T>(order: readonly T[], changed: ReadonlySet<T>, compare: (a: T, b: T) => number): T[] {
  if (changed.size === 0) return [...order]
  const moved = [...changed].sort(compare)
  const out: T[] = []
  let j = 0
  for (const item of order) {
    if (changed.has(item)) continue
    while (j < moved.length && compare(moved[j]!, item) < 0) out.push(moved[j++]!)
    out.push(item)
  }
  while (j < moved.length) out.push(moved[j++]!)
  return out
}
