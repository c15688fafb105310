import { SAMPLE_FLAG_BIT, type SampleColumns, UNUSABLE_FLAG_BITS } from '@openward/core'

import type { AnalyzeRecordingOptions } from './analyze-recording.js'
import { clinicalSummarizer, type OximetrySummary, summarizePobm } from './oximetry-summary.js'
import { createGateCore, type GateFlags, type RejectReason } from './quality-gate.js'
import { createResampler } from './resample-seconds.js'
import type { Spo2Second } from './spo2-second.js'
import { detectSamplingInterval, MAX_HOLD_FACTOR } from './sampling-interval.js'
import { checkAnalyzeRecordingOptions, optionsOrThrow } from './detector-options.js'

/** A detected interval within this of 1 s is "1 Hz" (as in `analyzeRecording`). */
const ONE_HZ_TOLERANCE_MS = 50

/**
 * Holds typed columns onto a dense 1 s grid by the rule of `toSeconds(…, { intervalMs })` (each second
 * the median of its readings, a sample covering the seconds up to the next one when the step is at most
 * `maxHoldMs`, else its nominal interval; seconds of a gap NaN). The columnar twin of the object path.
 */
function denseSeconds(
  c: SampleColumns,
  intervalMs: number,
  maxHoldMs: number,
): { values: Float64Array; startMs: number } {
  const n = c.length
  // Rows whose time is not finite have no place on the grid (as in the object path).
  let first = 0
  while (first < n && !Number.isFinite(c.timeMs[first]!)) first++
  const end = n
  if (first === end) return { values: new Float64Array(0), startMs: 0 }
  const startMs = Math.floor(c.timeMs[first]! / 1000) * 1000
  let last = Number.NEGATIVE_INFINITY // the last kept row: rows are kept only when they go forward
  for (let k = first; k < end; k++) if (c.timeMs[k]! > last && Number.isFinite(c.timeMs[k]!)) last = c.timeMs[k]!
  const values = new Float64Array(Math.floor((last + intervalMs - 1 - startMs) / 1000) + 1).fill(Number.NaN)
  let lastMs = Number.NEGATIVE_INFINITY
  // The next row that goes forward in time (as the object path keeps them).
  const nextValid = (from: number): number => {
    let j = from
    while (j < end && !(c.timeMs[j]! > lastMs && Number.isFinite(c.timeMs[j]!))) j++
    return j
  }
  let bin = new Float64Array(16) // grows (doubling) only for sources faster than 16 Hz
  let i = nextValid(first)
  while (i < end) {
    const b = Math.floor(c.timeMs[i]! / 1000) * 1000
    let count = 0
    let binLast = c.timeMs[i]!
    let j = i
    while (j < end && Math.floor(c.timeMs[j]! / 1000) * 1000 === b) {
      lastMs = binLast = c.timeMs[j]!
      const v = c.spo2[j]!
      if (!Number.isNaN(v)) {
        if (count === bin.length) {
          const grown = new Float64Array(2 * count)
          grown.set(bin)
          bin = grown
        }
        bin[count++] = v
      }
      j = nextValid(j + 1)
    }
    const sorted = bin.subarray(0, count).sort()
    const h = count >> 1
    const value = count === 0 ? Number.NaN : count % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2
    const nextT = j < end ? c.timeMs[j]! : Number.NaN
    const coveredMs = j < end && nextT - binLast <= maxHoldMs ? nextT : binLast + intervalMs
    const until = j < end ? Math.min(Math.floor(nextT / 1000) * 1000, coveredMs) : coveredMs
    for (let k = b; k === b || k < until; k += 1000) values[(k - startMs) / 1000] = value
    i = j
  }
  return { values, startMs }
}

/**
 * The batch summary over typed columns (`SampleColumns` from `@openward/core`): the same
 * `OximetrySummary` as `analyzeRecording` on the same samples, without one object per row.
 *
 * - `pobm`: fully columnar. A 1 Hz recording's SpO2 column is summarised as it is (no copy); any other
 *   interval is held onto 1 s by the rule of `analyzeRecording` first.
 * - `clinical` (default): fully columnar too. Each row goes through the same quality gate (flags read
 *   from the bits), the same 1 s resampler, valid median, detectors and statistics as `analyzeRecording`,
 *   one row at a time: no sample object is made and nothing per row or per second is kept, so memory
 *   beyond the columns is the windows and the events.
 *
 * @example
 * const s = summarizeColumns(toSampleColumns(samples), { profile: 'pobm' })
 * @category summary
 */
export function summarizeColumns(columns: SampleColumns, options: AnalyzeRecordingOptions = {}): OximetrySummary {
  optionsOrThrow(checkAnalyzeRecordingOptions(options))
  if (options.profile !== 'pobm') return summarizeClinicalColumns(columns, options)
  const intervalMs = detectSamplingInterval(columns.timeMs)
  const withInterval = { ...options, samplingIntervalMs: intervalMs ?? 1000 }
  if (intervalMs === null || Math.abs(intervalMs - 1000) <= ONE_HZ_TOLERANCE_MS)
    return summarizePobm(columns.spo2, columns.timeMs.find((t) => Number.isFinite(t)) ?? 0, withInterval)
  const { values, startMs } = denseSeconds(columns, intervalMs, options.maxHoldMs ?? MAX_HOLD_FACTOR * intervalMs)
  return summarizePobm(values, startMs, withInterval)
}

/** The clinical profile over columns: gate → 1 s grid → summary, row by row (see `analyzeRecording`). */
function summarizeClinicalColumns(c: SampleColumns, options: AnalyzeRecordingOptions): OximetrySummary {
  const intervalMs = detectSamplingInterval(c.timeMs)
  const summarizer = clinicalSummarizer({ ...options, samplingIntervalMs: intervalMs ?? 1000 })
  const resampler = createResampler({
    intervalMs: intervalMs ?? 1000,
    ...(options.maxHoldMs === undefined ? {} : { maxHoldMs: options.maxHoldMs }),
  })
  const gate = createGateCore(options.gate ?? {})
  const flags: GateFlags = { unusable: false, questionable: false, motion: false, lowPerfusion: false }
  // One reused input object: the resampler copies what it keeps.
  const gated: { timeMs: number; spo2: number | null; rejected: RejectReason | null } = {
    timeMs: 0,
    spo2: null,
    rejected: null,
  }
  const toSummary = (s: Spo2Second): void => summarizer.push(s)
  for (let i = 0; i < c.length; i++) {
    const bits = c.flags[i]!
    flags.unusable = (bits & UNUSABLE_FLAG_BITS) !== 0
    flags.questionable = (bits & SAMPLE_FLAG_BIT.questionable) !== 0
    flags.motion = (bits & SAMPLE_FLAG_BIT.motion) !== 0
    flags.lowPerfusion = (bits & SAMPLE_FLAG_BIT.lowPerfusion) !== 0
    const t = c.timeMs[i]!
    const raw = c.spo2[i]!
    const v = Number.isNaN(raw) ? null : raw
    const rejected = gate.decide(t, v, flags)
    gated.timeMs = t
    gated.spo2 = rejected === null ? v : null
    gated.rejected = rejected
    resampler.push(gated, toSummary)
  }
  resampler.finish?.(toSummary)
  return summarizer.finish()
}
