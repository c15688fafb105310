/**
 * Which items of a reordered list can stay where they are: the indices (in the new order) of a
 * longest increasing subsequence of their old positions. Moving every other item alone gives the new
 * order with the fewest DOM moves, whichever way the items moved (a card going down the list moves
 * one card, not every card it passes). Patience sorting, O(n log n).
 */
export function keepInPlace(oldPositions: readonly number[]): Set<number> {
  const tails: number[] = [] // tails[k]: index (into oldPositions) ending the best run of length k + 1
  const prev = new Array<number>(oldPositions.length).fill(-1)
  for (let i = 0; i < oldPositions.length; i++) {
    const v = oldPositions[i]!
    if (v < 0) continue // new item: not in the old order, always placed
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (oldPositions[tails[mid]!]! < v) lo = mid + 1
      else hi = mid
    }
    if (lo > 0) prev[i] = tails[lo - 1]!
    tails[lo] = i
  }
  const keep = new Set<number>()
  for (let i = tails.length === 0 ? -1 : tails[tails.length - 1]!; i >= 0; i = prev[i]!) keep.add(i)
  return keep
}
