/**
 * `@openward/cli`: the `openward` command. The programmatic entry lets other tools run a command
 * in-process with their own streams.
 *
 * @packageDocumentation
 */
export type { Command, CommandEntry, CommandIo } from './command.js'
export { ExitCode } from './command.js'
export { commands } from './commands/index.js'
export { main } from './main.js'
export { nodeIo } from './node-io.js'
export type { InputKind } from './input/detect-input.js'
export { detectInput } from './input/detect-input.js'
export type { InputFormat, LoadedSamples, LoadFailure, LoadSamplesOptions } from './input/load-samples.js'
export { loadSamples, loadSamplesOrThrow } from './input/load-samples.js'
export { publicLoadOrExit as loadOrExit } from './input/load-or-exit.js'
/** @deprecated `alertSpans` moved to `@openward/spo2`; import it from there. */
export type { AlertSpan } from '@openward/spo2'
/** @deprecated `alertSpans` moved to `@openward/spo2`; import it from there. */
export { alertSpans } from '@openward/spo2'
/** @deprecated The report renderers moved to `@openward/report`; import them from there. */
export type { OximetryReport, TraceChart, TracePoint, TraceSpan } from '@openward/report'
/** @deprecated The report renderers moved to `@openward/report`; import them from there. */
export { minMaxDecimate, renderOximetryReportHtml, renderSpo2HistogramSvg, renderSpo2TraceSvg } from '@openward/report'
export { UsageError } from './usage-error.js'
