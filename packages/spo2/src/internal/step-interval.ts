import * as t from 'io-ts'

import { MAX_HOLD_FACTOR } from '../sampling-interval.js'
import { Count, NullableFinite, toNullable } from './snapshot-codecs.js'

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
  return new Steps(floorMs, from)
}

/**
 * A class, not closures, and "none yet" held as NaN (a step is never NaN): one object per stream whose
 * fields stay numbers, so a patient's push reaches one small object and allocates nothing.
 */
class Steps implements StepInterval {
  private intervalMs: number
  private longerSteps: number
  private longerMinMs: number

  constructor(
    private readonly floorMs: number,
    from: StepIntervalState | undefined,
  ) {
    this.intervalMs = from?.intervalMs ?? Number.NaN
    this.longerSteps = from?.longerSteps ?? 0
    this.longerMinMs = from?.longerMinMs ?? Number.NaN
  }

  isGap(stepMs: number): boolean {
    const known = !Number.isNaN(this.intervalMs)
    const gap = stepMs > this.floorMs && (!known || stepMs > MAX_HOLD_FACTOR * this.intervalMs)
    if (!known || stepMs <= this.intervalMs) {
      this.intervalMs = stepMs
      this.longerSteps = 0
      this.longerMinMs = Number.NaN
    } else {
      this.longerMinMs = Number.isNaN(this.longerMinMs) ? stepMs : Math.min(this.longerMinMs, stepMs)
      if (++this.longerSteps >= SETTLE_STEPS) {
        this.intervalMs = this.longerMinMs
        this.longerSteps = 0
        this.longerMinMs = Number.NaN
      }
    }
    return gap
  }

  snapshot(): StepIntervalState {
    return {
      intervalMs: toNullable(this.intervalMs),
      longerSteps: this.longerSteps,
      longerMinMs: toNullable(this.longerMinMs),
    }
  }
}
