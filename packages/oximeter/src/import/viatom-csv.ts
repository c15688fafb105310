import {
  type DeviceInfo,
  makeSample,
  type OximetrySample,
  type ParseFailure,
  parseFailure,
  sampleFlags,
} from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { refuseImplausible } from '../decode/plausible-samples.js'
import { type ImportOptions } from './import-options.js'

/** Options of {@link importViatomCsv}. @category importers */
export interface ViatomCsvOptions extends ImportOptions {
  /** The app writes the device's local time with no zone; give its offset from UTC (default 0). */
  readonly utcOffsetMinutes?: number
  readonly device?: DeviceInfo
}

const HEADER = ['time', 'oxygen level', 'pulse rate', 'motion']
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const TIME = /^(\d{1,2}):(\d{2}):(\d{2}) ([A-Za-z]{3}) (\d{1,2}) (\d{4})$/

/**
 * Imports the CSV export of the Wellue/ViHealth app for the Viatom O2 family (O2Ring, Checkme O2
 * Max, ...): `Time,Oxygen Level,Pulse Rate,Motion[,O2 Reminder,PR Reminder]`, time
 * `HH:MM:SS Mon DD YYYY` (device local time). `--` means no reading (finger off, or SpO2 below the
 * device's 61 % floor, which the app cannot tell apart) and becomes `null`. A motion count above 0
 * sets the `motion` flag. Clock: `recording`.
 *
 * @category importers
 */
export function importViatomCsv(
  text: string,
  options: ViatomCsvOptions = {},
): E.Either<ParseFailure, OximetrySample[]> {
  const lines = text.split(/\r?\n/)
  const header = (lines[0] ?? '').split(',').map((f) => f.trim().toLowerCase())
  if (!HEADER.every((name, i) => header[i] === name))
    return E.left(
      parseFailure(
        `expected a Viatom/Wellue export header "Time,Oxygen Level,Pulse Rate,Motion,…", found "${lines[0] ?? ''}"`,
        {
          line: 1,
          column: 'header',
        },
      ),
    )
  const offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000
  const provenance = {
    protocol: 'import:viatom-csv',
    ...(options.device === undefined ? {} : { device: options.device }),
  }
  const samples: OximetrySample[] = []
  let lastMs = -Infinity
  for (let i = 1; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trim()
    if (raw === '') continue
    const row = parseRow(
      raw.split(',').map((f) => f.trim()),
      header.length,
      i + 1,
    )
    if (E.isLeft(row)) return row
    const { localMs, spo2, pulseRate, motion } = row.right
    // Rows are one per sampling interval; a repeated or earlier time leaves the interval unknown.
    if (localMs <= lastMs)
      return E.left(
        parseFailure(
          localMs === lastMs
            ? `time "${raw.split(',')[0]}" repeats the previous row: the sampling interval is unknown`
            : `time goes backwards ("${raw.split(',')[0]}" after the previous row)`,
          { line: i + 1, column: 'Time' },
        ),
      )
    lastMs = localMs
    samples.push(
      makeSample({
        timeMs: localMs - offsetMs,
        clock: 'recording',
        spo2,
        pulseRate,
        flags: sampleFlags({ motion: motion > 0 }),
        provenance,
      }),
    )
  }
  return E.right(refuseImplausible(samples, options.onImplausible))
}

interface Row {
  readonly localMs: number
  readonly spo2: number | null
  readonly pulseRate: number | null
  readonly motion: number
}

function parseRow(fields: readonly string[], columns: number, line: number): E.Either<ParseFailure, Row> {
  if (fields.length !== columns)
    return E.left(parseFailure(`expected ${columns} columns, found ${fields.length}`, { line }))
  const m = TIME.exec(fields[0] ?? '')
  const month = MONTHS.indexOf((m?.[4] ?? '').toLowerCase())
  if (m === null || month < 0)
    return E.left(
      parseFailure(`bad time "${fields[0] ?? ''}" (expected HH:MM:SS Mon DD YYYY)`, { line, column: 'Time' }),
    )
  const localMs = Date.UTC(Number(m[6]), month, Number(m[5]), Number(m[1]), Number(m[2]), Number(m[3]))
  const spo2 = value(fields[1], 100, 'Oxygen Level', line)
  if (E.isLeft(spo2)) return spo2
  const pulseRate = value(fields[2], 400, 'Pulse Rate', line)
  if (E.isLeft(pulseRate)) return pulseRate
  const motion = value(fields[3], 255, 'Motion', line)
  if (E.isLeft(motion)) return motion
  return E.right({ localMs, spo2: spo2.right, pulseRate: pulseRate.right, motion: motion.right ?? 0 })
}

function value(
  field: string | undefined,
  max: number,
  column: string,
  line: number,
): E.Either<ParseFailure, number | null> {
  if (field === undefined || field === '--' || field === '') return E.right(null)
  if (!/^\d+(?:\.\d+)?$/.test(field))
    return E.left(parseFailure(`${column} is not a number: "${field}"`, { line, column }))
  const n = Number(field)
  if (n > max) return E.left(parseFailure(`${column} ${n} is above ${max}`, { line, column }))
  return E.right(column === 'Motion' || n > 0 ? n : null)
}
