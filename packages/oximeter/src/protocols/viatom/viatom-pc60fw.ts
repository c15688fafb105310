import { checksumMismatch } from '@openward/core'

import type { Framer } from '../../decode/framer.js'
import { crc8Maxim } from '../../internal/crc8.js'
import { createStreamFramer, FrameRejection, NEED_MORE } from '../../internal/stream-framer.js'

/**
 * Viatom PC-60FW frames over Nordic UART (sza2/viatom_pc60fw, pmenke-de fork; spec note §3.5):
 * `AA 55 <0F|F0> len func payload CRC`, len counting func + payload + CRC; CRC-8/MAXIM over the
 * whole frame is 0. Confidence low-medium: the parameter payload order beyond SpO2/PR and the
 * status byte are not documented (PI position unconfirmed; it is 0 in every public capture).
 */

/** Parameters, function 0x01. @category viatom-pc60fw */
export interface ViatomPc60fwParams {
  readonly _tag: 'ViatomPc60fwParams'
  /** The class byte after AA 55 (0x0F observed). */
  readonly direction: number
  readonly spo2: number
  /** Low byte + possible high byte. */
  readonly pulseRate: number
  /** PI × 10 (position to confirm). */
  readonly perfusionIndexRaw: number
  /** Payload byte 4, meaning unknown. */
  readonly unknown: number
  /** Payload byte 5 (0xC0 observed), meaning unknown. */
  readonly status: number
}

/** Waveform, function 0x02: 5 samples; a sample with 0x80 added marks a beat. @category viatom-pc60fw */
export interface ViatomPc60fwWave {
  readonly _tag: 'ViatomPc60fwWave'
  readonly direction: number
  /** Samples as sent (0x80 bit included). */
  readonly samples: readonly number[]
}

/** Any other function (0x03, 0x21, ...), kept raw. @category viatom-pc60fw */
export interface ViatomPc60fwOther {
  readonly _tag: 'ViatomPc60fwOther'
  readonly direction: number
  readonly func: number
  readonly payload: readonly number[]
}

/** Every PC-60FW record. @category viatom-pc60fw */
export type ViatomPc60fwRecord = ViatomPc60fwParams | ViatomPc60fwWave | ViatomPc60fwOther

const MAX_LEN = 64

function measurePc60(b: Uint8Array, at: number, end: number): number {
  if (end - at < 2) return NEED_MORE
  if (b[at + 1] !== 0x55) return 0
  if (end - at < 4) return NEED_MORE
  const cls = b[at + 2]
  const len = b[at + 3] as number
  if ((cls !== 0x0f && cls !== 0xf0) || len < 2 || len > MAX_LEN) return 0
  return 4 + len
}

function decodePc60(b: Uint8Array, at: number, length: number, offset: number): ViatomPc60fwRecord | FrameRejection {
  const residue = crc8Maxim(b, at, at + length)
  if (residue !== 0) {
    const expected = crc8Maxim(b, at, at + length - 1)
    return new FrameRejection(checksumMismatch(offset + length - 1, expected, b[at + length - 1] as number), 1, true)
  }
  const direction = b[at + 2] as number
  const func = b[at + 4] as number
  const payload = Array.from(b.subarray(at + 5, at + length - 1))
  if (func === 0x01 && payload.length === 6)
    return {
      _tag: 'ViatomPc60fwParams',
      direction,
      spo2: payload[0] ?? 0,
      pulseRate: (payload[1] ?? 0) | ((payload[2] ?? 0) << 8),
      perfusionIndexRaw: payload[3] ?? 0,
      unknown: payload[4] ?? 0,
      status: payload[5] ?? 0,
    }
  if (func === 0x02) return { _tag: 'ViatomPc60fwWave', direction, samples: payload }
  return { _tag: 'ViatomPc60fwOther', direction, func, payload }
}

/** A framer for PC-60FW notifications. @category viatom-pc60fw */
export function createViatomPc60fwFramer(): Framer<ViatomPc60fwRecord, 'viatom-pc60fw'> {
  return createStreamFramer<ViatomPc60fwRecord, 'viatom-pc60fw'>({
    protocol: 'viatom-pc60fw',
    maxFrameLength: 4 + MAX_LEN,
    isSync: (byte) => byte === 0xaa,
    measure: measurePc60,
    decode: decodePc60,
  })
}

/** Encodes a PC-60FW frame (CRC-8/MAXIM computed). @category viatom-pc60fw */
export function encodeViatomPc60fw(r: ViatomPc60fwRecord): Uint8Array {
  let func: number
  let payload: readonly number[]
  if (r._tag === 'ViatomPc60fwParams') {
    func = 0x01
    payload = [r.spo2, r.pulseRate & 0xff, (r.pulseRate >>> 8) & 0xff, r.perfusionIndexRaw, r.unknown, r.status]
  } else if (r._tag === 'ViatomPc60fwWave') {
    func = 0x02
    payload = r.samples
  } else {
    func = r.func
    payload = r.payload
  }
  const out = Uint8Array.from([0xaa, 0x55, r.direction, payload.length + 2, func, ...payload, 0])
  out[out.length - 1] = crc8Maxim(out, 0, out.length - 1)
  return out
}
