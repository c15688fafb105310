import { type ClinicalDesaturationOptions, clinicalDesaturationDetector } from './clinical-desaturations.js'
import type { DesaturationEvent } from './desaturation-event.js'
import { type InsufficientData, insufficientData } from './insufficient-data.js'
import { validMedian } from './internal/valid-median.js'
import { eachPobmEvent } from './pobm-desaturations.js'
import { pobmPreprocessWithStats } from './pobm-preprocess.js'
import { type RuleRef, ruleRef } from './rule-ref.js'
import { dataQuality, type DataQuality, secondsFromValues, type Spo2Second } from './spo2-second.js'
import { checkAnalyzeRecordingOptions, optionsOrThrow } from './detector-options.js'

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
  /**
   * Less valid time than this (s) gives `null` figures (`too-little-valid-time`). Default 600: below
   * 10 minutes a single event is ≥ 6/h, so a per-hour index says more about chance than about the patient.
   */
  readonly minValidS?: number
  /** Valid time below this fraction of the recorded time gives `null` figures (`low-coverage`). Default 0.5. */
  readonly minCoverage?: number
  /**
   * The recording's sampling interval (ms), reported in the summary. `analyzeRecording` detects it;
   * for a plain array it is 1000 (one value per second).
   */
  readonly samplingIntervalMs?: number
  /**
   * The slowest sampling (ms) at which desaturations are counted. Default 5000: a desaturation lasts
   * ≥ 10 s (AASM), so a slower device sees it in at most two samples; its ODI and area are `null`
   * (`interval-too-long`), CT90, nadir and mean stay.
   */
  readonly maxDesaturationIntervalMs?: number
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
  /** Seconds covered (pobm: the array length N, after resampling to 1 Hz when the recording is not 1 Hz). */
  readonly samples: number
  /** The recording's sampling interval (ms; median of the positive steps), `null` when unknown (< 2 samples). */
  readonly samplingIntervalMs: number | null
  readonly dataQuality: DataQuality
  /**
   * Why the figures below are `null`, or `null` when they are all computed. Check it before reading a
   * figure: no data is never reported as 0.
   */
  readonly insufficient: InsufficientData | null
  /** 3 % / 4 % desaturations per hour of the denominator; `null`: see `insufficient`. */
  readonly odi3: number | null
  readonly odi4: number | null
  readonly events3: readonly DesaturationEvent[]
  readonly events4: readonly DesaturationEvent[]
  /** Percent of the denominator below 90 % / 88 % (clinical `<`, pobm `≤`; see `ctComparison`). */
  readonly ct90: number | null
  readonly ct88: number | null
  /** Minutes below 90 % / 88 % (same comparison as CT): the CT fraction × the denominator's minutes. */
  readonly t90Minutes: number | null
  readonly t88Minutes: number | null
  readonly ctComparison: '<' | '<='
  /** Lowest and mean SpO2 of the analysed (filtered) signal; `null` when no valid second or insufficient. */
  readonly nadir: number | null
  readonly mean: number | null
  /** Σ event area / denominator seconds, for the 3 % and 4 % events (pobm: AOD100). */
  readonly desaturationArea3: number | null
  readonly desaturationArea4: number | null
}

interface Stats {
  n: number
  sum: number
  min: number
  below90: number
  below88: number
}

function addStat(st: Stats, v: number | null, inclusive: boolean): void {
  if (v === null || Number.isNaN(v)) return
  st.n++
  st.sum += v
  if (v < st.min) st.min = v
  if (inclusive ? v <= 90 : v < 90) st.below90++
  if (inclusive ? v <= 88 : v < 88) st.below88++
}

function areaSum(events: readonly DesaturationEvent[]): number {
  let s = 0
  for (const e of events) s += e.area
  return s
}

/**
 * @internal The clinical summary as an accumulator: seconds are pushed one at a time through the valid
 * median into both detectors and the statistics, and nothing per second is kept (memory: the median's
 * and the detectors' windows, plus the events). {@link summarizeSeconds} and the columnar summary both
 * run it, so they cannot disagree.
 */
export function clinicalSummarizer(options: OximetrySummaryOptions = {}): {
  push(second: Spo2Second): void
  finish(): OximetrySummary
} {
  optionsOrThrow(checkAnalyzeRecordingOptions(options))
  const median = validMedian(options.medianWindow ?? 9)
  const detector3 = clinicalDesaturationDetector({ ...options.clinical, threshold: 3 })
  const detector4 = clinicalDesaturationDetector({ ...options.clinical, threshold: 4 })
  const events3: DesaturationEvent[] = []
  const events4: DesaturationEvent[] = []
  const add3 = (e: DesaturationEvent): void => void events3.push(e)
  const add4 = (e: DesaturationEvent): void => void events4.push(e)
  const st: Stats = { n: 0, sum: 0, min: Number.POSITIVE_INFINITY, below90: 0, below88: 0 }
  let firstMs = Number.NaN
  let lastMs = Number.NaN
  const filtered = (s: Spo2Second): void => {
    detector3.push(s, add3)
    detector4.push(s, add4)
    addStat(st, s.spo2, false)
  }
  return {
    push(second) {
      if (Number.isNaN(firstMs)) firstMs = second.timeMs
      lastMs = second.timeMs
      median.push(second, filtered)
    },
    finish() {
      median.finish?.(filtered)
      detector3.finish?.(add3)
      detector4.finish?.(add4)
      const total = Number.isNaN(firstMs) ? 0 : (lastMs - firstMs) / 1000 + 1
      return figures(OXIMETRY_SUMMARY_CLINICAL_RULE, 'clinical', total, st, st.n, [events3, events4], options)
    },
  }
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
  const summarizer = clinicalSummarizer(options)
  for (const s of seconds) summarizer.push(s)
  return summarizer.finish()
}

