import type { OximetrySample } from '@openward/core'
import { analyzeRecording, type DesaturationProfile, type OximetrySummary } from '@openward/spo2'

import { type Figure, known, noData } from './figure.js'
import { pulseRateStats, type PulseRateStats } from './pulse-rate-stats.js'
import { desaturationNoDataReason, spo2Figures } from './spo2-figures.js'

/** One row of the hourly table: an hour of recording counted from the first sample. */
export interface HourRow {
  /** 0 for the first hour. */
  readonly index: number
  readonly startMs: number
  /** Exclusive; the last row ends at the last sample (it may be shorter than an hour). */
  readonly endMs: number
  /** Minutes with a valid SpO2 in this hour. */
  readonly validMinutes: number
  /** Events of the whole-night analysis that start in this hour, per hour of valid SpO2 in it. */
  readonly odi3: Figure
  readonly odi4: Figure
  readonly events3: number
  readonly events4: number
  readonly meanSpo2: Figure
  readonly minSpo2: Figure
  /** Minutes below 90 % in this hour. */
  readonly t90Minutes: Figure
  readonly pulseRate: PulseRateStats
}

/** Options of {@link hourlyTable}. */
export interface HourlyTableOptions {
  /** The profile of the night's summary (default clinical). */
  readonly profile?: DesaturationProfile
}

const HOUR_MS = 3_600_000

/**
 * The hourly table, hours counted from the first sample (so every row but the last is a full hour
 * and a summer-time change never makes a 0- or 2-hour row).
 *
 * - Desaturations come from the whole-night summary and are counted in the hour they start: cutting
 *   the night into hours before detection would lose the events that straddle an hour and move
 *   every baseline.
 * - Mean, minimum, valid time and T90 come from `@openward/spo2`'s summary of the hour's samples
 *   (the probe's lock-on exclusion applies at the start of the night only, not at every hour).
 * - An hour without valid SpO2 shows `no data` with the reason; a rate over no valid time is not 0.
 */
export function hourlyTable(
  samples: readonly OximetrySample[],
  night: OximetrySummary,
  options: HourlyTableOptions = {},
): HourRow[] {
  const first = samples[0]
  const last = samples[samples.length - 1]
  if (first === undefined || last === undefined) return []
  const t0 = first.timeMs
  const hours = Math.floor((last.timeMs - t0) / HOUR_MS) + 1
  const slices: OximetrySample[][] = Array.from({ length: hours }, () => [])
  for (const s of samples) slices[Math.floor((s.timeMs - t0) / HOUR_MS)]?.push(s)
  const startsIn = (events: readonly { readonly startMs: number }[]) => {
    const counts = new Array<number>(hours).fill(0)
    for (const e of events) {
      const h = Math.floor((e.startMs - t0) / HOUR_MS)
      if (h >= 0 && h < hours) counts[h]!++
    }
    return counts
  }
  const counts3 = startsIn(night.events3)
  const counts4 = startsIn(night.events4)
  return slices.map((slice, index) => {
    // The quality gate rejects the first 5 s after the probe is attached (lock-on). At an hour
    // boundary the probe was already on, so only the first hour applies it at its start.
    const summary = analyzeRecording(slice, {
      profile: options.profile ?? night.profile,
      ...(index > 0 ? { gate: { lockOnAtStart: false } } : {}),
    })
    const figures = spo2Figures(summary)
    const reason = desaturationNoDataReason(summary)
    // The night's denominator, per hour: valid time (clinical) or every sample as a second (pobm).
    const hoursOf = (summary.profile === 'pobm' ? summary.samples : summary.dataQuality.validSeconds) / 3600
    const rate = (n: number): Figure => (reason !== undefined ? noData(reason) : known(n / hoursOf))
    const startMs = t0 + index * HOUR_MS
    return {
      index,
      startMs,
      endMs: index === hours - 1 ? Math.max(last.timeMs, startMs) : startMs + HOUR_MS,
      validMinutes: figures.validMinutes,
      odi3: rate(counts3[index]!),
      odi4: rate(counts4[index]!),
      events3: counts3[index]!,
      events4: counts4[index]!,
      meanSpo2: figures.mean,
      minSpo2: figures.nadir,
      t90Minutes: figures.t90Minutes,
      pulseRate: pulseRateStats(slice),
    }
  })
}
