import type { DesaturationEvent } from './desaturation-event.js'
import type { Detector } from './internal/detector.js'
import { type RuleRef, ruleRef } from './rule-ref.js'
import type { Spo2Second } from './spo2-second.js'

/** Rule sets of the clinical detector. @category rule sets */
export const ODI_CLINICAL_3PCT_RULE: RuleRef = ruleRef('odi-clinical-3pct', '1.0.0')
/** @category rule sets */
export const ODI_CLINICAL_4PCT_RULE: RuleRef = ruleRef('odi-clinical-4pct', '1.0.0')

/** Options of the clinical desaturation detector; every default is stated. @category desaturation */
export interface ClinicalDesaturationOptions {
  /** Drop from baseline (points) that makes a desaturation. Default 3. */
  readonly threshold?: number
  /** Baseline = mean of valid, non-event seconds in this many preceding seconds. Default 120. */
  readonly baselineS?: number
  /** Valid seconds the baseline window needs before any event can start. Default 30. */
  readonly minBaselineS?: number
  /** Minimum seconds at or below `baseline − threshold`. Default 10. */
  readonly minDurationS?: number
  /** A gap (missing or invalid run) longer than this resets the baseline. Default 30 (spec §6.4). */
  readonly baselineResetGapS?: number
  /** Overrides the rule reference (defaults to the 3 % / 4 % rule, else a generic one). */
  readonly rule?: RuleRef
}

interface Open {
  baselineSeconds: number
  startMs: number
  lastMs: number
  baseline: number
  nadir: number
  nadirMs: number
  area: number
}

function ruleFor(threshold: number): RuleRef {
  if (threshold === 3) return ODI_CLINICAL_3PCT_RULE
  if (threshold === 4) return ODI_CLINICAL_4PCT_RULE
  return ruleRef(`odi-clinical-${threshold}pct`, '1.0.0')
}

/**
 * The clinical detector over a (filtered) 1 Hz series. An event starts at the first second with
 * `spo2 ≤ B − threshold`, where B (frozen at that moment) is the mean of the valid seconds of the
 * preceding `baselineS` that were not inside an event (a pre-event baseline, as the AASM rule asks;
 * the 2-min window follows SEV). It ends at the first second above `B − threshold` (recovered), or at
 * an invalid second, a gap or the end of the data (then `truncated`): events never span a gap.
 * It counts when it lasted at least `minDurationS`. Memory is bounded by `baselineS` entries.
 */
export function clinicalDesaturationDetector(
  options: ClinicalDesaturationOptions = {},
): Detector<Spo2Second, DesaturationEvent> {
  const threshold = options.threshold ?? 3
  const windowMs = (options.baselineS ?? 120) * 1000
  const minBaseline = options.minBaselineS ?? 30
  const minDurationMs = (options.minDurationS ?? 10) * 1000
  const resetGapMs = (options.baselineResetGapS ?? 30) * 1000
  const rule = options.rule ?? ruleFor(threshold)
  const cap = Math.max(1, Math.ceil(windowMs / 1000))
  const ringV = new Float64Array(cap)
  const ringT = new Float64Array(cap)
  let head = 0 // oldest
  let size = 0
  let sum = 0
  let lastValidMs = Number.NEGATIVE_INFINITY
  let open: Open | null = null

  const evict = (nowMs: number): void => {
    while (size > 0 && ringT[head]! < nowMs - windowMs) {
      sum -= ringV[head]!
      head = (head + 1) % cap
      size--
    }
  }
  const remember = (t: number, v: number): void => {
    if (size === cap) {
      sum -= ringV[head]!
      head = (head + 1) % cap
      size--
    }
    const i = (head + size) % cap
    ringV[i] = v
    ringT[i] = t
    sum += v
    size++
  }
  const close = (endMs: number, truncated: boolean, emit: (e: DesaturationEvent) => void): void => {
    const o = open
    open = null
    if (o === null || endMs - o.startMs < minDurationMs) return
    const { startMs, baseline, nadir, nadirMs, area, baselineSeconds } = o
    const durationS = (endMs - startMs) / 1000
    const quality = { baselineSeconds, baselineCoverage: baselineSeconds / (windowMs / 1000) }
    emit({
      quality,
      rule,
      threshold,
      startMs,
      endMs,
      nadirMs,
      nadirSpo2: nadir,
      nadir,
      baseline,
      depth: baseline - nadir,
      durationS,
      area,
      truncated,
    })
  }

  return {
    push(sec, emit) {
      const t = sec.timeMs
      const v = sec.spo2
      if (open !== null && (v === null || t !== open.lastMs + 1000)) close(open.lastMs + 1000, true, emit)
      if (v === null) return
      if (t - lastValidMs > resetGapMs) {
        head = size = 0
        sum = 0
      }
      lastValidMs = t
      if (open !== null) {
        if (v <= open.baseline - threshold) {
          open.lastMs = t
          open.area += open.baseline - v
          if (v < open.nadir) {
            open.nadir = v
            open.nadirMs = t
          }
          return
        }
        close(t, false, emit)
      } else {
        evict(t)
        const baseline = size >= minBaseline ? sum / size : Number.NaN
        if (v <= baseline - threshold) {
          open = { baselineSeconds: size, startMs: t, lastMs: t, baseline, nadir: v, nadirMs: t, area: baseline - v }
          return
        }
      }
      remember(t, v)
    },
    finish(emit) {
      if (open !== null) close(open.lastMs + 1000, true, emit)
    },
  }
}
