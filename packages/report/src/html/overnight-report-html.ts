import { type Clock, systemClock } from '@openward/core'
import { SUSTAINED_BELOW_RULE } from '@openward/spo2'

import { formatFigure } from '../overnight/figure.js'
import type { OvernightReport } from '../overnight/overnight-report.js'
import { describeSamplingInterval } from '../overnight/sampling-interval.js'
import { formatDate, formatElapsed, formatTime } from '../time/time-axis.js'
import { type OximetryReport, renderOximetryReportHtml } from './oximetry-report-html.js'

/** Options of {@link renderOvernightReportHtml}. */
export interface OvernightReportHtmlOptions {
  readonly title?: string
  /** The generation time in the footer comes from here (default the system clock). */
  readonly clock?: Clock
  /** Embed the zoomable chart (default true). */
  readonly zoom?: boolean
}

// NHS England oximetry @home thresholds, drawn as reference lines (the key sits outside the plot).
const BANDS = [
  { value: 95, label: '95 %: NHS oximetry @home normal (≥ 95)' },
  { value: 92, label: '92 %: urgent (≤ 92)' },
]

/** The page model of an {@link OvernightReport}: every figure formatted, "no data" spelt out. */
export function overnightReportPage(report: OvernightReport, options: OvernightReportHtmlOptions = {}): OximetryReport {
  const { input, summary: s, figures: fig, pulseRate: pr, timeAxis: axis } = report
  const alerts = input.alerts ?? []
  const alertRule = input.alertRule ?? 'sustained-low rule'
  const f = formatFigure
  const start = report.startMs
  const end = report.endMs
  const spanText =
    start === null || end === null
      ? 'no samples'
      : axis.kind === 'clock'
        ? `${formatDate(start, axis.timeZone)} ${formatTime(start, axis, { withZone: true })} to ${formatDate(end, axis.timeZone)} ${formatTime(end, axis, { withZone: true })} (${formatElapsed(end - start)} h:min), times in ${axis.timeZone}`
        : `${formatElapsed(end - start)} h:min; date unknown (the recording holds times since its start, so times are shown as elapsed h:min)`
  const first = input.samples[0]
  const device = first?.provenance.device
  const insufficient = s.insufficient
  const noDataLine =
    insufficient === null
      ? []
      : insufficient.affects === 'all'
        ? [`No figures: ${insufficient.message}. Every SpO2 figure reads “no data”, not 0.`]
        : [`No desaturation index: ${insufficient.message}. ODI reads “no data”, not 0; the other figures stand.`]
  return {
    title: options.title ?? `Overnight oximetry${input.sourceName === undefined ? '' : `: ${input.sourceName}`}`,
    source: [
      ...(input.sourceName === undefined ? [] : [`Recording: ${input.sourceName} (${input.samples.length} samples)`]),
      `Span: ${spanText}`,
      `Source: ${first?.provenance.protocol ?? 'n/a'}${device?.name === undefined ? '' : `, device ${device.name}`}; sampling ${describeSamplingInterval(report.samplingInterval)}`,
    ],
    spo2: input.samples.map((x) => ({ timeMs: x.timeMs, value: x.spo2 })),
    pulseRate: input.samples.map((x) => ({ timeMs: x.timeMs, value: x.pulseRate })),
    spans: [
      ...alerts.map((a) => ({
        startMs: a.startMs,
        endMs: a.endMs,
        label: a.rule,
        kind: 'alert' as const,
        detail: `${alertRule}; nadir ${a.nadir} %${a.endReason !== null && a.endReason !== 'recovered' ? `; ended by ${a.endReason}, not recovery` : ''}`,
      })),
      ...eventSpans(s.events3, s.events4),
    ],
    summary: [
      { label: 'Profile', value: `${s.profile} (${s.rule.name}@${s.rule.version})` },
      {
        label: 'Valid SpO2 time',
        value: `${formatElapsed(fig.validMinutes * 60_000)} h:min (${(100 * fig.coverage).toFixed(1)} % of the recording)`,
      },
      {
        label: 'ODI3 (3 % desaturations per hour)',
        value: `${f(fig.odi3, 1, '/h')}${fig.odi3.value === null ? '' : ` (${fig.events3} events)`}`,
      },
      {
        label: 'ODI4 (4 % desaturations per hour)',
        value: `${f(fig.odi4, 1, '/h')}${fig.odi4.value === null ? '' : ` (${fig.events4} events)`}`,
      },
      { label: `T90 (time ${s.ctComparison} 90 %)`, value: f(fig.t90Minutes, 1, 'min') },
      {
        label: `CT90 / CT88 (share of time ${s.ctComparison} 90 % / 88 %)`,
        value: fig.ct90.value === null ? f(fig.ct90) : `${f(fig.ct90, 1, '%')} / ${f(fig.ct88, 1, '%')}`,
      },
      { label: 'Nadir SpO2', value: f(fig.nadir, 0, '%') },
      { label: 'Mean SpO2', value: f(fig.mean, 1, '%') },
      // Alerts are the caller's to compute: without them the row is left out, not shown as 0.
      ...(input.alerts === undefined
        ? []
        : [{ label: `Sustained-low alerts (${alertRule})`, value: String(alerts.length) }]),
    ],
    pulseRateSummary: [
      { label: 'Mean pulse rate', value: f(pr.mean, 0, '/min') },
      {
        label: 'Lowest / highest pulse rate',
        value: pr.min.value === null ? f(pr.min) : `${f(pr.min, 0, '/min')} / ${f(pr.max, 0, '/min')}`,
      },
      { label: 'Readings with a pulse rate', value: `${pr.readings} of ${input.samples.length}` },
    ],
    ruleSets: [
      ...(alerts.length > 0 || input.alertRule !== undefined
        ? [`${SUSTAINED_BELOW_RULE.name}@${SUSTAINED_BELOW_RULE.version} (${alertRule})`]
        : []),
      `${s.rule.name}@${s.rule.version}`,
      ...new Set(s.events3.concat(s.events4).map((e) => `${e.rule.name}@${e.rule.version}`)),
    ],
    dataQuality: [
      ...noDataLine,
      `${(s.dataQuality.validSeconds / 60).toFixed(1)} of ${(s.dataQuality.totalSeconds / 60).toFixed(1)} minutes carry a valid SpO2 value (${(100 * s.dataQuality.invalidFraction).toFixed(1)} % invalid or missing).`,
      `Sampling: ${describeSamplingInterval(report.samplingInterval)}.`,
      ...(fig.odi3.value !== null && fig.coverage < 0.8
        ? ['Less than 80 % valid signal: indices may under-count events.']
        : []),
      ...(axis.kind === 'elapsed' ? [`Times: ${axis.reason}.`] : []),
      ...(input.warnings ?? []).map((w) => `The recording was damaged: ${w}. Samples before the damage are shown.`),
    ],
    bands: BANDS,
    timeAxis: axis,
    hourly: report.hourly,
    zoom: options.zoom ?? true,
    generatedAt: new Date((options.clock ?? systemClock).now()).toISOString(),
  }
}

