import type { HourRow } from '../overnight/hourly-table.js'
import { formatTime, type TimeAxis } from '../time/time-axis.js'
import type { TracePoint } from '../svg/min-max-decimate.js'
import { renderSpo2HistogramSvg } from '../svg/spo2-histogram-svg.js'
import { renderSpo2TraceSvg, type TraceSpan } from '../svg/spo2-trace-svg.js'
import { renderHourlyTable } from './hourly-table-html.js'
import { escapeHtml } from './html-escape.js'
import { REPORT_CSS } from './report-css.js'
import { renderZoomChart } from './zoom-chart.js'

/** Everything the oximetry report shows. The numbers are computed by the caller (`@openward/spo2`). */
export interface OximetryReport {
  readonly title: string
  /** Lines about the source: file, device, protocol, start time, duration. */
  readonly source: readonly string[]
  readonly spo2: readonly TracePoint[]
  readonly pulseRate?: readonly TracePoint[]
  /** Alerts and desaturation events, drawn on the trace and listed (all of them) in a table. */
  readonly spans: readonly (TraceSpan & { readonly detail?: string })[]
  /** The summary table (ODI, CT90, nadir, ...), already formatted. */
  readonly summary: readonly { readonly label: string; readonly value: string }[]
  /** Pulse-rate statistics, already formatted; shown as their own table when given. */
  readonly pulseRateSummary?: readonly { readonly label: string; readonly value: string }[]
  /** Rule sets and versions used, e.g. `nhse-oximetry-home-2022`. */
  readonly ruleSets: readonly string[]
  readonly dataQuality: readonly string[]
  readonly bands?: readonly { readonly value: number; readonly label: string }[]
  /**
   * How times are shown. Omitted: elapsed time from the first sample (`m:ss`), as before clock
   * time existed.
   */
  readonly timeAxis?: TimeAxis
  /** The hourly table (see `hourlyTable`); omitted, no table. */
  readonly hourly?: readonly HourRow[]
  /**
   * Embed the zoomable chart (uPlot, inline: one script, no network). Default false: a page with no
   * script at all, only the static SVG.
   */
  readonly zoom?: boolean
  /** When the report was generated (ISO 8601), shown in the footer. */
  readonly generatedAt: string
}

// Sources: ISO 80601-2-61 (accuracy as Arms over 70–100 % SaO2); FDA safety communication (2021),
// NHS Race and Health Observatory (2021) and the Equity in Medical Devices independent review (2024)
// on overestimation in darker skin.
const CAVEAT =
  'Pulse oximeters estimate arterial oxygen saturation; ISO 80601-2-61 requires an accuracy (Arms) of 4 % or ' +
  'better over 70–100 % SaO2. They can overestimate saturation in people with darker skin pigmentation (FDA ' +
  'safety communication 2021; NHS Race and Health Observatory 2021; Equity in Medical Devices independent review ' +
  '2024), so trends matter more than any single value. Motion, low perfusion, cold hands, nail polish, carbon ' +
  'monoxide and the first seconds after the probe is placed degrade readings. This report supports, and does not ' +
  'replace, clinical judgement.'

/**
 * Renders a self-contained, printable (A4) HTML page: inline SVG and CSS, no network; with `zoom`,
 * also the zoomable chart and its inline uPlot script. Every piece of caller text is escaped.
 *
 * Every alert and event is listed, in a collapsible list (a night can hold hundreds; cutting the list
 * would hide some from the reader of a printout).
 */
