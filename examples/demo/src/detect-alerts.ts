import type { OximetrySample } from '@openward/core'
import { replaySamples } from '@openward/oximeter'
import { type SustainedBelowEvent, sustainedBelow } from '@openward/spo2'
import { share, VirtualTimeScheduler } from 'rxjs'

/** What the replay stage produced. */
export interface DetectionRun {
  readonly samples: readonly OximetrySample[]
  readonly events: readonly SustainedBelowEvent[]
  /** How much recording time the replay covered (virtual ms). */
  readonly virtualMs: number
}

/**
 * Replays the samples at their recorded times on a virtual clock and runs the first detector
 * (SpO2 ≤ 92 % sustained for 15 s) on the live stream, exactly as a device stream would be run.
 * `flush()` drains the virtual clock, so an 18-minute recording takes milliseconds.
 */
export function detectAlerts(recorded: readonly OximetrySample[]): DetectionRun {
  const scheduler = new VirtualTimeScheduler()
  const samples: OximetrySample[] = []
  const events: SustainedBelowEvent[] = []
  let failure: unknown = null
  const live$ = replaySamples(recorded, { scheduler }).pipe(share())
  live$.subscribe({ next: (s) => samples.push(s), error: (e: unknown) => (failure = e) })
  live$.pipe(sustainedBelow({ threshold: 92, forMs: 15_000 })).subscribe({
    next: (e) => events.push(e),
    error: (e: unknown) => (failure = e),
  })
  scheduler.flush()
  if (failure !== null) throw failure instanceof Error ? failure : new Error(String(failure))
  return { samples, events, virtualMs: scheduler.now() }
}
