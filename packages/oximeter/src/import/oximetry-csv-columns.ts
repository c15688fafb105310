import { type ParseFailure, parseFailure, type SampleColumns } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import type { OximetryCsvOptions } from './oximetry-csv.js'

// The rules below are those of `importOximetryCsv` (same header, number syntax, bounds, "no reading" rule
// and messages): the two importers are tested to give the same columns and the same failures.
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
 * arrays, 17 bytes per row) for batch work: no object per row is made or kept, so a 30-day 1 Hz file
 * fits in a few tens of MB. Rules, validation and failures are those of `importOximetryCsv` (a
 * `ParseFailure` naming the line for a non-number, SpO2 above 100 %, a negative value, time going
 * backwards or repeating, a wrong column count); 0 or empty is "no reading" (`NaN`). The perfusion index
 * is validated but not kept (the columns have no place for it); flags are all clear.
 *
 * @example
 * const columns = importOximetryCsvColumns('t_seconds,spo2\n0,97\n1,0\n', { startTimeMs: 0 })
 * // Right({ length: 2, timeMs: [0, 1000], spo2: [97, NaN], … })
 * @category importers
 */
export function importOximetryCsvColumns(
  text: string,
  options: OximetryCsvOptions,
): E.Either<ParseFailure, SampleColumns> {
  if (!Number.isFinite(options.startTimeMs)) return E.left(parseFailure('startTimeMs must be a finite number'))
  // Rows ≤ line breaks + 1: the columns are allocated once at that bound and trimmed at the end.
  let capacity = 1
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) capacity++
  let timeMs: Float64Array = new Float64Array(capacity)
  let spo2: Float32Array = new Float32Array(capacity)
  let pulseRate: Float32Array = new Float32Array(capacity)
  let length = 0
  let columnCount: number | undefined
  let lastT = -Infinity
  let lineNo = 0
  for (let from = 0; from <= text.length;) {
    const nl = text.indexOf('\n', from)
    const to = nl === -1 ? text.length : nl
    const line = text.slice(from, to).trim()
    from = to + 1
    lineNo++
    if (line === '') continue
    const fields = line.split(',').map((f) => f.trim())
    if (columnCount === undefined && /^[a-z_]/i.test(fields[0] ?? '')) {
      const names = fields.map((f) => f.toLowerCase())
      if (!(names.length >= 2 && names.length <= 4 && names.every((n, i) => n === COLUMNS[i])))
        return E.left(
          parseFailure(`header must be t_seconds,spo2[,pr[,pi]], found "${clipped(fields.join(','))}"`, {
            line: lineNo,
            column: 'header',
          }),
        )
      columnCount = names.length
      continue
    }
    columnCount ??= fields.length
    if (columnCount < 2 || columnCount > 4 || fields.length !== columnCount)
      return E.left(
        parseFailure(`expected ${columnCount} columns (t_seconds,spo2[,pr[,pi]]), found ${fields.length}`, {
          line: lineNo,
        }),
      )
    const tField = fields[0]!
    if (!NUMBER.test(tField) || Number(tField) < 0)
      return E.left(
        parseFailure(`t_seconds must be a non-negative number, found "${clipped(tField)}"`, {
          line: lineNo,
          column: 't_seconds',
        }),
      )
    const s = reading(fields[1], MAX_SPO2, 'spo2', lineNo)
    if (typeof s !== 'number') return E.left(s)
    const pr = reading(fields[2], MAX_PULSE_RATE, 'pr', lineNo)
    if (typeof pr !== 'number') return E.left(pr)
    const pi = reading(fields[3], MAX_PERFUSION_INDEX, 'pi', lineNo)
    if (typeof pi !== 'number') return E.left(pi)
    const t = Number(tField)
    if (t < lastT) return E.left(parseFailure(`time goes backwards (${t} s after ${lastT} s)`, { line: lineNo }))
    // Two rows at one time leave the sampling interval unknown (and would double-count that second).
    if (t === lastT)
      return E.left(
        parseFailure(`t_seconds ${t} repeats the previous row: the sampling interval is unknown`, { line: lineNo }),
      )
    lastT = t
    timeMs[length] = options.startTimeMs + t * 1000
    spo2[length] = s
    pulseRate[length] = pr
    length++
  }
  // The header and blank lines leave spare rows: usually a few, kept as views (no second copy at the
  // peak); when more than half are spare (a file of blank lines), the rows are copied out.
  const trim = 2 * length < capacity ? 'slice' : 'subarray'
  timeMs = timeMs[trim](0, length)
  spo2 = spo2[trim](0, length)
  pulseRate = pulseRate[trim](0, length)
  return E.right({ length, timeMs, spo2, pulseRate, flags: new Uint8Array(length) })
}
