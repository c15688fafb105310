import type { OximetrySample, SampleColumns } from '@openward/core'

import { clip, type InputKind } from './detect-input.js'

// The loader's types and its one-line failure wording, shared by the loader and the parsers it loads
// on demand (parse-input.ts), kept apart so neither imports the other.

/** The formats the shared loader reads (detected by content). */
export type InputFormat = Exclude<InputKind['kind'], 'unknown'>

/** What a command got from an input file. */
export interface LoadedSamples {
  readonly samples: readonly OximetrySample[]
  /**
   * The samples as typed columns (a few bytes per sample), set instead of `samples` (then empty) when
   * `columnsForCsv` was asked and the input is a plain CSV.
   */
  readonly columns?: SampleColumns
  readonly format: InputFormat
  /** True when the samples carry real clock times; false for a CSV without `--start` (times count from 0). */
  readonly startKnown: boolean
  /**
   * Set when the input was cut short or damaged part-way (a damaged or truncated line, a recording
   * whose end marker is missing lines, an EDF with fewer records than declared): the samples before
   * the damage are kept, and commands exit 5 ("incomplete") after printing the figures.
   */
  readonly incomplete?: string
  /** Non-fatal findings, each one line (e.g. a recording written before end markers existed). */
  readonly warnings: readonly string[]
  /** `incomplete` and `warnings` in one line (kept for callers written before they were split). */
  readonly warning?: string
}

/** Why no samples could be loaded: the file could not be read (exit 3) or is not a recording (exit 1). */
export type LoadFailure =
  | { readonly _tag: 'CannotRead'; readonly message: string }
  | { readonly _tag: 'InvalidRecording'; readonly message: string }

/** Options of {@link loadSamples}. */
export interface LoadSamplesOptions {
  /** Wall-clock time of t = 0 for CSV input (ms since the epoch); without it, CSV times are not dates. */
  readonly startTimeMs?: number
  /** Device files (EDF, Viatom) hold local time with no zone: its offset from UTC in minutes (default 0). */
  readonly utcOffsetMinutes?: number
  /** Read as this format instead of detecting it (`openward import --format`). */
  readonly format?: InputFormat
  /**
   * Load a plain CSV into `columns` (typed arrays, no object per row) instead of `samples`: for batch
   * summaries of long recordings (`openward analyze`; issue 19).
   */
  readonly columnsForCsv?: boolean
}

/** What a parser returns, before `warning` joins its findings. */
export type Parsed = Omit<LoadedSamples, 'warning'>

/** An importer's failure as one line, naming the line of the file when the message does not already. */
export function located(e: { message: string; line?: number | undefined }): string {
  return clip(
    e.line === undefined || e.message.includes(`line ${e.line}`) ? e.message : `line ${e.line}: ${e.message}`,
    300,
  )
}
