import type { Spo2Second } from '../spo2-second.js'
import type { Detector } from './detector.js'

/**
 * A centred running median over **valid values only**, within runs of consecutive seconds: no zero
 * padding (windows are truncated at gaps and record edges) and an invalid second stays invalid, so
 * gaps are kept as gaps (spo2-analytics spec §7, the clinical mode's deliberate difference from pobm).
 * Output lags input by `(window - 1) / 2` seconds; memory is `window` entries.
 */
export function validMedian(window: number): Detector<Spo2Second, Spo2Second> {
  const half = Math.max(0, (window - 1) >> 1)
  let buf: Spo2Second[] = []
  let next = 0 // index in buf of the next centre to output
  const scratch: number[] = []

  const outputAt = (p: number, emit: (s: Spo2Second) => void): void => {
    const centre = buf[p]!
    if (centre.spo2 === null || half === 0) return emit(centre)
    scratch.length = 0
    const lo = Math.max(0, p - half)
    const hi = Math.min(buf.length - 1, p + half)
    for (let i = lo; i <= hi; i++) {
      const v = buf[i]!.spo2
      if (v !== null) scratch.push(v)
    }
    scratch.sort((a, b) => a - b)
    const m = scratch.length >> 1
    const med = scratch.length % 2 === 1 ? scratch[m]! : (scratch[m - 1]! + scratch[m]!) / 2
    emit({ timeMs: centre.timeMs, spo2: med })
  }
  const flush = (emit: (s: Spo2Second) => void): void => {
    while (next < buf.length) outputAt(next++, emit)
    buf = []
    next = 0
  }

  return {
    push(sec, emit) {
      const last = buf[buf.length - 1]
      if (last !== undefined && sec.timeMs !== last.timeMs + 1000) flush(emit)
      buf.push(sec)
      while (next < buf.length && buf.length - 1 - next >= half) outputAt(next++, emit)
      // Keep only the left context the next centre needs.
      const drop = next - half
      if (drop > 0) {
        buf.splice(0, drop)
        next -= drop
      }
    },
    finish: flush,
  }
}
