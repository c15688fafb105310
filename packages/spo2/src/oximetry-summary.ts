import { type ClinicalDesaturationOptions, clinicalDesaturationDetector } from './clinical-desaturations.js'
import type { DesaturationEvent } from './desaturation-event.js'
import { runDetector } from './internal/detector.js'
import { validMedian } from './internal/valid-median.js'
import { pobmDesaturations, type PobmEvent } from './pobm-desaturations.js'
import { pobmPreprocess } from './pobm-preprocess.js'
import { type RuleRef, ruleRef } from './rule-ref.js'
import { dataQuality, type DataQuality, secondsFromValues, type Spo2Second } from './spo2-second.js'

/** pobm 1.0.5's relative detector and pipeline A, reproduced (spec §2). @category rule sets */
export const POBM_RELATIVE_RULE: RuleRef = ruleRef('pobm-1.0.5-relative', '1.0.0')
/** The clinical summary rule set (valid-time denominators, `<` in CT). @category rule sets */
export const OXIMETRY_SUMMARY_CLINICAL_RULE: RuleRef = ruleRef('oximetry-summary-clinical', '1.0.0')

/** `clinical` (default, gap-aware) or `pobm` (bit-compatible with pobm 1.0.5 on clean 1 Hz data). @category summary */
export type DesaturationProfile = 'clinical' | 'pobm'

/** Options of the summaries. @category summary */
export interface OximetrySummaryOptions {
  readonly profile?: DesaturationProfile
  /** Clinical only: running median window over valid seconds (1 disables). Default 9. */
  readonly medianWindow?: number
  /** Clinical only: detector options (the threshold is set to 3 and 4). */
  readonly clinical?: Omit<ClinicalDesaturationOptions, 'threshold' | 'rule'>
}

/**
 * A summary over a window or a whole recording. Denominators: clinical, valid seconds; pobm, all
 * samples including invalid ones (as pobm does, spec §2.2 step 8 and §2.4).
 *
 * @category summary
 */
export interface OximetrySummary {
  /** The summary rule set; the events carry their own detector rule. */
  readonly rule: RuleRef
  readonly profile: DesaturationProfile
  /** Seconds covered (pobm: the array length N). */
  readonly samples: number
  readonly dataQuality: DataQuality
  /** 3 % / 4 % desaturations per hour of the denominator. */
  readonly odi3: number
  readonly odi4: number
  readonly events3: readonly DesaturationEvent[]
  readonly events4: readonly DesaturationEvent[]
  /** Percent of the denominator below 90 % / 88 % (clinical `<`, pobm `≤`; see `ctComparison`). */
  readonly ct90: number
  readonly ct88: number
  readonly ctComparison: '<' | '<='
  /** Lowest and mean SpO2 of the analysed (filtered) signal; null when no valid second. */
  readonly nadir: number | null
  readonly mean: number | null
  /** Σ event area / denominator seconds, for the 3 % and 4 % events (pobm: AOD100). */
  readonly desaturationArea3: number
  readonly desaturationArea4: number
}

interface Stats {
  n: number
  sum: number
  min: number
  below90: number
  below88: number
}

function statsOf(values: ArrayLike<number | null>, inclusive: boolean): Stats {
  const st: Stats = { n: 0, sum: 0, min: Number.POSITIVE_INFINITY, below90: 0, below88: 0 }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v === null || Number.isNaN(v)) continue
    st.n++
    st.sum += v
    if (v < st.min) st.min = v
    if (inclusive ? v <= 90 : v < 90) st.below90++
    if (inclusive ? v <= 88 : v < 88) st.below88++
  }
  return st
}

function areaSum(events: readonly DesaturationEvent[]): number {
  let s = 0
  for (const e of events) s += e.area
  return s
}

/**
 * Summarises a 1 Hz series with the **clinical** profile: NaN-aware median over valid seconds, the
 * clinical detector at 3 and 4 points, valid-time denominators, `<` in CT90/CT88.
 *
 * @category summary
 */
