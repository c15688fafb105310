/**
 * `@openward/report`: the overnight-oximetry report as a self-contained HTML page (inline SVG and
 * CSS, no network), and its SVG figures. Browser-safe: no Node built-ins.
 *
 * @packageDocumentation
 */
export { escapeHtml } from './html/html-escape.js'
export type { OximetryReport } from './html/oximetry-report-html.js'
export { renderOximetryReportHtml } from './html/oximetry-report-html.js'
export type { TracePoint } from './svg/min-max-decimate.js'
export { minMaxDecimate } from './svg/min-max-decimate.js'
export { renderSpo2HistogramSvg } from './svg/spo2-histogram-svg.js'
export type { TraceChart, TraceSpan } from './svg/spo2-trace-svg.js'
export { renderSpo2TraceSvg } from './svg/spo2-trace-svg.js'
