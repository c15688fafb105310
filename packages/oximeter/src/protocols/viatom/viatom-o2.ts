import { checksumMismatch } from '@openward/core'

import type { Framer } from '../../decode/framer.js'
import { crc8Poly07 } from '../../internal/crc8.js'
import { u16 } from '../../internal/le-bytes.js'
import { createStreamFramer, FrameRejection, NEED_MORE } from '../../internal/stream-framer.js'
import { encodeViatomO2Request } from './viatom-o2-command.js'

/**
 * Viatom/Wellue O2 family framing (o2r `o2pkt.py`, Lepu `OxyBleResponse.kt`, `BleCRC.java`; spec
 * note §3.3). Request `AA cmd ~cmd block len payload CRC`; response `55 status ~status block len
 * payload CRC`; CRC-8 poly 0x07 over every byte before it. A 21-byte response arrives as 20 + 1
 * bytes at the default ATT MTU, so frames are reassembled by the length field.
 */

/** A host → device request (seen when a capture holds both directions). @category viatom-o2 */
export interface ViatomO2Request {
  readonly _tag: 'ViatomO2Request'
  readonly command: number
  readonly block: number
  readonly payload: readonly number[]
}

/**
 * The READ_SENSORS (0x17) live payload, 13 bytes. Bytes 3–6 and 12 are unknown; the PI scale of
 * byte 10 is uncertain (medium-low confidence), so it is kept raw.
 *
 * @category viatom-o2
 */
export interface ViatomO2Sensors {
  /** 0xFF = no finger. 0 during start-up calibration. */
  readonly spo2: number
  /** uint16 LE; 0xFFFF (or 0xFF) = no finger. */
  readonly pulseRate: number
  readonly batteryPercent: number
  /** 0 not charging, 1 charging, 2 charged. */
  readonly chargingState: number
  readonly motion: number
  /** Pulse strength / PI, scale unknown. */
  readonly pulseStrengthRaw: number
  readonly fingerPresent: boolean
}

/** A device → host response. @category viatom-o2 */
export interface ViatomO2Response {
  readonly _tag: 'ViatomO2Response'
  /** 0 = OK. */
  readonly status: number
  readonly block: number
  readonly payload: readonly number[]
  /**
   * The live values, when the payload has the READ_SENSORS length (13 bytes). Responses do not
   * name their command, so this is recognised by length (no other known reply is 13 bytes).
   */
  readonly sensors?: ViatomO2Sensors
}

/** Every O2 record. @category viatom-o2 */
export type ViatomO2Record = ViatomO2Request | ViatomO2Response

/** Longest payload accepted: a false sync cannot make the framer wait for more than this. */
export const VIATOM_O2_MAX_PAYLOAD = 4096
const SENSORS_LENGTH = 13

function measureO2(b: Uint8Array, at: number, end: number): number {
  if (end - at < 7) return end - at >= 3 && ((b[at + 1] as number) ^ 0xff) !== b[at + 2] ? 0 : NEED_MORE
  if (((b[at + 1] as number) ^ 0xff) !== b[at + 2]) return 0
  const len = u16(b, at + 5)
  return len > VIATOM_O2_MAX_PAYLOAD ? 0 : 8 + len
}

/** Parses a 13-byte READ_SENSORS payload. @category viatom-o2 */
export function decodeViatomO2Sensors(p: readonly number[]): ViatomO2Sensors {
  return {
    spo2: p[0] ?? 0,
    pulseRate: (p[1] ?? 0) | ((p[2] ?? 0) << 8),
    batteryPercent: p[7] ?? 0,
    chargingState: p[8] ?? 0,
    motion: p[9] ?? 0,
    pulseStrengthRaw: p[10] ?? 0,
    fingerPresent: p[11] === 1,
  }
}

function decodeO2(b: Uint8Array, at: number, length: number, offset: number): ViatomO2Record | FrameRejection {
  const crcAt = at + length - 1
  const crc = crc8Poly07(b, at, crcAt)
  if (crc !== b[crcAt])
    return new FrameRejection(checksumMismatch(offset + length - 1, crc, b[crcAt] as number), 1, true)
  const block = u16(b, at + 3)
  const payload = Array.from(b.subarray(at + 7, crcAt))
  if (b[at] === 0xaa) return { _tag: 'ViatomO2Request', command: b[at + 1] as number, block, payload }
  const response: ViatomO2Response = { _tag: 'ViatomO2Response', status: b[at + 1] as number, block, payload }
  return payload.length === SENSORS_LENGTH ? { ...response, sensors: decodeViatomO2Sensors(payload) } : response
}

/**
 * A framer for O2 notifications (and host requests, if a capture holds both). Checks the
 * inverted byte, the length bound and the CRC; a bad CRC drops one byte and rescans.
 *
 * @category viatom-o2
 */
export function createViatomO2Framer(): Framer<ViatomO2Record, 'viatom-o2'> {
  return createStreamFramer<ViatomO2Record, 'viatom-o2'>({
    protocol: 'viatom-o2',
    maxFrameLength: 8 + VIATOM_O2_MAX_PAYLOAD,
    isSync: (byte) => byte === 0x55 || byte === 0xaa,
    measure: measureO2,
    decode: decodeO2,
  })
}

/** Encodes an O2 request or response frame (CRC computed). @category viatom-o2 */
export function encodeViatomO2(r: ViatomO2Record): Uint8Array {
  const payload = Uint8Array.from(r.payload)
  if (r._tag === 'ViatomO2Request') return encodeViatomO2Request(r.command, payload, r.block)
  const out = encodeViatomO2Request(r.status, payload, r.block)
  out[0] = 0x55
  out[out.length - 1] = crc8Poly07(out, 0, out.length - 1)
  return out
}

/**
 * Builds the 13-byte READ_SENSORS payload (for fake devices and tests); unknown bytes are 0.
 *
 * @category viatom-o2
 */
export function encodeViatomO2Sensors(s: ViatomO2Sensors): number[] {
  const p = new Array<number>(SENSORS_LENGTH).fill(0)
  p[0] = s.spo2 & 0xff
  p[1] = s.pulseRate & 0xff
  p[2] = (s.pulseRate >>> 8) & 0xff
  p[7] = s.batteryPercent & 0xff
  p[8] = s.chargingState & 0xff
  p[9] = s.motion & 0xff
  p[10] = s.pulseStrengthRaw & 0xff
  p[11] = s.fingerPresent ? 1 : 0
  return p
}
