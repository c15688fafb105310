import { resolve } from 'node:path'
import { gunzipSync } from 'node:zlib'

import { describeThrown, getOrThrow, type Implausible } from '@openward/core'
import { importOximetryCsvColumnsFromChunks, isGzip, refuseImplausible } from '@openward/oximeter'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import type { CommandIo } from '../command.js'
import { detectInput } from './detect-input.js'
import {
  type InputFormat,
  type LoadedSamples,
  type LoadFailure,
  type LoadSamplesOptions,
  located,
  type Parsed,
} from './loaded-samples.js'
import { describeFsError, readInputBytes } from './read-input.js'
import { fileHead, filePieces } from './read-pieces.js'

export type { InputFormat, LoadedSamples, LoadFailure, LoadSamplesOptions } from './loaded-samples.js'

/** Decompressed inputs larger than this are refused (a gzip bomb must not exhaust memory). */
const MAX_INFLATED_BYTES = 1 << 30

/**
 * Loads samples from any input the CLI accepts, told apart by content (README, "Inputs"):
 * an Openward recording (`.owrec`), JSON lines of samples, CSV `t_seconds,spo2[,pr[,pi]]`,
 * a Viatom/Wellue/Checkme CSV export, EDF/EDF+ (including EDF+D with gaps) or a Viatom O2 stored
 * file, each optionally gzipped; `-` reads standard input. A file of another kind is refused with
 * a message naming it and saying what it looks like.
 *
 * A lazy `TaskEither` (the SDK's failure convention for one asynchronous answer): nothing is read
 * until it is run, and its promise never rejects; a file that cannot be read is a `Left`
 * `CannotRead`, one that is not a recording an `InvalidRecording` ({@link LoadFailure}).
 * {@link loadSamplesOrThrow} rejects with an `OpenwardError` instead.
 *
 * @example
 * const loaded = await loadSamples('night.owrec.gz', nodeIo())()
 * if (E.isLeft(loaded)) console.error(loaded.left.message)
 * else console.log(loaded.right.samples.length, loaded.right.incomplete ?? 'whole')
 */
export function loadSamples(
  path: string,
  io: CommandIo,
  options: LoadSamplesOptions | number = {},
): TE.TaskEither<LoadFailure, LoadedSamples> {
  return () => load(path, io, options)
}

/**
 * {@link loadSamples} as a promise of the samples that rejects with an `OpenwardError` whose `error`
 * is the {@link LoadFailure} (`isOpenwardError(e, 'CannotRead')`).
 */
export async function loadSamplesOrThrow(
  path: string,
  io: CommandIo,
  options: LoadSamplesOptions | number = {},
): Promise<LoadedSamples> {
  return getOrThrow(await load(path, io, options))
}

async function load(
  path: string,
  io: CommandIo,
  options: LoadSamplesOptions | number,
): Promise<E.Either<LoadFailure, LoadedSamples>> {
  // A number is the start time (the signature before options existed).
  const o: LoadSamplesOptions = typeof options === 'number' ? { startTimeMs: options } : options
  if (o.columnsForCsv === true && path !== '-' && (o.format === undefined || o.format === 'csv')) {
    const inPieces = loadCsvColumnsInPieces(path, resolve(io.cwd, path), o)
    if (inPieces !== undefined) return inPieces
  }
  const read = await readInput(path, io)
  if (E.isLeft(read)) return read
  const invalid = (why: string): E.Either<LoadFailure, never> =>
    E.left({ _tag: 'InvalidRecording', message: `${path} is not a valid recording: ${why}` })
  const bytes = read.right
  const kind = o.format === undefined ? detectInput(bytes) : { kind: o.format }
  if (kind.kind === 'unknown') return invalid(`it looks like ${kind.looksLike}`)
  // Impossible values are refused where samples are made (the importers and the chunk decoder, one
  // rule in @openward/oximeter); here they are only counted, so the command can say so.
  const refused: Implausible[] = []
  const onImplausible = (reason: Implausible) => void refused.push(reason)
  const { parse } = await import('./parse-input.js')
  const loaded = parse(kind.kind, bytes, { ...o, onImplausible })
  if (E.isLeft(loaded)) return invalid(`${loaded.left} (read as ${describeFormat(kind.kind)})`)
  // JSON lines are not importer output: the same rule applies to them here. Recordings were checked
  // (and their refusals counted) by the replay that read them, so their values are refused once.
  const samples = kind.kind === 'jsonl' ? refuseImplausible(loaded.right.samples, onImplausible) : loaded.right.samples
  const [first] = refused
  if (first === undefined) return E.right(withWarning(loaded.right))
  const note = `${refused.length} impossible value(s) refused and treated as no reading (first: ${first.message})`
  return E.right(withWarning({ ...loaded.right, samples, warnings: [...loaded.right.warnings, note] }))
}

