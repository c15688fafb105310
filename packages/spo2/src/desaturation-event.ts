import type { RuleRef } from './rule-ref.js'

/**
 * One oxygen desaturation, in either profile. Times are ms on the samples' clock; for a 1 Hz
 * recording starting at 0 the index of a second is `timeMs / 1000`.
 *
 * @category desaturation
 */
export interface DesaturationEvent {
  readonly rule: RuleRef
  /** The drop that defines the event (3 or 4 points). */
  readonly threshold: number
  readonly startMs: number
  /** End of the event (exclusive: the first second after it). */
  readonly endMs: number
  readonly nadirMs: number
  /** Lowest SpO2 (%) of the event (of the analysed, filtered signal): the name every event shares. */
  readonly nadirSpo2: number
  /** @deprecated Use `nadirSpo2`, the name every event shares (same value). */
  readonly nadir: number
  /** The reference level the drop is measured from: the frozen baseline (clinical) or `x[A]` (pobm). */
  readonly baseline: number
  /** `baseline - nadir` (points). */
  readonly depth: number
  readonly durationS: number
  /**
   * Desaturation area (%·s): clinical, Σ(baseline − x) over the event; pobm, DA100 = Σ(100 − x) over
   * `[begin, end]` inclusive (spec §2.3).
   */
  readonly area: number
  /** True when the event was cut short by invalid data, a gap or the end of the data (clinical only). */
  readonly truncated: boolean
  /**
   * Data quality of the reference level: clinical, the valid seconds in the baseline window and their
   * share of it; pobm, 1 sample (its reference is the single A-point sample).
   */
  readonly quality: { readonly baselineSeconds: number; readonly baselineCoverage: number }
}
