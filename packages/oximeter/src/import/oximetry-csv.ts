import { type DeviceInfo, makeSample, type OximetrySample, type ParseFailure, parseFailure } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { refuseImplausible } from '../decode/plausible-samples.js'
import { type ImportOptions } from './import-options.js'

/** Options of {@link importOximetryCsv}. @category importers */
export interface OximetryCsvOptions extends ImportOptions {
  /** Wall-clock time of `t_seconds = 0`, in ms since the Unix epoch. */
  readonly startTimeMs: number
  /** Provenance protocol to record; defaults to `import:csv`. */
  readonly protocol?: string
  /** What is known of the device that made the recording. */
  readonly device?: DeviceInfo
}

const COLUMNS = ['t_seconds', 'spo2', 'pr', 'pi'] as const
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/

/** Upper bounds beyond which a value cannot be a reading; the file is rejected rather than trusted. */
const MAX_SPO2 = 100
const MAX_PULSE_RATE = 400
const MAX_PERFUSION_INDEX = 100

/**
 * Imports the plain CSV layout `t_seconds,spo2[,pr[,pi]]` (a header line with those names is
 * optional) into samples on the `recording` clock: `timeMs = startTimeMs + t_seconds × 1000`.
 *
 * "No reading" rule: an empty field or a `0` in `spo2`, `pr` or `pi` becomes `null`, never a value.
 * Several monitors (MIMIC numerics, the PhysioZoo CORC file) write 0 for "no reading", and no living
 * patient has an SpO2, pulse rate or perfusion index of exactly 0.
 *
 * Anything else that cannot be a reading (a non-number, SpO2 above 100 %, a negative value, time
 * going backwards, a wrong column count) rejects the file with a `ParseFailure` naming the line.
 *
 * @example
 * importOximetryCsv('t_seconds,spo2,pr\n0,97,64\n1,0,65\n', { startTimeMs: 0 })
 * // Right([{ timeMs: 0, spo2: 97, pulseRate: 64, … }, { timeMs: 1000, spo2: null, pulseRate: 65, … }])
 * @category importers
 */
export function importOximetryCsv(text: string, options: OximetryCsvOptions): E.Either<ParseFailure, OximetrySample[]> {
  if (!Number.isFinite(options.startTimeMs)) return E.left(parseFailure('startTimeMs must be a finite number'))
  const provenance = {
    protocol: options.protocol ?? 'import:csv',
    ...(options.device === undefined ? {} : { device: options.device }),
  }
  const lines = text.split(/\r?\n/)
  const samples: OximetrySample[] = []
  let columnCount: number | undefined
  let lastT = -Infinity
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim()
    const lineNo = index + 1
    if (line === '') continue
    const fields = line.split(',').map((f) => f.trim())
    if (columnCount === undefined && /^[a-z_]/i.test(fields[0] ?? '')) {
      const header = checkHeader(fields, lineNo)
      if (E.isLeft(header)) return header
      columnCount = header.right
      continue
    }
    columnCount ??= fields.length
    const row = parseRow(fields, columnCount, lineNo)
    if (E.isLeft(row)) return row
    const [t, spo2, pulseRate, pi] = row.right
    if (t < lastT) return E.left(parseFailure(`time goes backwards (${t} s after ${lastT} s)`, { line: lineNo }))
    // Two rows at one time leave the sampling interval unknown (and would double-count that second).
    if (t === lastT)
      return E.left(
        parseFailure(`t_seconds ${t} repeats the previous row: the sampling interval is unknown`, { line: lineNo }),
      )
    lastT = t
    samples.push(
      makeSample({
        timeMs: options.startTimeMs + t * 1000,
        clock: 'recording',
        spo2,
        pulseRate,
        ...(columnCount >= 4 ? { perfusionIndex: pi } : {}),
        provenance,
      }),
    )
  }
  return E.right(refuseImplausible(samples, options.onImplausible))
}

/** A field quoted in an error, cut so one huge line cannot flood a one-line message. */
const clipped = (text: string): string => (text.length <= 80 ? text : `${text.slice(0, 79)}…`)

function checkHeader(fields: readonly string[], line: number): E.Either<ParseFailure, number> {
  const names = fields.map((f) => f.toLowerCase())
  const ok = names.length >= 2 && names.length <= 4 && names.every((n, i) => n === COLUMNS[i])
  return ok
    ? E.right(names.length)
    : E.left(
        parseFailure(`header must be t_seconds,spo2[,pr[,pi]], found "${clipped(fields.join(','))}"`, {
          line,
          column: 'header',
        }),
      )
}

type Row = readonly [t: number, spo2: number | null, pr: number | null, pi: number | null]

function parseRow(fields: readonly string[], columnCount: number, line: number): E.Either<ParseFailure, Row> {
  if (columnCount < 2 || columnCount > 4 || fields.length !== columnCount)
    return E.left(
      parseFailure(`expected ${columnCount} columns (t_seconds,spo2[,pr[,pi]]), found ${fields.length}`, { line }),
    )
  const t = fields[0] ?? ''
  if (!NUMBER.test(t) || Number(t) < 0)
    return E.left(
      parseFailure(`t_seconds must be a non-negative number, found "${clipped(t)}"`, { line, column: 't_seconds' }),
    )
  const spo2 = reading(fields[1], MAX_SPO2, 'spo2', line)
  if (E.isLeft(spo2)) return spo2
  const pr = reading(fields[2], MAX_PULSE_RATE, 'pr', line)
  if (E.isLeft(pr)) return pr
  const pi = reading(fields[3], MAX_PERFUSION_INDEX, 'pi', line)
  if (E.isLeft(pi)) return pi
  return E.right([Number(t), spo2.right, pr.right, pi.right])
}

/** Empty or 0 → null ("no reading"); otherwise a number within (0, max]. */
function reading(
  field: string | undefined,
  max: number,
  column: string,
  line: number,
): E.Either<ParseFailure, number | null> {
  if (field === undefined || field === '') return E.right(null)
  if (!NUMBER.test(field))
    return E.left(parseFailure(`${column} is not a number: "${clipped(field)}"`, { line, column }))
  const value = Number(field)
  if (value === 0) return E.right(null)
  if (value < 0 || value > max) return E.left(parseFailure(`${column} ${value} is outside 0–${max}`, { line, column }))
  return E.right(value)
}
