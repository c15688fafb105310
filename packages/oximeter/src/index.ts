/**
 * `@openward/oximeter` — see README.md for what this package owns.
 *
 * @packageDocumentation
 */
export {}
export type { OximetryCsvOptions } from './import/oximetry-csv.js'
export { importOximetryCsv } from './import/oximetry-csv.js'
export type { ReplayOptions } from './replay/replay-samples.js'
export { replaySamples } from './replay/replay-samples.js'
