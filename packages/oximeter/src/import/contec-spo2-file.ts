import { type DeviceInfo, makeSample, type OximetrySample, type ParseFailure, parseFailure } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { refuseImplausible } from '../decode/plausible-samples.js'
import { type ImportOptions } from './import-options.js'

/** Options of {@link importContecSpo2File}. @category importers */
export interface ContecSpo2FileOptions extends ImportOptions {
  /** The software writes the device's local time with no zone; give its offset from UTC (default 0). */
  readonly utcOffsetMinutes?: number
  readonly device?: DeviceInfo
}

/** What {@link importContecSpo2File} read. @category importers */
export interface ContecSpo2FileImport {
  /** Start as written (device local time, no zone), in ms as if it were UTC. */
  readonly startLocalMs: number
  readonly recordCount: number
  /** 2 (SpO2, PR) or 4 (a 16-bit field, then SpO2, PR: the CMS50H variant). */
  readonly recordBytes: 2 | 4
  readonly samples: readonly OximetrySample[]
}

// Layout of the session files Contec's "SpO2" / "SpO2 Assistant" PC software writes, as read by the
// open loaders (OpenPSG cpap-downloader `spo2assistant`, InfantLab's CMS60CW tools) and checked here
// against the manufacturer's own CSV export of the same sessions (shared/data/captures PROVENANCE):
// a 0x43C-byte header (UTF-16LE model/user strings), whose last 28 bytes at 0x420 are seven uint32 LE:
// year, month, day, hour, minute, second, record count; then one record per second.
const HEADER_BYTES = 0x43c
const FIELDS_AT = 0x420
/** The first four bytes of every such file seen (58 03 00 00). @category importers */
export const CONTEC_SPO2_FILE_MAGIC: readonly number[] = [0x58, 0x03, 0x00, 0x00]
// The device's "no value" codes, as on the wire (Contec protocol V7.0): SpO2 127, pulse 255.
const NO_SPO2 = 127
const NO_PULSE = 255

/**
 * Imports a Contec "SpO2" software session file (`.SpO2`: CMS50D/E/F/H, CMS60, and units sold as
 * Pulox or Beurer), one record per second from the header's start time. SpO2 127 / pulse 255 (the
 * device's finger-out codes) and 0 become `null`; a value above 100 % or 300 /min rejects the file
 * naming the record, as do a header that does not fit the file and a body that is not a whole
 * number of 2- or 4-byte records. Clock: `recording`.
 *
 * @category importers
 */
export function importContecSpo2File(
  bytes: Uint8Array,
  options: ContecSpo2FileOptions = {},
): E.Either<ParseFailure, ContecSpo2FileImport> {
  if (bytes.length < HEADER_BYTES)
    return E.left(parseFailure(`Contec .SpO2 file truncated: ${bytes.length} of ${HEADER_BYTES} header bytes`))
  if (!CONTEC_SPO2_FILE_MAGIC.every((b, i) => bytes[i] === b))
    return E.left(parseFailure('not a Contec .SpO2 file (its first bytes are not 58 03 00 00)'))
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const [year, month, day, hour, minute, second, count] = Array.from({ length: 7 }, (_, i) =>
    view.getUint32(FIELDS_AT + 4 * i, true),
  ) as [number, number, number, number, number, number, number]
  const startLocalMs = Date.UTC(year, month - 1, day, hour, minute, second)
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 || year < 1990)
    return E.left(parseFailure(`bad start time ${year}-${month}-${day} ${hour}:${minute}:${second} at byte 0x420`))
  const body = bytes.length - HEADER_BYTES
  if (count === 0) return E.left(parseFailure('the header counts 0 records: the sampling interval is unknown'))
  const recordBytes = body / count
  if (recordBytes !== 2 && recordBytes !== 4)
    return E.left(
      parseFailure(
        `${body} body bytes are not ${count} records of 2 or 4 bytes: the file is cut short or not a .SpO2 session`,
      ),
    )
  const offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000
  const provenance = {
    protocol: 'import:contec-spo2-file',
    ...(options.device === undefined ? {} : { device: options.device }),
  }
  const samples: OximetrySample[] = []
  for (let i = 0; i < count; i++) {
    const at = HEADER_BYTES + i * recordBytes + (recordBytes === 4 ? 2 : 0)
    const spo2 = bytes[at]!
    const pr = bytes[at + 1]!
    if ((spo2 > 100 && spo2 !== NO_SPO2) || (pr > 300 && pr !== NO_PULSE))
      return E.left(parseFailure(`record ${i + 1} (byte ${at}): SpO2 ${spo2} / pulse ${pr} is not a reading`))
    samples.push(
      makeSample({
        timeMs: startLocalMs - offsetMs + i * 1000,
        clock: 'recording',
        spo2: spo2 === NO_SPO2 || spo2 === 0 ? null : spo2,
        pulseRate: pr === NO_PULSE || pr === 0 ? null : pr,
        provenance,
      }),
    )
  }
  return E.right({
    startLocalMs,
    recordCount: count,
    recordBytes,
    samples: refuseImplausible(samples, options.onImplausible),
  })
}
