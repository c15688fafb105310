import { hasUnusableFlag, type OximetrySample } from '@openward/core'
import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike } from 'rxjs'

import { checkStalenessOptions, optionsOrThrow } from './detector-options.js'
import { staleTimer } from './internal/stale-timer.js'
import { isPlausibleSpo2 } from './spo2-value.js'

/** The last valid SpO2 is no longer current. @category quality */
export interface Stale {
  readonly type: 'stale'
  /** Scheduler time at which staleness was detected. */
  readonly atMs: number
  /** Sample time of the last valid sample; `null` when none has arrived ("no data"). */
  readonly lastValidMs: number | null
}

/** Valid data arrived again after `stale`. @category quality */
export interface Current {
  readonly type: 'current'
  readonly atMs: number
  readonly sample: OximetrySample
}

/** An event of {@link staleness}. @category quality */
export type StalenessEvent = Stale | Current

/** Options of {@link staleness}. @category quality */
export interface StalenessOptions {
  /** Default 30 000 ms: ISO 80601-2-61 (201.12.4.101) requires showing that a value older than 30 s is not current. */
  readonly staleAfterMs?: number
  readonly scheduler?: SchedulerLike
}

/**
 * Watches a sample stream for staleness by **arrival** time: `stale` when no valid SpO2 (plausible
 * value, no unusable flag) has arrived for `staleAfterMs` (also when nothing arrived at all since
 * subscription), `current` when valid data comes back. For a display's "value not current" indicator;
 * `thresholdAlerts` includes the same watch.
 *
 * @example
 * samples$.pipe(staleness({ staleAfterMs: 30_000 }))
 * @category quality
 */
export function staleness(options: StalenessOptions = {}): OperatorFunction<OximetrySample, StalenessEvent> {
  optionsOrThrow(checkStalenessOptions(options))
  const scheduler = options.scheduler ?? asyncScheduler
  const staleAfterMs = options.staleAfterMs ?? 30_000
  return (source) =>
    new Observable<StalenessEvent>((subscriber) => {
      let lastValidMs: number | null = null
      const timer = staleTimer(scheduler, staleAfterMs, () =>
        subscriber.next({ type: 'stale', atMs: scheduler.now(), lastValidMs }),
      )
      const sub = source.subscribe({
        next: (s) => {
          const unusable = s.flags !== undefined && hasUnusableFlag(s.flags)
          if (unusable || !isPlausibleSpo2(s.spo2)) return
          lastValidMs = s.timeMs
          if (timer.touch()) subscriber.next({ type: 'current', atMs: scheduler.now(), sample: s })
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      })
      return () => {
        timer.subscription.unsubscribe()
        sub.unsubscribe()
      }
    })
}