type Desaturation = OvernightReport['summary']['events3'][number]

const overlaps = (a: Desaturation, b: Desaturation) => a.startMs < b.endMs && b.startMs < a.endMs

/**
 * Every desaturation as a list row: the 3 % events, each saying whether the 4 % rule counted it too
 * (ODI4 is a subset in practice), then any 4 % event no 3 % event overlaps, so none goes unlisted.
 */
function eventSpans(events3: readonly Desaturation[], events4: readonly Desaturation[]) {
  const row = (e: Desaturation, note: string) => ({
    startMs: e.startMs,
    endMs: e.endMs,
    label: `${e.rule.name}@${e.rule.version}`,
    kind: 'event' as const,
    detail: `−${e.depth.toFixed(1)} points from ${e.baseline.toFixed(1)} %, nadir ${e.nadir.toFixed(1)} %, ${e.durationS} s${e.truncated ? ' (cut short)' : ''}${note}`,
  })
  return [
    ...events3.map((e) => row(e, events4.some((f) => overlaps(e, f)) ? '; also a 4 % event' : '')),
    ...events4.filter((f) => !events3.some((e) => overlaps(e, f))).map((f) => row(f, '; 4 % rule only')),
  ]
}

/** Renders an {@link OvernightReport} as the self-contained HTML page (zoomable chart, print to A4). */
export function renderOvernightReportHtml(report: OvernightReport, options: OvernightReportHtmlOptions = {}): string {
  return renderOximetryReportHtml(overnightReportPage(report, options))
}
