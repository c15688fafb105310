import type { OximetrySample } from '@openward/core'
import { analyzeRecording, type DesaturationProfile, type OximetrySummary } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'

import type { ReportError } from '../time/report-error.js'
import { checkTimeZone, DEFAULT_TIME_ZONE, type TimeAxis, timeAxisFor } from '../time/time-axis.js'
import { hourlyTable, type HourRow } from './hourly-table.js'
import { pulseRateStats, type PulseRateStats } from './pulse-rate-stats.js'
import { type SamplingInterval, samplingInterval } from './sampling-interval.js'
import { type Spo2Figures, spo2Figures } from './spo2-figures.js'

/** A sustained-low alert as the report shows it (`@openward/spo2`'s alert span has this shape). */
export interface ReportAlert {
  /** `name@version` of the rule that raised it. */
  readonly rule: string
  readonly startMs: number
  /** Null while still open at the end of the data. */
  readonly endMs: number | null
  /** Why it ended (`recovered`, `gap`, ...); null while open. */
  readonly endReason: string | null
  readonly nadir: number
}

/** What {@link overnightReport} reports on. */
export interface OvernightReportInput {
  readonly samples: readonly OximetrySample[]
  /** Sustained-low alerts over the same samples, and the rule in words (`SpO2 ≤ 92 % for ≥ 15 s`). */
  readonly alerts?: readonly ReportAlert[]
  readonly alertRule?: string
  /** Where the samples came from (file name, device): shown under the title. */
  readonly sourceName?: string
  /** Problems met while reading the input (a damaged tail), shown under data quality. */
  readonly warnings?: readonly string[]
  /**
   * Whether the sample times are real dates. Omitted: times before 1990 are taken as offsets from
   * the start (a CSV of `t_seconds`), later ones as dates.
   */
  readonly startKnown?: boolean
}

/** Options of {@link overnightReport}. */
export interface OvernightReportOptions {
  /** IANA zone the clock times are shown in (default `Europe/London`). */
  readonly timeZone?: string
  /** Desaturation profile of the summary (default clinical). */
  readonly profile?: DesaturationProfile
}

/** Everything the overnight report shows, computed; render it with `renderOvernightReportHtml`. */
export interface OvernightReport {
  readonly input: OvernightReportInput
  readonly timeAxis: TimeAxis
  readonly summary: OximetrySummary
  readonly figures: Spo2Figures
  readonly pulseRate: PulseRateStats
  readonly hourly: readonly HourRow[]
  readonly samplingInterval: SamplingInterval
  readonly startMs: number | null
  readonly endMs: number | null
}

/**
 * Computes the overnight report of a recording: the night's summary from `@openward/spo2`, pulse-rate
 * statistics, the hourly table, the sampling interval and the time axis (clock time in `timeZone`, or
 * elapsed time when the recording has no real date). Fails only on an unknown time zone.
 */
export function overnightReport(
  input: OvernightReportInput,
  options: OvernightReportOptions = {},
): E.Either<ReportError, OvernightReport> {
  const zone = checkTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE)
  if (E.isLeft(zone)) return zone
  const { samples } = input
  const summary = analyzeRecording(samples, { profile: options.profile ?? 'clinical' })
  const startMs = samples[0]?.timeMs ?? null
  const endMs = samples[samples.length - 1]?.timeMs ?? null
  return E.right({
    input,
    timeAxis: timeAxisFor(startMs ?? 0, zone.right, input.startKnown),
    summary,
    figures: spo2Figures(summary),
    pulseRate: pulseRateStats(samples),
    hourly: hourlyTable(samples, summary),
    samplingInterval: samplingInterval(samples, summary.samplingIntervalMs),
    startMs,
    endMs,
  })
}