/**
 * The figures of a summary from its counts, or `null` figures with the reason (no data is never 0).
 * `denominatorS`: valid seconds (clinical) or all seconds (pobm).
 */
function figures(
  rule: RuleRef,
  profile: DesaturationProfile,
  totalS: number,
  st: Stats,
  denominatorS: number,
  [events3, events4]: readonly [readonly DesaturationEvent[], readonly DesaturationEvent[]],
  options: OximetrySummaryOptions,
): OximetrySummary {
  const quality = dataQuality(totalS, st.n)
  const interval = options.samplingIntervalMs ?? (totalS > 0 ? 1000 : null)
  const insufficient = insufficiency(quality, interval, options)
  const all = insufficient !== null && insufficient.affects === 'all'
  const desats = all || insufficient !== null
  const per = (x: number, none: boolean): number | null => (none || denominatorS === 0 ? null : x / denominatorS)
  return {
    rule,
    profile,
    samples: totalS,
    samplingIntervalMs: interval,
    dataQuality: quality,
    insufficient,
    odi3: per(events3.length * 3600, desats),
    odi4: per(events4.length * 3600, desats),
    events3,
    events4,
    ct90: per(100 * st.below90, all),
    ct88: per(100 * st.below88, all),
    t90Minutes: all || denominatorS === 0 ? null : st.below90 / 60,
    t88Minutes: all || denominatorS === 0 ? null : st.below88 / 60,
    ctComparison: profile === 'pobm' ? '<=' : '<',
    nadir: all || st.n === 0 ? null : st.min,
    mean: all || st.n === 0 ? null : st.sum / st.n,
    desaturationArea3: per(areaSum(events3), desats),
    desaturationArea4: per(areaSum(events4), desats),
  }
}

function insufficiency(
  q: DataQuality,
  intervalMs: number | null,
  options: OximetrySummaryOptions,
): InsufficientData | null {
  const minValidS = options.minValidS ?? 600
  const minCoverage = options.minCoverage ?? 0.5
  const maxIntervalMs = options.maxDesaturationIntervalMs ?? 5000
  const detail = { validSeconds: q.validSeconds, coverage: q.coverage, samplingIntervalMs: intervalMs }
  if (q.totalSeconds === 0) return insufficientData('no-samples', 'no samples to analyse', detail)
  if (q.validSeconds === 0) return insufficientData('no-valid-spo2', 'no valid SpO2 reading', detail)
  if (q.validSeconds < minValidS)
    return insufficientData(
      'too-little-valid-time',
      `${q.validSeconds} s of valid SpO2, fewer than ${minValidS} s`,
      detail,
    )
  if (q.coverage < minCoverage)
    return insufficientData(
      'low-coverage',
      `valid SpO2 for ${(100 * q.coverage).toFixed(1)} % of the recording, less than ${100 * minCoverage} %`,
      detail,
    )
  if (intervalMs !== null && intervalMs > maxIntervalMs)
    return insufficientData(
      'interval-too-long',
      `one sample every ${intervalMs / 1000} s is too slow to see a desaturation (at most ${maxIntervalMs / 1000} s)`,
      detail,
    )
  return null
}

function pobmEventToDesaturation(
  x: ArrayLike<number>,
  begin: number,
  end: number,
  nadirAt: number,
  area: number,
  threshold: number,
  startMs: number,
): DesaturationEvent {
  const baseline = x[begin]!
  const nadir = x[nadirAt]!
  return {
    rule: POBM_RELATIVE_RULE,
    threshold,
    startMs: startMs + begin * 1000,
    endMs: startMs + end * 1000,
    nadirMs: startMs + nadirAt * 1000,
    nadirSpo2: nadir,
    nadir,
    baseline,
    depth: baseline - nadir,
    durationS: end - begin,
    area,
    truncated: false,
    quality: POBM_QUALITY,
  }
}

/** pobm has no baseline window: every event's reference is its first sample. One shared, frozen object. */
const POBM_QUALITY: DesaturationEvent['quality'] = Object.freeze({ baselineSeconds: 1, baselineCoverage: 1 })

/**
 * Summarises a 1 Hz series with the **pobm** profile: `set_range(50,100)` → round half-even →
 * zero-padded 9-median → relative detector (ODI3, ODI4) → CT with `≤` → stats, every denominator N
 * (all samples), evaluated as pobm does (`n / N * 3600`, `100 * count / N`). Non-numbers become NaN.
 *
 * @category summary
 */
export function summarizePobm(
  values: ArrayLike<number | null>,
  startMs = 0,
  options: Pick<OximetrySummaryOptions, 'minValidS' | 'minCoverage' | 'samplingIntervalMs'> = {},
): OximetrySummary {
  optionsOrThrow(checkAnalyzeRecordingOptions(options))
  const n = values.length
  const { x, stats: st } = pobmPreprocessWithStats(values)
  const events = (threshold: number): DesaturationEvent[] => {
    const out: DesaturationEvent[] = []
    eachPobmEvent(x, { threshold }, (begin, end, nadir, area) =>
      out.push(pobmEventToDesaturation(x, begin, end, nadir, area, threshold, startMs)),
    )
    return out
  }
  const ev3 = events(3)
  const ev4 = events(4)
  return figures(POBM_RELATIVE_RULE, 'pobm', n, st, n, [ev3, ev4], options)
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
    ? summarizePobm(values, 0, options)
    : summarizeSeconds(secondsFromValues(values), options)
}
