import type { OximetrySample } from '@openward/core'
import { type SustainedBelowEvent, sustainedBelow } from '@openward/spo2'
import { type Observable, type SchedulerLike, share, VirtualTimeScheduler } from 'rxjs'

/** What the replay stage produced. */
export interface DetectionRun {
  readonly samples: readonly OximetrySample[]
  readonly events: readonly SustainedBelowEvent[]
  /** How much recording time the replay covered (virtual ms). */
  readonly virtualMs: number
}

/**
 * Plays a stream on a virtual clock (e.g. a device recording through `replay`) and runs the first
 * detector (SpO2 ≤ 92 % sustained for 15 s) on it, exactly as a live device stream would be run.
 * `flush()` drains the virtual clock, so an 18-minute recording takes milliseconds.
 */
export function detectAlerts(play: (scheduler: SchedulerLike) => Observable<OximetrySample>): DetectionRun {
  const scheduler = new VirtualTimeScheduler()
  const samples: OximetrySample[] = []
  const events: SustainedBelowEvent[] = []
  let failure: unknown = null
  const live$ = play(scheduler).pipe(share())
  live$.subscribe({ next: (s) => samples.push(s), error: (e: unknown) => (failure = e) })
  live$.pipe(sustainedBelow({ threshold: 92, forMs: 15_000 })).subscribe({
    next: (e) => events.push(e),
    error: (e: unknown) => (failure = e),
  })
  scheduler.flush()
  if (failure !== null) throw failure instanceof Error ? failure : new Error(String(failure))
  return { samples, events, virtualMs: scheduler.now() }
}
