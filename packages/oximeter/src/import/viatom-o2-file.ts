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

/** Options of {@link importViatomO2File}. @category importers */
export interface ViatomO2FileOptions extends ImportOptions {
  readonly utcOffsetMinutes?: number
  readonly device?: DeviceInfo
}

/** The header of a Viatom O2 stored session file (versions 3 and 5). @category importers */
export interface ViatomO2FileHeader {
  readonly version: number
  /** Start as written by the device (local time, no zone), in ms as if it were UTC. */
  readonly startLocalMs: number
  readonly fileSize: number
  readonly durationS: number
  readonly recordCount: number
  /** Seconds between records: duration / record count (4 s on older units, 2 s on Checkme O2 Max). */
  readonly intervalS: number
}

/** What {@link importViatomO2File} read. @category importers */
export interface ViatomO2FileImport {
  readonly header: ViatomO2FileHeader
  readonly samples: readonly OximetrySample[]
}

const HEADER_BYTES = 40
const RECORD_BYTES = 5

/**
 * Imports a Viatom/Wellue O2 stored session file (O2Ring, Checkme O2, ... file versions 3 and 5, as
 * pulled by the ViHealth app): a 40-byte header, then 5-byte records `SpO2, PR (uint16 LE), motion,
 * vibration` (OSCAR `viatom_loader.cpp`, Lepu `OxyDataFile.kt`; spec note §3.3).
 *
 * SpO2 0xFF and PR 0xFFFF (or low byte 0xFF) mean no reading, and become `null`. SpO2 0xFF also
 * covers "below 61 %" on these devices, so a run of nulls inside a night can hide a deep
 * desaturation: it is kept as `null`, never dropped. Motion above 0 sets the `motion` flag.
 *
 * @category importers
 */
export function importViatomO2File(
  bytes: Uint8Array,
  options: ViatomO2FileOptions = {},
): E.Either<ParseFailure, ViatomO2FileImport> {
  if (bytes.length < HEADER_BYTES)
    return E.left(parseFailure(`Viatom O2 file truncated: ${bytes.length} of 40 header bytes`))
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint16(0, true)
  if (version !== 3 && version !== 5)
    return E.left(parseFailure(`unsupported Viatom O2 file version ${version} (reads 3 and 5)`))
  const startLocalMs = Date.UTC(
    view.getUint16(2, true),
    (bytes[4] ?? 1) - 1,
    bytes[5] ?? 1,
    bytes[6] ?? 0,
    bytes[7] ?? 0,
    bytes[8] ?? 0,
  )
  const fileSize = view.getUint32(9, true)
  const durationS = view.getUint16(13, true)
  if (fileSize !== bytes.length)
    return E.left(parseFailure(`Viatom O2 file size field says ${fileSize} bytes, the file has ${bytes.length}`))
  if ((bytes.length - HEADER_BYTES) % RECORD_BYTES !== 0)
    return E.left(
      parseFailure(`Viatom O2 body is not a whole number of 5-byte records (${bytes.length - HEADER_BYTES} bytes)`),
    )
  const recordCount = (bytes.length - HEADER_BYTES) / RECORD_BYTES
  const intervalS = recordCount === 0 ? 0 : Math.round(durationS / recordCount)
  const startMs = startLocalMs - (options.utcOffsetMinutes ?? 0) * 60_000
  const provenance = {
    protocol: 'import:viatom-o2-file',
    ...(options.device === undefined ? {} : { device: options.device }),
  }
  const samples: OximetrySample[] = []
  for (let i = 0; i < recordCount; i++) {
    const at = HEADER_BYTES + i * RECORD_BYTES
    const spo2 = bytes[at] ?? 0xff
    const pr = view.getUint16(at + 1, true)
    const motion = bytes[at + 3] ?? 0
    samples.push(
      makeSample({
        timeMs: startMs + i * intervalS * 1000,
        clock: 'recording',
        spo2: spo2 === 0xff || spo2 === 0 ? null : spo2,
        pulseRate: pr === 0xffff || (pr & 0xff) === 0xff || pr === 0 ? null : pr,
        flags: sampleFlags({ motion: motion > 0 }),
        provenance,
      }),
    )
  }
  return E.right({
    header: { version, startLocalMs, fileSize, durationS, recordCount, intervalS },
    samples: refuseImplausible(samples, options.onImplausible),
  })
}