export function renderOximetryReportHtml(report: OximetryReport): string {
  const e = escapeHtml
  const bands = report.bands ?? []
  const trace = renderSpo2TraceSvg({
    spo2: report.spo2,
    ...(report.pulseRate === undefined ? {} : { pulseRate: report.pulseRate }),
    spans: report.spans,
    bands,
    ...(report.timeAxis === undefined ? {} : { timeAxis: report.timeAxis }),
  })
  const histogram = renderSpo2HistogramSvg(report.spo2.map((p) => p.value))
  const t0 = report.spo2[0]?.timeMs ?? 0
  const axis = report.timeAxis
  const at = (t: number | null) =>
    t === null ? 'ongoing' : axis === undefined ? formatOffset(t - t0) : formatTime(t, axis, { withSeconds: true })
  const alerts = report.spans.filter((s) => s.kind === 'alert')
  const events = report.spans.filter((s) => s.kind !== 'alert')
  const spanRows = [...alerts, ...events]
    .map(
      (s) =>
        `<tr data-row="${s.kind}"><td>${e(s.kind)}</td><td>${at(s.startMs)}</td><td>${at(s.endMs)}</td><td>${e(s.label)}</td><td>${e(s.detail ?? '')}</td></tr>`,
    )
    .join('\n')
  const zoom =
    report.zoom === true && axis !== undefined
      ? renderZoomChart({
          timeAxis: axis,
          timesMs: report.spo2.map((p) => p.timeMs),
          spo2: report.spo2.map((p) => p.value),
          ...(report.pulseRate === undefined ? {} : { pulseRate: alignTo(report.spo2, report.pulseRate) }),
          spans: report.spans,
          bands: bands.map((b) => b.value),
        })
      : undefined
  const table = (rows: readonly { readonly label: string; readonly value: string }[], cls: string) =>
    `<table class="${cls}"><tbody>${rows.map((r) => `<tr><td>${e(r.label)}</td><td>${e(r.value)}</td></tr>`).join('')}</tbody></table>`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(report.title)}</title>
<style>
${REPORT_CSS}
${zoom?.css ?? ''}
</style>
</head>
<body>
<h1>${e(report.title)}</h1>
<ul class="source">${report.source.map((s) => `<li>${e(s)}</li>`).join('')}</ul>
<h2>SpO<sub>2</sub> and pulse rate</h2>
${zoom?.html ?? ''}
<figure id="trace">${trace}</figure>
<h2>Summary</h2>
${table(report.summary, 'summary')}
${report.pulseRateSummary === undefined ? '' : `<h2>Pulse rate</h2>\n${table(report.pulseRateSummary, 'summary pulse-rate')}`}
${report.hourly === undefined || axis === undefined ? '' : `<h2>Hour by hour</h2>\n${renderHourlyTable(report.hourly, axis)}`}
<h2>Alerts and events (${report.spans.length})</h2>
<details class="events-list"${report.spans.length <= 40 ? ' open' : ''}>
<summary>All ${alerts.length} alerts and ${events.length} events, in time order within each kind (select to ${report.spans.length <= 40 ? 'hide' : 'show'})</summary>
<table class="events"><thead><tr><th>kind</th><th>start</th><th>end</th><th>rule</th><th>detail</th></tr></thead><tbody>
${spanRows || '<tr><td colspan="5">none</td></tr>'}
</tbody></table>
</details>
<h2>SpO<sub>2</sub> distribution</h2>
<figure id="histogram">${histogram}</figure>
<h2>Rule sets</h2>
<ul>${report.ruleSets.map((r) => `<li><code>${e(r)}</code></li>`).join('')}</ul>
<h2>Data quality</h2>
<ul class="data-quality">${report.dataQuality.map((r) => `<li>${e(r)}</li>`).join('')}</ul>
<h2>Accuracy and limits</h2>
<p class="caveat">${e(CAVEAT)}</p>
<footer>Generated by Openward at ${e(report.generatedAt)}. Not a medical device report; see the intended-use statement.</footer>
</body>
</html>
`
}

/** The pulse-rate values at the SpO2 trace's times (the zoom chart shares one x array). */
function alignTo(spo2: readonly TracePoint[], pulseRate: readonly TracePoint[]): (number | null)[] {
  if (pulseRate.length === spo2.length && pulseRate.every((p, i) => p.timeMs === spo2[i]?.timeMs)) {
    return pulseRate.map((p) => p.value)
  }
  const byTime = new Map(pulseRate.map((p) => [p.timeMs, p.value]))
  return spo2.map((p) => byTime.get(p.timeMs) ?? null)
}

function formatOffset(ms: number): string {
  const s = Math.round(ms / 1000)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  return h > 0
    ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`
    : `${m}:${String(sec).padStart(2, '0')}`
}
