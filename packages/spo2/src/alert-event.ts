import type { AlertLevel } from './alert-bands.js'
import type { RuleRef } from './rule-ref.js'

/**
 * The fields every alert event of this package carries, each under one name, so an event can go
 * straight to `@openward/fhir`'s `detectorAlertObservation` (or any store) without glue:
 * sustained-low `raised`/`cleared`, threshold `escalated`/`de-escalated`, and {@link AlertSpan}s.
 *
 * @category model
 */
export interface AlertEventFields {
  /** The rule set that fired, with its version. */
  readonly rule: RuleRef
  /** The band this alert stands for (`urgent`, `review`; `normal` for a return to normal). */
  readonly severity: AlertLevel
  /** Start of the episode (ms, sample clock). */
  readonly startMs: number
  /** End of the episode (ms, sample clock); `null` while it is still open. */
  readonly endMs: number | null
  /** Lowest SpO2 (%) of the episode so far; `null` when the rule does not track it. */
  readonly nadirSpo2: number | null
  /** Sample time of the nadir (first occurrence); `null` with `nadirSpo2`. */
  readonly nadirMs: number | null
}
