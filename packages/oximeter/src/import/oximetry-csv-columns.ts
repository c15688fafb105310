import {
  type Implausible,
  implausibility,
  type ParseFailure,
  parseFailure,
  SAMPLE_FLAG_BIT,
  type SampleColumns,
} from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

/** Options of {@link importOximetryCsvColumns}. @category importers */
export interface OximetryCsvColumnsOptions {
  /** Wall-clock time of `t_seconds = 0`, in ms since the Unix epoch. */
  readonly startTimeMs: number
  /**
   * Told of each impossible value (outside core's `PlausibleRange`), which is stored as no reading with the
   * `questionable` flag, as `importOximetryCsv` does; called once the whole file is accepted.
   */
  readonly onImplausible?: (reason: Implausible) => void
}

// The rules below are those of `importOximetryCsv` (same header, number syntax, bounds, "no reading" rule
// messages and plausibility refusals): the two importers are tested to give the same columns and the same failures.
const COLUMNS = ['t_seconds', 'spo2', 'pr', 'pi'] as const
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/
const MAX_SPO2 = 100
const MAX_PULSE_RATE = 400
const MAX_PERFUSION_INDEX = 100

const clipped = (text: string): string => (text.length <= 80 ? text : `${text.slice(0, 79)}…`)

/** Empty or 0 → NaN ("no reading"); otherwise a number within (0, max]; else the failure. */
function reading(field: string | undefined, max: number, column: string, line: number): number | ParseFailure {
  if (field === undefined || field === '') return Number.NaN
  if (!NUMBER.test(field)) return parseFailure(`${column} is not a number: "${clipped(field)}"`, { line, column })
  const value = Number(field)
  if (value === 0) return Number.NaN
  if (value < 0 || value > max) return parseFailure(`${column} ${value} is outside 0–${max}`, { line, column })
  return value
}

/**
 * Imports the plain CSV layout `t_seconds,spo2[,pr[,pi]]` straight into {@link SampleColumns} (typed
 * arrays, 17 bytes per row for whole-number readings, 21–25 when a reading is not a 32-bit float) for batch work: no object per row is made or kept, so a 30-day 1 Hz file
 * fits in a few tens of MB. Rules, validation and failures are those of `importOximetryCsv` (a
 * `ParseFailure` naming the line for a non-number, SpO2 above 100 %, a negative value, time going
 * backwards or repeating, a wrong column count); 0 or empty is "no reading" (`NaN`). A value outside core's
 * `PlausibleRange` (e.g. a pulse of 350) is stored as no reading with the `questionable` flag, as the object
 * importer does. The perfusion index is validated but not kept (the columns have no place for it).
 *
 * Give the file's bytes (UTF-8) rather than a string for long files: rows of plain integers are then read
 * straight from the bytes (no string per row, no copy of the file as text); any other row is decoded and
 * read by the same rules as the string.
 *
 * @example
 * const columns = importOximetryCsvColumns('t_seconds,spo2\n0,97\n1,0\n', { startTimeMs: 0 })
 * // Right({ length: 2, timeMs: [0, 1000], spo2: [97, NaN], … })
 * @category importers
 */
export function importOximetryCsvColumns(
  input: string | Uint8Array,
  options: OximetryCsvColumnsOptions,
): E.Either<ParseFailure, SampleColumns> {
  return importColumns(typeof input === 'string' ? { text: input } : { chunks: () => [input] }, options)
}

/**
 * {@link importOximetryCsvColumns} over a file read in pieces, so the whole file is never in memory: the
 * columns and one piece at a time (issue 19: a 30-day 1 Hz CSV is 27 MB of text). `chunks` is called twice
 * (the first pass counts the rows, so the columns are allocated once at their size; the second parses) and
 * must give the same bytes both times; a piece may be reused (overwritten) once the next is asked for.
 * Rules, failures (with the same line numbers) and columns are those of {@link importOximetryCsvColumns} on
 * the whole bytes.
 *
 * @example
 * const columns = importOximetryCsvColumnsFromChunks(() => readPieces(path), { startTimeMs: 0 })
 * @category importers
 */
export function importOximetryCsvColumnsFromChunks(
  chunks: () => Iterable<Uint8Array>,
  options: OximetryCsvColumnsOptions,
): E.Either<ParseFailure, SampleColumns> {
  return importColumns({ chunks }, options)
}

type Source = { readonly text: string } | { readonly chunks: () => Iterable<Uint8Array> }