/** How much of a file is read to tell its format (more than `detectInput` looks at). */
const HEAD_BYTES = 1 << 16

/**
 * A plain (not gzipped) CSV file read into columns in pieces, so its bytes are never held whole (issue 19:
 * a 30-day 1 Hz file is 27 MB of text). Undefined when the file is not such a file (then it is loaded the
 * usual way, which reports any problem); otherwise the same answer as the usual way.
 */
function loadCsvColumnsInPieces(
  path: string,
  absolute: string,
  o: LoadSamplesOptions,
): E.Either<LoadFailure, LoadedSamples> | undefined {
  const head = fileHead(absolute, HEAD_BYTES)
  if (head === undefined || head.length === 0 || isGzip(head)) return undefined
  if (o.format === undefined && detectInput(head).kind !== 'csv') return undefined
  const refused: Implausible[] = []
  let columns: ReturnType<typeof importOximetryCsvColumnsFromChunks>
  try {
    columns = importOximetryCsvColumnsFromChunks(filePieces(absolute), {
      startTimeMs: o.startTimeMs ?? 0,
      onImplausible: (reason) => void refused.push(reason),
    })
  } catch (error) {
    return E.left({ _tag: 'CannotRead', message: `cannot read ${path}: ${describeFsError(error)}` })
  }
  if (E.isLeft(columns)) {
    const why = located(columns.left)
    return E.left({
      _tag: 'InvalidRecording',
      message: `${path} is not a valid recording: ${why} (read as ${describeFormat('csv')})`,
    })
  }
  const loaded: Parsed = {
    samples: [],
    columns: columns.right,
    format: 'csv',
    startKnown: o.startTimeMs !== undefined,
    warnings: [],
  }
  const [first] = refused
  if (first === undefined) return E.right(withWarning(loaded))
  const note = `${refused.length} impossible value(s) refused and treated as no reading (first: ${first.message})`
  return E.right(withWarning({ ...loaded, warnings: [note] }))
}

/**
 * An input file's bytes, gunzipped when they are gzip (by magic number, RFC 1952 §2.3.1): a missing,
 * unreadable or directory path is `CannotRead`; an empty file, a truncated or damaged gzip stream,
 * or one that inflates beyond 1 GiB is `InvalidRecording`, each with a one-line reason.
 */
export async function readInput(path: string, io: CommandIo): Promise<E.Either<LoadFailure, Uint8Array>> {
  const read = await readInputBytes(path, io)
  if (E.isLeft(read)) return E.left({ _tag: 'CannotRead', message: `cannot read ${path}: ${read.left}` })
  const invalid = (why: string): E.Either<LoadFailure, never> =>
    E.left({ _tag: 'InvalidRecording', message: `${path} is not a valid recording: ${why}` })
  const bytes = read.right
  if (bytes.length === 0) return invalid('the file is empty')
  if (!isGzip(bytes)) return E.right(bytes)
  let inflated: Uint8Array
  try {
    inflated = new Uint8Array(gunzipSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES }))
  } catch (error) {
    const code = (error as { code?: unknown }).code
    return invalid(
      code === 'ERR_BUFFER_TOO_LARGE'
        ? `decompresses to more than ${MAX_INFLATED_BYTES} bytes; refused`
        : `the gzip stream is truncated or damaged (${describeThrown(error).slice(0, 80)})`,
    )
  }
  return inflated.length === 0 ? invalid('the gzip file holds nothing') : E.right(inflated)
}

/** The format's name as a user knows it. */
export function describeFormat(format: InputFormat): string {
  return {
    owrec: 'an Openward recording',
    jsonl: 'JSON lines of samples',
    csv: 'CSV t_seconds,spo2[,pr[,pi]]',
    'viatom-csv': 'a Viatom/Wellue CSV export',
    'contec-csv': "a Contec 'SpO2' software CSV export",
    'contec-spo2': "a Contec 'SpO2' software session file (.SpO2)",
    edf: 'EDF/EDF+',
    'viatom-o2': 'a Viatom O2 stored file',
  }[format]
}

function withWarning(p: Parsed): LoadedSamples {
  const all = [...(p.incomplete === undefined ? [] : [p.incomplete]), ...p.warnings]
  return all.length === 0 ? p : { ...p, warning: all.join('; ') }
}
