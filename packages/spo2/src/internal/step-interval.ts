import * as t from 'io-ts'

import { MAX_HOLD_FACTOR } from '../sampling-interval.js'
import { Count, NullableFinite } from './snapshot-codecs.js'

/**
 * How many steps in a row must all be longer than the learned interval before the interval moves up
 * to the shortest of them. Fewer, and a dropout of a few samples would teach a 1 Hz stream that it is
 * slow (its gaps would stop counting as gaps); more, and a device that really slowed down waits longer.
 */
const SETTLE_STEPS = 8

/**
 * The state of a {@link stepInterval}, JSON-safe: part of the threshold and sustained-low snapshots,
 * so a restored detector judges gaps exactly as the one it continues.
 *
 * @category snapshots
 */
export const StepIntervalState = /* @__PURE__ */ t.readonly(
  t.type({ intervalMs: NullableFinite, longerSteps: Count, longerMinMs: NullableFinite }),
  'StepIntervalState',
)
/** @category snapshots */
export type StepIntervalState = t.TypeOf<typeof StepIntervalState>

/** @internal */
export interface StepInterval {
  /**
   * Whether a step (ms, > 0) is a gap: longer than `floorMs` **and** than `MAX_HOLD_FACTOR` × the
   * stream's own interval learned so far. The step is learned after it is judged.
   */
  isGap(stepMs: number): boolean
  snapshot(): StepIntervalState
}

/**
 * @internal A live stream's sampling interval, learned from its own steps, so that a "gap" is a step
 * the device did not take at its own pace. A fixed limit alone (5 s) made every step of a device that
 * sends every 6 s or slower a gap, so its runs never lasted and it never alerted (hazard H-SP-15):
 * the class of the 4 s recording that read "ODI 0.0/h".
 *
 * The interval is the shortest recent step: a faster pace is taken at once; a slower one after
 * {@link SETTLE_STEPS} steps in a row were all longer. Until a step has been seen only `floorMs`
 * applies (the first step of a stream is judged strictly: no run is claimed over time not yet known
 * to be the device's pace). 1.5 × is the batch analytics' hold rule (`MAX_HOLD_FACTOR`), so a live
 * stream and a recording of it agree on what a gap is.
 */
export function stepInterval(floorMs: number, from?: StepIntervalState): StepInterval {
  let intervalMs = from?.intervalMs ?? null
  let longerSteps = from?.longerSteps ?? 0
  let longerMinMs = from?.longerMinMs ?? null
  return {
    isGap(stepMs) {
      const gap = stepMs > floorMs && (intervalMs === null || stepMs > MAX_HOLD_FACTOR * intervalMs)
      if (intervalMs === null || stepMs <= intervalMs) {
        intervalMs = stepMs
        longerSteps = 0
        longerMinMs = null
      } else {
        longerMinMs = longerMinMs === null ? stepMs : Math.min(longerMinMs, stepMs)
        if (++longerSteps >= SETTLE_STEPS) {
          intervalMs = longerMinMs
          longerSteps = 0
          longerMinMs = null
        }
      }
      return gap
    },
    snapshot: () => ({ intervalMs, longerSteps, longerMinMs }),
  }
}
