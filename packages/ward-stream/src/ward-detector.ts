import type { OximetrySample } from '@openward/core'
import type { AlertBands } from '@openward/spo2'
import type * as E from 'fp-ts/lib/Either.js'

import type { WardDetectorEvent } from './ward-output.js'
import type { CheckpointUnreadable } from './ward-error.js'

/** One patient's detector as a worker runs it: push samples, tick the clock, snapshot its whole state. */
export interface WardDetector {
  /** One sample; `arrivalMs` (worker clock) feeds arrival-time checks such as staleness. */
  push(sample: OximetrySample, arrivalMs: number): readonly WardDetectorEvent[]
  /** Arrival-time checks: called about once a second with the worker's clock. */
  tick(nowMs: number): readonly WardDetectorEvent[]
  /** JSON-safe, versioned state; `restore` of it continues exactly where this detector is. */
  snapshot(): unknown
  /**
   * The same detector state judged by other bands from the next sample on (the patient's thresholds
   * entry changed while it runs). Without it, a change is logged as `thresholds-not-applied` and
   * takes effect only when the patient moves to another worker.
   */
  withBands?(bands: AlertBands): WardDetector
}

/** Builds patients' detectors: fresh with their bands, or from a checkpoint. */
export interface WardDetectorFactory {
  create(patientKey: string, bands: AlertBands): WardDetector
  /** A checkpoint that does not decode (another version, corruption) is a typed error, never a silent restart. */
  restore(snapshot: unknown): E.Either<CheckpointUnreadable, WardDetector>
}