function importColumns(source: Source, options: OximetryCsvColumnsOptions): E.Either<ParseFailure, SampleColumns> {
  if (!Number.isFinite(options.startTimeMs)) return E.left(parseFailure('startTimeMs must be a finite number'))
  // Rows ≤ line breaks + 1: the columns are allocated once at that bound and trimmed at the end.
  let capacity = 1
  if ('text' in source)
    for (let at = source.text.indexOf('\n'); at !== -1; at = source.text.indexOf('\n', at + 1)) capacity++
  else
    for (const chunk of source.chunks())
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) capacity++
  let timeMs: Float64Array = new Float64Array(capacity)
  // 32-bit until a value is not exactly a 32-bit float (as `toSampleColumns`): then 64-bit, values kept exact.
  let spo2: Float32Array | Float64Array = new Float32Array(capacity)
  // No pulse column until a row has a pulse reading (an SpO2-only file never gets one: see withPulseOnDemand).
  let pulseRate: Float32Array | Float64Array | undefined
  let flags: Uint8Array = new Uint8Array(capacity)
  let length = 0
  const refusals: Implausible[] | undefined = options.onImplausible === undefined ? undefined : []
  /** One accepted row; impossible values become no reading + `questionable` (ISO 80601-2-61 §201.12.1 ranges). */
  const store = (t: number, s: number, pr: number, pi: number): void => {
    let bits = 0
    const refuse = (r: Implausible | undefined): boolean => {
      if (r === undefined) return false
      bits = SAMPLE_FLAG_BIT.questionable
      refusals?.push(r)
      return true
    }
    if (!Number.isNaN(s) && refuse(implausibility('spo2', s))) s = Number.NaN
    if (!Number.isNaN(pr) && refuse(implausibility('pulseRate', pr))) pr = Number.NaN
    if (!Number.isNaN(pi)) refuse(implausibility('perfusionIndex', pi))
    if (Math.fround(s) !== s && !Number.isNaN(s) && spo2 instanceof Float32Array) spo2 = Float64Array.from(spo2)
    if (!Number.isNaN(pr)) {
      // The first pulse reading: the rows before it had none.
      if (pulseRate === undefined) pulseRate = new Float32Array(capacity).fill(Number.NaN, 0, length)
      if (Math.fround(pr) !== pr && pulseRate instanceof Float32Array) pulseRate = Float64Array.from(pulseRate)
    }
    timeMs[length] = options.startTimeMs + t * 1000
    spo2[length] = s
    if (pulseRate !== undefined) pulseRate[length] = pr
    // The column starts zeroed: a clean row writes nothing, so a file without flags leaves its pages
    // untouched (not resident) rather than writing a zero to each.
    if (bits !== 0) flags[length] = bits
    length++
  }
  let columnCount: number | undefined
  let lastT = -Infinity
  const decoder = new TextDecoder()
  const maxima = [0, MAX_SPO2, MAX_PULSE_RATE, MAX_PERFUSION_INDEX]
  const row = new Float64Array(4)

  /** A row of 2–4 plain integers (≤ 15 digits, so exact) that passes every rule, stored; else false. */
  const fastRow = (b: Uint8Array, from: number, to: number): boolean => {
    if (columnCount === undefined) return false
    let field = 0
    let digits = 0
    let value = 0
    for (let i = from; i <= to; i++) {
      const c = i === to ? 44 : b[i]!
      if (c === 44) {
        if (digits === 0 || field >= columnCount) return false
        if (field > 0 && value > maxima[field]!) return false
        row[field++] = value
        digits = value = 0
      } else if (c >= 48 && c <= 57 && digits < 15) {
        value = value * 10 + (c - 48)
        digits++
      } else return false
    }
    if (field !== columnCount || !(row[0]! > lastT)) return false
    lastT = row[0]!
    // Absent columns and 0 are no reading.
    for (let k = field; k < 4; k++) row[k] = 0
    store(lastT, row[1] || Number.NaN, row[2] || Number.NaN, row[3] || Number.NaN)
    return true
  }

  /** Any line, by the rules of `importOximetryCsv`: stored, skipped (blank, header) or the failure. */
  const slowLine = (raw: string, lineNo: number): ParseFailure | undefined => {
    const line = raw.trim()
    if (line === '') return undefined
    const fields = line.split(',').map((f) => f.trim())
    if (columnCount === undefined && /^[a-z_]/i.test(fields[0] ?? '')) {
      const names = fields.map((f) => f.toLowerCase())
      if (!(names.length >= 2 && names.length <= 4 && names.every((n, i) => n === COLUMNS[i])))
        return parseFailure(`header must be t_seconds,spo2[,pr[,pi]], found "${clipped(fields.join(','))}"`, {
          line: lineNo,
          column: 'header',
        })
      columnCount = names.length
      return undefined
    }
    columnCount ??= fields.length
    if (columnCount < 2 || columnCount > 4 || fields.length !== columnCount)
      return parseFailure(`expected ${columnCount} columns (t_seconds,spo2[,pr[,pi]]), found ${fields.length}`, {
        line: lineNo,
      })
    const tField = fields[0]!
    if (!NUMBER.test(tField) || Number(tField) < 0)
      return parseFailure(`t_seconds must be a non-negative number, found "${clipped(tField)}"`, {
        line: lineNo,
        column: 't_seconds',
      })
    const s = reading(fields[1], MAX_SPO2, 'spo2', lineNo)
    if (typeof s !== 'number') return s
    const pr = reading(fields[2], MAX_PULSE_RATE, 'pr', lineNo)
    if (typeof pr !== 'number') return pr
    const pi = reading(fields[3], MAX_PERFUSION_INDEX, 'pi', lineNo)
    if (typeof pi !== 'number') return pi
    const t = Number(tField)
    if (t < lastT) return parseFailure(`time goes backwards (${t} s after ${lastT} s)`, { line: lineNo })
    // Two rows at one time leave the sampling interval unknown (and would double-count that second).
    if (t === lastT)
      return parseFailure(`t_seconds ${t} repeats the previous row: the sampling interval is unknown`, {
        line: lineNo,
      })
    lastT = t
    store(t, s, pr, pi)
    return undefined
  }

  let lineNo = 0
  /** One line of bytes (without its `\n`): a plain-integer row straight from the bytes, else by the text rules. */
  const byteLine = (b: Uint8Array, from: number, to: number): ParseFailure | undefined => {
    lineNo++
    const end = to > from && b[to - 1] === 13 ? to - 1 : to // CRLF
    const failure = fastRow(b, from, end) ? undefined : slowLine(decoder.decode(b.subarray(from, to)), lineNo)
    // Pieces that differ from the counting pass (a file written to while read) must not lose rows silently.
    if (length > capacity)
      return parseFailure('the file changed while it was read (more lines than when counted)', { line: lineNo })
    return failure
  }
  if ('text' in source) {
    const text = source.text
    for (let from = 0; from <= text.length;) {
      const nl = text.indexOf('\n', from)
      const to = nl === -1 ? text.length : nl
      const failure = slowLine(text.slice(from, to), ++lineNo)
      if (failure !== undefined) return E.left(failure)
      from = to + 1
    }
  } else {
    // A line split between pieces is carried over (copied: the piece may be reused) and joined once whole.
    let carried: Uint8Array[] = []
    for (const chunk of source.chunks()) {
      let from = 0
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, from)) {
        let failure: ParseFailure | undefined
        if (carried.length === 0) failure = byteLine(chunk, from, nl)
        else {
          const line = join([...carried, chunk.subarray(0, nl)])
          failure = byteLine(line, 0, line.length)
        }
        if (failure !== undefined) return E.left(failure)
        carried = []
        from = nl + 1
      }
      if (from < chunk.length) carried.push(chunk.slice(from))
    }
    // The text after the last line break is a line too (empty when the file ends with one), as with a string.
    const last = join(carried)
    const failure = byteLine(last, 0, last.length)
    if (failure !== undefined) return E.left(failure)
  }
  // The header and blank lines leave spare rows: usually a few, kept as views (no second copy at the
  // peak); when more than half are spare (a file of blank lines), the rows are copied out.
  const trim = 2 * length < capacity ? 'slice' : 'subarray'
  timeMs = timeMs[trim](0, length)
  spo2 = spo2[trim](0, length)
  pulseRate = pulseRate?.[trim](0, length)
  flags = flags[trim](0, length)
  for (const r of refusals ?? []) options.onImplausible?.(r)
  return E.right(
    pulseRate === undefined
      ? withPulseOnDemand(length, timeMs, spo2, flags)
      : { length, timeMs, spo2, pulseRate, flags },
  )
}

/**
 * The columns of a file without a single pulse reading (`t_seconds,spo2`, or a pulse column of zeros and
 * blanks): its pulse column, all "no reading" (`NaN`), is made when it is first read and kept from then on.
 * A batch summary of SpO2 never reads it, so it does not hold 4 bytes of `NaN` per row (2.3 MiB of a 7-day
 * 1 Hz file; issue 19). Whoever reads it gets what `toSampleColumns` gives: a `Float32Array` of `NaN`.
 */
function withPulseOnDemand(
  length: number,
  timeMs: Float64Array,
  spo2: Float32Array | Float64Array,
  flags: Uint8Array,
): SampleColumns {
  let pulseRate: Float32Array | undefined
  return {
    length,
    timeMs,
    spo2,
    get pulseRate(): Float32Array {
      return (pulseRate ??= new Float32Array(length).fill(Number.NaN))
    },
    flags,
  }
}

/** The pieces as one array (a line split across reads; usually two short pieces). */
function join(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0]!
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of pieces) {
    out.set(p, at)
    at += p.length
  }
  return out
}
