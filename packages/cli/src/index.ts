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
/** @deprecated The report renderers moved to `@openward/report`; import them from there. */
export type { OximetryReport, TraceChart, TracePoint, TraceSpan } from '@openward/report'
/** @deprecated The report renderers moved to `@openward/report`; import them from there. */
export { minMaxDecimate, renderOximetryReportHtml, renderSpo2HistogramSvg, renderSpo2TraceSvg } from '@openward/report'
export { UsageError } from './usage-error.js'
