/**
 * `@openward/cli`: the `openward` command. The programmatic entry lets other tools run a command
 * in-process with their own streams.
 *
 * @packageDocumentation
 */
export type { Command, CommandIo } from './command.js'
export { ExitCode } from './command.js'
export { commands } from './commands/index.js'
export { main } from './main.js'
export { nodeIo } from './node-io.js'
export type { LoadedSamples, LoadFailure } from './input/load-samples.js'
export { loadSamples } from './input/load-samples.js'
export type { AlertSpan } from './report/alert-spans.js'
export { alertSpans } from './report/alert-spans.js'
export type { TracePoint } from './report/min-max-decimate.js'
export { minMaxDecimate } from './report/min-max-decimate.js'
export type { OximetryReport } from './report/oximetry-report-html.js'
export { renderOximetryReportHtml } from './report/oximetry-report-html.js'
export { renderSpo2HistogramSvg } from './report/spo2-histogram-svg.js'
export type { TraceChart, TraceSpan } from './report/spo2-trace-svg.js'
export { renderSpo2TraceSvg } from './report/spo2-trace-svg.js'
export { UsageError } from './usage-error.js'
