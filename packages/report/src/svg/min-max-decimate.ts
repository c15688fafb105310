/** A point of a trace: time in ms and a value, or `null` for "no value" (which breaks the line). */
export interface TracePoint {
  readonly timeMs: number
  readonly value: number | null
}

/**
 * Reduces a trace to at most ~2 points per bucket, keeping each bucket's minimum and maximum in time
 * order. Plain averaging or every-nth sampling would hide a brief desaturation; min/max keeps every
 * nadir and peak visible at any zoom. A bucket that holds any `null` keeps a break in the line.
 */
export function minMaxDecimate(points: readonly TracePoint[], buckets: number): TracePoint[] {
  if (points.length <= buckets * 2) return [...points]
  const first = points[0]
  const last = points[points.length - 1]
  if (first === undefined || last === undefined) return []
  const span = Math.max(1, last.timeMs - first.timeMs)
  const out: TracePoint[] = []
  let bucket = -1
  let lo: TracePoint | undefined
  let hi: TracePoint | undefined
  let gap = false
  const flush = () => {
    if (lo !== undefined && hi !== undefined) out.push(...(lo.timeMs <= hi.timeMs ? [lo, hi] : [hi, lo]))
    if (gap) out.push({ timeMs: (hi ?? lo ?? first).timeMs, value: null })
    lo = hi = undefined
    gap = false
  }
  for (const p of points) {
    const b = Math.min(buckets - 1, Math.floor(((p.timeMs - first.timeMs) / span) * buckets))
    if (b !== bucket) {
      flush()
      bucket = b
    }
    if (p.value === null) {
      gap = true
      continue
    }
    if (lo === undefined || lo.value === null || p.value < lo.value) lo = p
    if (hi === undefined || hi.value === null || p.value > hi.value) hi = p
  }
  flush()
  return out
}
