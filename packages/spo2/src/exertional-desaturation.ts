import type { OximetrySample } from '@openward/core'
import type { OperatorFunction } from 'rxjs'

import { detectorOperator } from './internal/detector.js'
import { type RuleRef, ruleRef } from './rule-ref.js'
import { isPlausibleSpo2 } from './spo2-value.js'

/** 1-minute sit-to-stand exertional desaturation (CEBM Oxford rapid review, Apr 2020). @category rule sets */
export const EXERTIONAL_DESAT_RULE: RuleRef = ruleRef('exertional-desat-1mstst-cebm-2020', '1.0.0')

/** The timing of one test session (sample-clock ms) and its criteria. @category exertional */
export interface SitToStandSession {
  /** Start of the exertion; the resting baseline is taken from the `restMs` before it. */
  readonly exerciseStartMs: number
  /** Duration of the exertion. Default 60 000 (one minute). */
  readonly exerciseMs?: number
  /** Resting window before the exertion. Default 60 000. */
  readonly restMs?: number
  /** The nadir is searched until this long after the exertion (saturation keeps falling after effort). Default 60 000. */
  readonly afterMs?: number
  /** Drop (points) flagged as abnormal. Default 3 (UK primary-care guidance; chronic lung clinics often use 4). */
  readonly dropThreshold?: number
}

/** The result of a test session. @category exertional */
export interface SitToStandResult {
  readonly rule: RuleRef
  /** `ok`, or why the session cannot be judged (never a silent pass). */
  readonly status: 'ok' | 'no-resting-data' | 'no-exertion-data'
  /** Resting baseline: the highest valid SpO2 in the resting window (NHSE: record the highest stable reading). */
  readonly baseline: number | null
  /** Lowest SpO2 (%) from the start of the exertion to the end of the search window. */
  readonly nadirSpo2: number | null
  /** @deprecated Use `nadirSpo2`, the name every event shares (same value). */
  readonly nadir: number | null
  readonly nadirMs: number | null
  /** `baseline − nadir` (points). */
  readonly drop: number | null
  /** True when `drop ≥ dropThreshold`. */
  readonly desaturated: boolean
  /** Time from the end of the exertion until SpO2 is back within 1 point of baseline; null if never seen. */
  readonly recoveryMs: number | null
  /** True when the resting baseline was below 96 %: the test is for unsupervised use only at ≥ 96 %. */
  readonly restingBelow96: boolean
  readonly quality: { readonly samples: number; readonly validSamples: number }
}

/**
 * Judges a 1-minute sit-to-stand test from a session's samples: resting baseline, nadir during the
 * exertion and the minute after, drop ≥ 3 points flagged, recovery time. Unusable readings (see
 * `isPlausibleSpo2`, device flags) are ignored and counted.
 *
 * @category exertional
 */
export function assessSitToStand(samples: readonly OximetrySample[], session: SitToStandSession): SitToStandResult {
  const start = session.exerciseStartMs
  const end = start + (session.exerciseMs ?? 60_000)
  const restFrom = start - (session.restMs ?? 60_000)
  const searchTo = end + (session.afterMs ?? 60_000)
  let baseline: number | null = null
  let nadir: number | null = null
  let nadirMs: number | null = null
  let validSamples = 0
  const ok = (s: OximetrySample): s is OximetrySample & { spo2: number } =>
    isPlausibleSpo2(s.spo2) && !(s.flags.fingerOut || s.flags.searching || s.flags.sensorDisconnected)
  for (const s of samples) {
    if (!ok(s)) continue
    validSamples++
    const t = s.timeMs
    if (t >= restFrom && t < start) baseline = baseline === null ? s.spo2 : Math.max(baseline, s.spo2)
    else if (t >= start && t <= searchTo && (nadir === null || s.spo2 < nadir)) {
      nadir = s.spo2
      nadirMs = t
    }
  }
  const status = baseline === null ? 'no-resting-data' : nadir === null ? 'no-exertion-data' : 'ok'
  const drop = baseline !== null && nadir !== null ? baseline - nadir : null
  let recoveryMs: number | null = null
  if (baseline !== null && nadirMs !== null) {
    const back = samples.find((s) => s.timeMs >= Math.max(nadirMs!, end) && ok(s) && s.spo2 >= baseline! - 1)
    recoveryMs = back === undefined ? null : back.timeMs - end
  }
  return {
    rule: EXERTIONAL_DESAT_RULE,
    status,
    baseline,
    nadirSpo2: nadir,
    nadir,
    nadirMs,
    drop,
    desaturated: drop !== null && drop >= (session.dropThreshold ?? 3),
    recoveryMs,
    restingBelow96: baseline !== null && baseline < 96,
    quality: { samples: samples.length, validSamples },
  }
}

/**
 * The live form of {@link assessSitToStand}: buffers only the session's window (rest + exertion +
 * after) and emits one result as soon as a sample past the window arrives, or when the source
 * completes (then with whatever was seen; `status` says if data was missing).
 *
 * @category exertional
 */
export function sitToStand(session: SitToStandSession): OperatorFunction<OximetrySample, SitToStandResult> {
  const restFrom = session.exerciseStartMs - (session.restMs ?? 60_000)
  const searchTo = session.exerciseStartMs + (session.exerciseMs ?? 60_000) + (session.afterMs ?? 60_000)
  return detectorOperator<OximetrySample, SitToStandResult>(() => {
    const buf: OximetrySample[] = []
    let done = false
    return {
      push(s, emit) {
        if (done) return
        if (s.timeMs > searchTo) {
          done = true
          return emit(assessSitToStand(buf, session))
        }
        if (s.timeMs >= restFrom) buf.push(s)
      },
      finish(emit) {
        if (!done) emit(assessSitToStand(buf, session))
      },
    }
  })
}