export function summarizeSeconds(
  seconds: readonly Spo2Second[],
  options: OximetrySummaryOptions = {},
): OximetrySummary {
  const filtered = runDetector(() => validMedian(options.medianWindow ?? 9), seconds)
  const events3 = runDetector(() => clinicalDesaturationDetector({ ...options.clinical, threshold: 3 }), filtered)
  const events4 = runDetector(() => clinicalDesaturationDetector({ ...options.clinical, threshold: 4 }), filtered)
  const st = statsOf(
    filtered.map((s) => s.spo2),
    false,
  )
  const first = seconds[0]
  const last = seconds[seconds.length - 1]
  const total = first !== undefined && last !== undefined ? (last.timeMs - first.timeMs) / 1000 + 1 : 0
  const valid = st.n
  return {
    rule: OXIMETRY_SUMMARY_CLINICAL_RULE,
    profile: 'clinical',
    samples: total,
    dataQuality: dataQuality(total, valid),
    odi3: valid > 0 ? (events3.length / valid) * 3600 : 0,
    odi4: valid > 0 ? (events4.length / valid) * 3600 : 0,
    events3,
    events4,
    ct90: valid > 0 ? (100 * st.below90) / valid : 0,
    ct88: valid > 0 ? (100 * st.below88) / valid : 0,
    ctComparison: '<',
    nadir: valid > 0 ? st.min : null,
    mean: valid > 0 ? st.sum / valid : null,
    desaturationArea3: valid > 0 ? areaSum(events3) / valid : 0,
    desaturationArea4: valid > 0 ? areaSum(events4) / valid : 0,
  }
}

function pobmEventToDesaturation(x: Float64Array, e: PobmEvent, threshold: number, startMs: number): DesaturationEvent {
  let area = 0
  for (let i = e.begin; i <= e.end && i < x.length; i++) if (!Number.isNaN(x[i]!)) area += 100 - x[i]!
  const baseline = x[e.begin]!
  const nadir = x[e.nadir]!
  return {
    rule: POBM_RELATIVE_RULE,
    threshold,
    startMs: startMs + e.begin * 1000,
    endMs: startMs + e.end * 1000,
    nadirMs: startMs + e.nadir * 1000,
    nadir,
    baseline,
    depth: baseline - nadir,
    durationS: e.end - e.begin,
    area,
    truncated: false,
    quality: { baselineSeconds: 1, baselineCoverage: 1 },
  }
}

/**
 * Summarises a 1 Hz series with the **pobm** profile: `set_range(50,100)` → round half-even →
 * zero-padded 9-median → relative detector (ODI3, ODI4) → CT with `≤` → stats, every denominator N
 * (all samples), evaluated as pobm does (`n / N * 3600`, `100 * count / N`). Non-numbers become NaN.
 *
 * @category summary
 */
export function summarizePobm(values: ArrayLike<number | null>, startMs = 0): OximetrySummary {
  const n = values.length
  const x = pobmPreprocess(values)
  const ev3 = pobmDesaturations(x, { threshold: 3 }).map((e) => pobmEventToDesaturation(x, e, 3, startMs))
  const ev4 = pobmDesaturations(x, { threshold: 4 }).map((e) => pobmEventToDesaturation(x, e, 4, startMs))
  const st = statsOf(x, true)
  return {
    rule: POBM_RELATIVE_RULE,
    profile: 'pobm',
    samples: n,
    dataQuality: dataQuality(n, st.n),
    odi3: n > 0 ? (ev3.length / n) * 3600 : 0,
    odi4: n > 0 ? (ev4.length / n) * 3600 : 0,
    events3: ev3,
    events4: ev4,
    ct90: n > 0 ? (100 * st.below90) / n : 0,
    ct88: n > 0 ? (100 * st.below88) / n : 0,
    ctComparison: '<=',
    nadir: st.n > 0 ? st.min : null,
    mean: st.n > 0 ? st.sum / st.n : null,
    desaturationArea3: n > 0 ? areaSum(ev3) / n : 0,
    desaturationArea4: n > 0 ? areaSum(ev4) / n : 0,
  }
}

/**
 * Summarises a plain 1 Hz array (index = second, as in a `t_seconds,spo2` CSV) with either profile,
 * through one entry point. Clinical treats null, NaN, ≤ 0 and > 100 as invalid seconds.
 *
 * @example
 * const s = summarizeSpo2(values, { profile: 'pobm' })
 * s.odi3 // events per hour
 * @category summary
 */
export function summarizeSpo2(values: ArrayLike<number | null>, options: OximetrySummaryOptions = {}): OximetrySummary {
  return (options.profile ?? 'clinical') === 'pobm'
    ? summarizePobm(values)
    : summarizeSeconds(secondsFromValues(values), options)
}
