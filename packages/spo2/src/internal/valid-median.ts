import type { Spo2Second } from '../spo2-second.js'
import type { Detector } from './detector.js'
import { SortedWindow } from './sorted-window.js'

/**
 * A centred running median over **valid values only**, within runs of consecutive seconds: no zero
 * padding (windows are truncated at gaps and record edges) and an invalid second stays invalid, so
 * gaps are kept as gaps (spo2-analytics spec §7, the clinical mode's deliberate difference from pobm).
 * An even number of valid values gives the mean of the middle two. Output lags input by
 * `(window - 1) / 2` seconds; memory is one ring of `window + 1` entries.
 */
export function validMedian(window: number): Detector<Spo2Second, Spo2Second> {
  const half = Math.max(0, (window - 1) >> 1)
  // One slot more than the window: the entry leaving the window is still readable when it is removed.
  const cap = 2 * half + 2
  const ring: Spo2Second[] = new Array<Spo2Second>(cap)
  const sorted = new SortedWindow(cap)
  let n = 0 // seconds pushed in the current run
  let next = 0 // index (in the run) of the next centre to output
  let winLo = 0 // the sorted window holds the valid values of run indices winLo … winHi
  let winHi = -1
  let lastT = Number.NaN

  const outputAt = (p: number, emit: (s: Spo2Second) => void): void => {
    const lo = p - half > 0 ? p - half : 0
    const hi = p + half < n - 1 ? p + half : n - 1
    if (winHi + 1 === hi && winLo + 1 === lo && ring[hi % cap]!.spo2 === ring[winLo % cap]!.spo2) {
      // One value in, an equal value out (the usual case): the multiset is unchanged.
      winHi = hi
      winLo = lo
    }
    while (winHi < hi) {
      const v = ring[++winHi % cap]!.spo2
      if (v !== null) sorted.insert(v)
    }
    while (winLo < lo) {
      const v = ring[winLo++ % cap]!.spo2
      if (v !== null) sorted.remove(v)
    }
    const centre = ring[p % cap]!
    if (centre.spo2 === null || half === 0) return emit(centre)
    const med = sorted.median()
    emit(med === centre.spo2 ? centre : { timeMs: centre.timeMs, spo2: med })
  }
  const flush = (emit: (s: Spo2Second) => void): void => {
    while (next < n) outputAt(next++, emit)
    n = next = winLo = 0
    winHi = -1
    sorted.clear()
  }

  return {
    push(sec, emit) {
      if (n > 0 && sec.timeMs !== lastT + 1000) flush(emit)
      ring[n % cap] = sec
      n++
      lastT = sec.timeMs
      while (next < n && n - 1 - next >= half) outputAt(next++, emit)
    },
    finish: flush,
  }
}
