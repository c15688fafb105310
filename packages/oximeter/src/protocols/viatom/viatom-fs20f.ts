import { checksumMismatch } from '@openward/core'

import type { Framer } from '../../decode/framer.js'
import { sum8 } from '../../internal/crc8.js'
import { createStreamFramer, FrameRejection, NEED_MORE } from '../../internal/stream-framer.js'

/**
 * Wellue FS20F / "VTM 20F" BLE frames (roger-/FS20F `parser.py` and capture; spec note §3.4):
 * `FE len type … checksum`, len counting the whole frame. Checksum = sum of the bytes after FE
 * (excluding the checksum) mod 256: our finding, verified on all 2,148 frames of the public
 * capture (medium confidence; Yuwell units may differ).
 */

/** Parameters, type 0x55, 10 bytes, 1 Hz. @category viatom-fs20f */
export interface ViatomFs20fParams {
  readonly _tag: 'ViatomFs20fParams'
  /** uint16 big-endian; 511 = invalid. */
  readonly pulseRate: number
  /** 127 = invalid. */
  readonly spo2: number
  /** PI × 1000 (uint16 BE); 0 = invalid. */
  readonly perfusionIndexRaw: number
  readonly counter: number
}

/** Waveform, type 0x56, 8 bytes, 50 Hz. @category viatom-fs20f */
export interface ViatomFs20fWave {
  readonly _tag: 'ViatomFs20fWave'
  readonly pleth: number
  /** Status byte as received; bit 1 reported as "sensor off", bit 2 unknown. */
  readonly status: number
  readonly sensorOff: boolean
  readonly barGraph: number
  readonly counter: number
}

/** A frame of another type (checksum valid), kept raw. @category viatom-fs20f */
export interface ViatomFs20fOther {
  readonly _tag: 'ViatomFs20fOther'
  readonly type: number
  readonly data: readonly number[]
}

/** Every FS20F record. @category viatom-fs20f */
export type ViatomFs20fRecord = ViatomFs20fParams | ViatomFs20fWave | ViatomFs20fOther

const PARAMS = 0x55
const WAVE = 0x56
const MAX_FRAME = 32

function measureFs20f(b: Uint8Array, at: number, end: number): number {
  if (end - at < 3) return NEED_MORE
  const len = b[at + 1] as number
  const type = b[at + 2] as number
  if (type === PARAMS) return len === 10 ? 10 : 0
  if (type === WAVE) return len === 8 ? 8 : 0
  return len >= 4 && len <= MAX_FRAME ? len : 0
}

function decodeFs20f(b: Uint8Array, at: number, length: number, offset: number): ViatomFs20fRecord | FrameRejection {
  const sumAt = at + length - 1
  const sum = sum8(b, at + 1, sumAt)
  if (sum !== b[sumAt])
    return new FrameRejection(checksumMismatch(offset + length - 1, sum, b[sumAt] as number), 1, true)
  const type = b[at + 2] as number
  if (type === PARAMS)
    return {
      _tag: 'ViatomFs20fParams',
      pulseRate: ((b[at + 3] as number) << 8) | (b[at + 4] as number),
      spo2: b[at + 5] as number,
      perfusionIndexRaw: ((b[at + 6] as number) << 8) | (b[at + 7] as number),
      counter: b[at + 8] as number,
    }
  if (type === WAVE) {
    const status = b[at + 4] as number
    return {
      _tag: 'ViatomFs20fWave',
      pleth: b[at + 3] as number,
      status,
      sensorOff: (status & 0x02) !== 0,
      barGraph: b[at + 5] as number,
      counter: b[at + 6] as number,
    }
  }
  return { _tag: 'ViatomFs20fOther', type, data: Array.from(b.subarray(at + 3, sumAt)) }
}

/** A framer for FS20F notifications (frames split across 20-byte notifications). @category viatom-fs20f */
export function createViatomFs20fFramer(): Framer<ViatomFs20fRecord, 'viatom-fs20f'> {
  return createStreamFramer<ViatomFs20fRecord, 'viatom-fs20f'>({
    protocol: 'viatom-fs20f',
    maxFrameLength: MAX_FRAME,
    isSync: (byte) => byte === 0xfe,
    measure: measureFs20f,
    decode: decodeFs20f,
  })
}

/** Encodes an FS20F frame (checksum computed). @category viatom-fs20f */
export function encodeViatomFs20f(r: ViatomFs20fRecord): Uint8Array {
  let body: number[]
  if (r._tag === 'ViatomFs20fParams')
    body = [
      PARAMS,
      (r.pulseRate >>> 8) & 0xff,
      r.pulseRate & 0xff,
      r.spo2,
      (r.perfusionIndexRaw >>> 8) & 0xff,
      r.perfusionIndexRaw & 0xff,
      r.counter,
    ]
  else if (r._tag === 'ViatomFs20fWave') body = [WAVE, r.pleth, r.status, r.barGraph, r.counter]
  else body = [r.type, ...r.data]
  const out = Uint8Array.from([0xfe, body.length + 3, ...body, 0])
  out[out.length - 1] = sum8(out, 1, out.length - 1)
  return out
}
