import { type DeviceInfo, makeSample, type OximetrySample, type ParseFailure, parseFailure } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { refuseImplausible } from '../decode/plausible-samples.js'
import { type ImportOptions } from './import-options.js'

/** Options of {@link importContecCsv}. @category importers */
export interface ContecCsvOptions extends ImportOptions {
  /** The software writes the device's local time with no zone; give its offset from UTC (default 0). */
  readonly utcOffsetMinutes?: number
  readonly device?: DeviceInfo
}

/** The CSV header Contec's "SpO2" PC software writes (CMS50D/E/F, CMS60, ...). */
export const CONTEC_CSV_HEADER = ['date', 'time', 'spo2', 'pulse'] as const

// Contec's "no value" codes, the same as on the wire (Contec communication protocol V7.0, real-time
// packet): SpO2 127 and pulse 255 mark a finger out or a searching probe; 0 is never a reading either.
const NO_SPO2 = 127
const NO_PULSE = 255
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME = /^(\d{2}):(\d{2}):(\d{2})$/

/**
 * Imports the CSV export of Contec's "SpO2" PC software (`DATE,TIME,SPO2,PULSE`, `YYYY-MM-DD`,
 * `HH:MM:SS` device local time, a space after each comma, CRLF), one row per second. SpO2 127 and
 * pulse 255 (the device's "no value" codes) and 0 become `null`, never a value. A time that repeats
 * or goes backwards leaves the sampling interval unknown and rejects the file naming the line, as
 * does any field that is not a reading (SpO2 above 100 % other than 127, pulse above 300 other
 * than 255). Clock: `recording`.
 *
 * @example
 * importContecCsv('DATE,TIME,SPO2,PULSE\r\n2021-05-15, 12:06:42, 95, 71\r\n')
 * // Right([{ timeMs: Date.UTC(2021, 4, 15, 12, 6, 42), spo2: 95, pulseRate: 71, … }])
 * @category importers
 */
export function importContecCsv(
  text: string,
  options: ContecCsvOptions = {},
): E.Either<ParseFailure, OximetrySample[]> {
  const lines = text.split(/\r?\n/)
  const header = (lines[0] ?? '').split(',').map((f) => f.trim().toLowerCase())
  if (header.length !== CONTEC_CSV_HEADER.length || !CONTEC_CSV_HEADER.every((name, i) => header[i] === name))
    return E.left(
      parseFailure(`expected the Contec header "DATE,TIME,SPO2,PULSE", found "${(lines[0] ?? '').slice(0, 80)}"`, {
        line: 1,
        column: 'header',
      }),
    )
  const offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000
  const provenance = {
    protocol: 'import:contec-csv',
    ...(options.device === undefined ? {} : { device: options.device }),
  }
  const samples: OximetrySample[] = []
  let lastMs = -Infinity
  for (let i = 1; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trim()
    if (raw === '') continue
    const line = i + 1
    const fields = raw.split(',').map((f) => f.trim())
    if (fields.length !== 4) return E.left(parseFailure(`expected 4 columns, found ${fields.length}`, { line }))
    const d = DATE.exec(fields[0]!)
    const t = TIME.exec(fields[1]!)
    if (d === null || t === null)
      return E.left(
        parseFailure(`bad date/time "${raw.slice(0, 40)}" (expected YYYY-MM-DD, HH:MM:SS)`, { line, column: 'TIME' }),
      )
    const localMs = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), Number(t[3]))
    if (Number.isNaN(localMs)) return E.left(parseFailure(`impossible date/time "${raw.slice(0, 40)}"`, { line }))
    if (localMs <= lastMs)
      return E.left(
        parseFailure(
          localMs === lastMs
            ? `time ${fields[1]} repeats the previous row: the sampling interval is unknown`
            : `time goes backwards (${fields[0]} ${fields[1]} after the previous row)`,
          { line, column: 'TIME' },
        ),
      )
    lastMs = localMs
    const spo2 = reading(fields[2]!, NO_SPO2, 100, 'SPO2', line)
    if (E.isLeft(spo2)) return spo2
    const pulseRate = reading(fields[3]!, NO_PULSE, 300, 'PULSE', line)
    if (E.isLeft(pulseRate)) return pulseRate
    samples.push(
      makeSample({
        timeMs: localMs - offsetMs,
        clock: 'recording',
        spo2: spo2.right,
        pulseRate: pulseRate.right,
        provenance,
      }),
    )
  }
  return E.right(refuseImplausible(samples, options.onImplausible))
}

function reading(
  field: string,
  noValue: number,
  max: number,
  column: string,
  line: number,
): E.Either<ParseFailure, number | null> {
  if (!/^\d+$/.test(field))
    return E.left(parseFailure(`${column} is not a whole number: "${field.slice(0, 20)}"`, { line, column }))
  const n = Number(field)
  if (n === noValue || n === 0) return E.right(null)
  if (n > max) return E.left(parseFailure(`${column} ${n} is above ${max}`, { line, column }))
  return E.right(n)
}
