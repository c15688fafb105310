import { decodeWith, describeThrown, OximetrySample } from '@openward/core'
import { importOximetryCsv, recordingText, replay } from '@openward/oximeter'
import * as E from 'fp-ts/lib/Either.js'
import { VirtualTimeScheduler } from 'rxjs'

import type { CommandIo } from '../command.js'
import { readInputBytes } from './read-input.js'

/** What a command got from a recording file. */
export interface LoadedSamples {
  readonly samples: readonly OximetrySample[]
  readonly format: 'csv' | 'jsonl' | 'owrec'
  /** Set when the file was damaged part-way: the samples before the damage are kept. */
  readonly warning?: string
}

/** Why no samples could be loaded: the file could not be read (exit 3) or is not a recording (exit 1). */
export type LoadFailure =
  | { readonly _tag: 'CannotRead'; readonly message: string }
  | { readonly _tag: 'InvalidRecording'; readonly message: string }

/**
 * Loads samples from a recording in any format the CLI accepts:
 * - `*.owrec` / `*.owrec.gz`: an Openward raw recording, replayed through its protocol's decoder in
 *   virtual time (a damaged line keeps every sample before it, with a warning);
 * - `*.jsonl` / `*.ndjson`: one `OximetrySample` JSON object per line;
 * - anything else (or `-` for stdin): CSV `t_seconds,spo2[,pr[,pi]]`.
 */
export async function loadSamples(
  path: string,
  io: CommandIo,
  startTimeMs = 0,
): Promise<E.Either<LoadFailure, LoadedSamples>> {
  const read = await readInputBytes(path, io)
  if (E.isLeft(read)) return E.left({ _tag: 'CannotRead', message: `cannot read ${path}: ${read.left}` })
  const bytes = read.right
  // Gunzip first: replay() would gunzip asynchronously, after the virtual clock has been flushed.
  if (/\.owrec(\.gz)?$/i.test(path)) return E.right(replayAll(await recordingText(bytes)))
  const text = new TextDecoder().decode(bytes)
  if (/\.(jsonl|ndjson)$/i.test(path)) return parseJsonLines(text, path)
  const csv = importOximetryCsv(text, { startTimeMs })
  return E.isLeft(csv)
    ? E.left({ _tag: 'InvalidRecording', message: `${path} is not a valid recording: ${csv.left.message}` })
    : E.right({ samples: csv.right, format: 'csv' })
}

function replayAll(text: string): LoadedSamples {
  const scheduler = new VirtualTimeScheduler()
  const samples: OximetrySample[] = []
  let warning: string | undefined
  replay(text, { scheduler }).subscribe({
    next: (s) => samples.push(s),
    error: (e: unknown) => (warning = describeThrown(e)),
  })
  scheduler.flush()
  return warning === undefined ? { samples, format: 'owrec' } : { samples, format: 'owrec', warning }
}

function parseJsonLines(text: string, path: string): E.Either<LoadFailure, LoadedSamples> {
  const samples: OximetrySample[] = []
  const lines = text.split(/\r?\n/)
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim()
    if (line === '') continue
    let json: unknown
    try {
      json = JSON.parse(line)
    } catch {
      return E.left({ _tag: 'InvalidRecording', message: `${path} line ${i + 1}: not JSON` })
    }
    const decoded = decodeWith(OximetrySample)(json)
    if (E.isLeft(decoded))
      return E.left({ _tag: 'InvalidRecording', message: `${path} line ${i + 1}: ${decoded.left.message}` })
    samples.push(decoded.right)
  }
  return E.right({ samples, format: 'jsonl' })
}
