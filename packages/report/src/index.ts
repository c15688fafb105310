/**
 * `@openward/report`: the overnight-oximetry report as a self-contained HTML page (inline SVG, CSS
 * and, for the zoomable chart, an inline copy of uPlot: no network), and its figures. Browser-safe:
 * no Node built-ins.
 *
 * @packageDocumentation
 */
export { escapeHtml } from './html/html-escape.js'
export { renderHourlyTable } from './html/hourly-table-html.js'
export type { OximetryReport } from './html/oximetry-report-html.js'
export { renderOximetryReportHtml } from './html/oximetry-report-html.js'
export type { OvernightReportHtmlOptions } from './html/overnight-report-html.js'
export { overnightReportPage, renderOvernightReportHtml } from './html/overnight-report-html.js'
export type { ZoomChartData } from './html/zoom-chart.js'
export { renderZoomChart, scriptJson } from './html/zoom-chart.js'
export type { Figure } from './overnight/figure.js'
export { formatFigure, known, noData } from './overnight/figure.js'
export type { HourlyTableOptions, HourRow } from './overnight/hourly-table.js'
export { hourlyTable } from './overnight/hourly-table.js'
export type {
  OvernightReport,
  OvernightReportInput,
  OvernightReportOptions,
  ReportAlert,
} from './overnight/overnight-report.js'
export { overnightReport } from './overnight/overnight-report.js'
export type { PulseRateStats } from './overnight/pulse-rate-stats.js'
export { pulseRateStats } from './overnight/pulse-rate-stats.js'
export type { SamplingInterval } from './overnight/sampling-interval.js'
export { describeSamplingInterval, samplingInterval } from './overnight/sampling-interval.js'
export type { Spo2Figures } from './overnight/spo2-figures.js'
export { spo2Figures } from './overnight/spo2-figures.js'
export type { TracePoint } from './svg/min-max-decimate.js'
export { minMaxDecimate } from './svg/min-max-decimate.js'
export { renderSpo2HistogramSvg } from './svg/spo2-histogram-svg.js'
export type { TraceChart, TraceSpan } from './svg/spo2-trace-svg.js'
export { renderSpo2TraceSvg } from './svg/spo2-trace-svg.js'
export type { ReportError, UnknownTimeZone } from './time/report-error.js'
export type { FormatTimeOptions, TimeAxis, TimeTick } from './time/time-axis.js'
export {
  checkTimeZone,
  DEFAULT_TIME_ZONE,
  EARLIEST_DATED_MS,
  formatClock,
  formatDate,
  formatElapsed,
  formatTime,
  timeAxisFor,
  timeTicks,
  wallTimeOffsetMinutes,
  zoneName,
  zoneOffsetMinutes,
} from './time/time-axis.js'
export { UPLOT_VERSION } from './vendor/uplot.generated.js'
