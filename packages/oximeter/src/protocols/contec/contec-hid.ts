import { checksumMismatch, type DecodeError, invalidSync, sampleFlags, type OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import type { NormaliseContext } from '../../decode/device-profile.js'
import { buildSample } from '../../internal/build-sample.js'

/**
 * Contec CMS50E/F USB-HID live transmission (hardware 2.0.0, firmware 2.0.x; also Beurer PO 80,
 * Pulox PO-400), per icefest/pulseoxdl (spec note §3.1(c); medium-low confidence, one project).
 * Each 64-byte HID input report holds commands, then zero padding: `EB 00` wave commands (6 bytes,
 * ~59/s) and one `EB 01` measurement command (8 bytes) per second. The last byte of a command is
 * a 7-bit checksum: the sum of the earlier bytes & 0x7F. Not a {@link ProtocolId}: HID reports
 * are whole messages, decoded with {@link decodeContecHidReport}.
 */

/** A live measurement (`EB 01`). @category contec-hid */
export interface ContecHidMeasurement {
  readonly _tag: 'ContecHidMeasurement'
  /** PR bit 7 comes from byte 2 (0x04 → 0x06 when PR ≥ 128). */
  readonly pulseRate: number
  readonly spo2: number
  /** Bytes 5–6 as sent (`7F 00` = PI not supported). */
  readonly perfusionIndexBytes: readonly number[]
}

/** A waveform command (`EB 00`), bytes 2–4 kept raw. @category contec-hid */
export interface ContecHidWave {
  readonly _tag: 'ContecHidWave'
  readonly data: readonly number[]
}

/** @category contec-hid */
export type ContecHidCommand = ContecHidMeasurement | ContecHidWave

const checksum7 = (b: Uint8Array, at: number, len: number) => {
  let s = 0
  for (let k = 0; k < len - 1; k++) s += b[at + k] as number
  return s & 0x7f
}

/**
 * Decodes the commands of one 64-byte HID report. Stops at the zero padding; a bad checksum or
 * an unknown command is an error for the whole report (nothing partial is returned).
 *
 * @category contec-hid
 */
export function decodeContecHidReport(report: Uint8Array): E.Either<DecodeError, ContecHidCommand[]> {
  const out: ContecHidCommand[] = []
  let at = 0
  while (at < report.length && report[at] !== 0x00) {
    if (report[at] !== 0xeb) return E.left(invalidSync(at, report[at] as number))
    const kind = report[at + 1]
    const len = kind === 0x00 ? 6 : kind === 0x01 ? 8 : 0
    if (len === 0 || at + len > report.length) return E.left(invalidSync(at + 1, kind ?? 0))
    const sum = checksum7(report, at, len)
    if (sum !== report[at + len - 1]) return E.left(checksumMismatch(at + len - 1, sum, report[at + len - 1] as number))
    const b = (k: number) => report[at + k] as number
    out.push(
      kind === 0x01
        ? {
            _tag: 'ContecHidMeasurement',
            pulseRate: ((b(2) & 0x02) << 6) | b(3),
            spo2: b(4),
            perfusionIndexBytes: [b(5), b(6)],
          }
        : { _tag: 'ContecHidWave', data: [b(2), b(3), b(4)] },
    )
    at += len
  }
  return E.right(out)
}

/** Measurement → one sample (SpO2 127 / PR 255 → null, flagged finger out). @category contec-hid */
export function contecHidToSamples(c: ContecHidCommand, context: NormaliseContext): OximetrySample[] {
  if (c._tag !== 'ContecHidMeasurement') return []
  const spo2 = c.spo2 === 127 ? null : c.spo2
  const pulseRate = c.pulseRate === 255 ? null : c.pulseRate
  return [
    buildSample(context, 'contec-hid', {
      spo2,
      pulseRate,
      flags: sampleFlags({ fingerOut: spo2 === null && pulseRate === null }),
    }),
  ]
}
