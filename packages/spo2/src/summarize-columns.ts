import { makeSample, SAMPLE_FLAG_NAMES, type SampleColumns, sampleFlags } from '@openward/core'

import { analyzeRecording, type AnalyzeRecordingOptions } from './analyze-recording.js'
import { type OximetrySummary, summarizePobm } from './oximetry-summary.js'
import { detectSamplingInterval, MAX_HOLD_FACTOR } from './sampling-interval.js'

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
 * `OximetrySummary` as {@link analyzeRecording} on the same samples, without one object per row.
 *
 * - `pobm`: fully columnar. A 1 Hz recording's SpO2 column is summarised as it is (no copy); any other
 *   interval is held onto 1 s by the rule of `analyzeRecording` first.
 * - `clinical` (default): not columnar yet; the columns are turned back into samples (time, SpO2, pulse
 *   and flags kept) and analysed by `analyzeRecording`.
 *
 * @example
 * const s = summarizeColumns(toSampleColumns(samples), { profile: 'pobm' })
 * @category summary
 */
export function summarizeColumns(columns: SampleColumns, options: AnalyzeRecordingOptions = {}): OximetrySummary {
  if (options.profile !== 'pobm') return analyzeRecording(samplesOf(columns), options)
  const intervalMs = detectSamplingInterval(columns.timeMs)
  const withInterval = { ...options, samplingIntervalMs: intervalMs ?? 1000 }
  if (intervalMs === null || Math.abs(intervalMs - 1000) <= ONE_HZ_TOLERANCE_MS)
    return summarizePobm(columns.spo2, columns.timeMs.find((t) => Number.isFinite(t)) ?? 0, withInterval)
  const { values, startMs } = denseSeconds(columns, intervalMs, options.maxHoldMs ?? MAX_HOLD_FACTOR * intervalMs)
  return summarizePobm(values, startMs, withInterval)
}

function samplesOf(c: SampleColumns) {
  const num = (v: number) => (Number.isNaN(v) ? null : v)
  return Array.from({ length: c.length }, (_, i) => {
    const bits = c.flags[i]!
    const set = Object.fromEntries(SAMPLE_FLAG_NAMES.map((name, b) => [name, (bits & (1 << b)) !== 0]))
    return makeSample({
      timeMs: c.timeMs[i]!,
      clock: 'recording',
      spo2: num(c.spo2[i]!),
      pulseRate: num(c.pulseRate[i]!),
      flags: sampleFlags(set),
      provenance: { protocol: 'columns' },
    })
  })
}
