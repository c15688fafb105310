import { invalidField, type OximetrySample, OpenwardError } from '@openward/core'
import { asyncScheduler, Observable, type SchedulerLike, throwError } from 'rxjs'

import { playTimeline } from '../internal/play-timeline.js'

/** Options of {@link replaySamples} and `replay`. @category replay */
export interface ReplayOptions {
  /** Where time comes from; a `VirtualTimeScheduler` or `TestScheduler` replays without waiting. */
  readonly scheduler?: SchedulerLike
  /**
   * Playback speed: 1 = real time, 10 = ten times faster, `Infinity` = no waiting at all
   * (every item due at once, still delivered through the scheduler). Must be > 0.
   */
  readonly speed?: number
}

/** Checks the speed option; a left-over `null` means valid. @internal */
export function speedError(speed: number): OpenwardError | null {
  return speed > 0 ? null : new OpenwardError(invalidField('speed', `must be > 0, got ${speed}`, { value: speed }))
}

/**
 * Re-emits recorded samples at their recorded time offsets, measured from the first sample:
 * a sample recorded `d` ms after the first one is emitted `d / speed` ms after subscription,
 * on `scheduler`. Samples keep their own `timeMs` and `clock`; only the emission is timed.
 *
 * Samples due at the same moment are emitted together in one scheduled action, and the next action
 * is scheduled only after the previous ran, so a long recording costs one pending action at a time.
 * Samples out of time order are emitted as soon as their turn comes (order is kept, never re-sorted).
 *
 * @example
 * // An 18-minute recording, replayed instantly in virtual time:
 * const scheduler = new VirtualTimeScheduler()
 * replaySamples(samples, { scheduler }).subscribe(console.log)
 * scheduler.flush()
 * @category replay
 */
export function replaySamples(
  samples: readonly OximetrySample[],
  options: ReplayOptions = {},
): Observable<OximetrySample> {
  const scheduler = options.scheduler ?? asyncScheduler
  const speed = options.speed ?? 1
  const invalid = speedError(speed)
  if (invalid !== null) return throwError(() => invalid)
  return new Observable<OximetrySample>((subscriber) => {
    let next = 0
    return playTimeline(
      subscriber,
      { peek: () => samples[next], shift: () => void next++ },
      {
        timeOf: (s) => s.timeMs,
        emit: (s) => subscriber.next(s),
        done: () => subscriber.complete(),
        scheduler,
        speed,
      },
    )
  })
}
