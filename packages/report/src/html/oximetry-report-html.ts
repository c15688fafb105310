import { escapeHtml } from './html-escape.js'
import type { TracePoint } from '../svg/min-max-decimate.js'
import { renderSpo2HistogramSvg } from '../svg/spo2-histogram-svg.js'
import { renderSpo2TraceSvg, type TraceSpan } from '../svg/spo2-trace-svg.js'

/** Everything the oximetry report shows. The numbers are computed by the caller (`@openward/spo2`). */
export interface OximetryReport {
  readonly title: string
  /** Lines about the source: file, device, protocol, start time, duration. */
  readonly source: readonly string[]
  readonly spo2: readonly TracePoint[]
  readonly pulseRate?: readonly TracePoint[]
  /** Alerts and desaturation events, drawn on the trace and listed in a table. */
  readonly spans: readonly (TraceSpan & { readonly detail?: string })[]
  /** The summary table (ODI, CT90, nadir, ...), already formatted. */
  readonly summary: readonly { readonly label: string; readonly value: string }[]
  /** Rule sets and versions used, e.g. `nhse-oximetry-home-2022`. */
  readonly ruleSets: readonly string[]
  readonly dataQuality: readonly string[]
  readonly bands?: readonly { readonly value: number; readonly label: string }[]
  /** When the report was generated (ISO 8601), shown in the footer. */
  readonly generatedAt: string
}

const MAX_ROWS = 25

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
 * Renders a self-contained, printable (A4) HTML page: no scripts, no network, inline SVG and CSS.
 * Every piece of caller text is escaped.
 */
export function renderOximetryReportHtml(report: OximetryReport): string {
  const e = escapeHtml
  const trace = renderSpo2TraceSvg({
    spo2: report.spo2,
    ...(report.pulseRate === undefined ? {} : { pulseRate: report.pulseRate }),
    spans: report.spans,
    bands: report.bands ?? [],
  })
  const histogram = renderSpo2HistogramSvg(report.spo2.map((p) => p.value))
  const t0 = report.spo2[0]?.timeMs ?? 0
  const rel = (t: number | null) => (t === null ? 'ongoing' : formatOffset(t - t0))
  // A night can hold hundreds of alerts and events: the table lists the first MAX_ROWS of each kind
  // and counts the rest (all are drawn on the trace and listed in the JSON output).
  const alerts = report.spans.filter((s) => s.kind === 'alert')
  const events = report.spans.filter((s) => s.kind !== 'alert')
  const hidden = Math.max(0, alerts.length - MAX_ROWS) + Math.max(0, events.length - MAX_ROWS)
  const spanRows = [...alerts.slice(0, MAX_ROWS), ...events.slice(0, MAX_ROWS)]
    .map(
      (s) =>
        `<tr data-row="${s.kind}"><td>${e(s.kind)}</td><td>${rel(s.startMs)}</td><td>${rel(s.endMs)}</td><td>${e(s.label)}</td><td>${e(s.detail ?? '')}</td></tr>`,
    )
    .join('\n')
    .concat(
      hidden > 0
        ? `\n<tr><td colspan="5">… and ${hidden} more (${alerts.length} alerts and ${events.length} events in all; every one is drawn above and listed in the JSON output)</td></tr>`
        : '',
    )
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(report.title)}</title>
<style>
  @page { size: A4; margin: 14mm; }
  body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2430; max-width: 1000px; margin: 24px auto; padding: 0 16px; }
  h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 22px 0 6px; border-bottom: 1px solid #d5dbe3; }
  .source { color: #4a5568; margin: 0; padding-left: 18px; }
  table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #e3e8ef; padding: 3px 6px; text-align: left; }
  .summary td:first-child { width: 40%; color: #4a5568; }
  .trace-spo2 { fill: none; stroke: #1f5fbf; stroke-width: 1.2; } .trace-pr { fill: none; stroke: #c0392b; stroke-width: 0.8; opacity: .7; }
  .span-alert { fill: #e74c3c; opacity: .22; } .span-event { fill: #e67e22; opacity: .8; }
  .grid { stroke: #e3e8ef; } .band { stroke: #8e44ad; stroke-dasharray: 4 3; } .band-label { fill: #8e44ad; font-size: 10px; }
  .axis { fill: #4a5568; font-size: 10px; } .hist-bar { fill: #1f5fbf; } .hist-bar.low { fill: #c0392b; }
  .caveat { background: #fff8e1; border-left: 4px solid #f1c40f; padding: 8px 12px; }
  footer { margin-top: 24px; color: #718096; font-size: 11px; }
  @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } svg, table { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${e(report.title)}</h1>
<ul class="source">${report.source.map((s) => `<li>${e(s)}</li>`).join('')}</ul>
<h2>SpO<sub>2</sub> and pulse rate</h2>
<figure id="trace">${trace}</figure>
<h2>Summary</h2>
<table class="summary"><tbody>${report.summary.map((r) => `<tr><td>${e(r.label)}</td><td>${e(r.value)}</td></tr>`).join('')}</tbody></table>
<h2>Alerts and events (${report.spans.length})</h2>
<table class="events"><thead><tr><th>kind</th><th>start</th><th>end</th><th>rule</th><th>detail</th></tr></thead><tbody>
${spanRows || '<tr><td colspan="5">none</td></tr>'}
</tbody></table>
<h2>SpO<sub>2</sub> distribution</h2>
<figure id="histogram">${histogram}</figure>
<h2>Rule sets</h2>
<ul>${report.ruleSets.map((r) => `<li><code>${e(r)}</code></li>`).join('')}</ul>
<h2>Data quality</h2>
<ul>${report.dataQuality.map((r) => `<li>${e(r)}</li>`).join('')}</ul>
<h2>Accuracy and limits</h2>
<p class="caveat">${e(CAVEAT)}</p>
<footer>Generated by Openward at ${e(report.generatedAt)}. Not a medical device report; see the intended-use statement.</footer>
</body>
</html>
`
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
