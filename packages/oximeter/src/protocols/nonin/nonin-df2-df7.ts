import { checksumMismatch, invalidField } from '@openward/core'

import type { Framer } from '../../decode/framer.js'
import { createStreamFramer, FrameRejection, NEED_MORE } from '../../internal/stream-framer.js'

/**
 * Nonin serial data formats 2 and 7 (Nonin 9560 Bluetooth Specification; 3150 OEM
 * Specification; spec note §3.6). 5-byte frames, 25 frames = one packet, 3 packets/s. The FLOAT
 * byte's meaning depends on the frame number, so the framer returns whole packets: a damaged
 * frame costs its packet (1/3 s), and the next packet repeats every value.
 * DF2 frame: `01 STATUS PLETH FLOAT CHK`; DF7 frame: `STATUS PLETH-MSB PLETH-LSB FLOAT CHK`;
 * CHK = sum of the first 4 bytes mod 256. STATUS bit 7 is always 1; bit 0 (SYNC) marks frame 1.
 */

/** Perfusion from the RPRF/YPRF (bit 2) and GPRF (bit 1) status bits. @category nonin */
export type NoninPerfusion = 'none' | 'green' | 'yellow' | 'red'

/** One DF2/DF7 packet with the FLOAT values named. @category nonin */
export interface NoninDf2Packet {
  readonly _tag: 'NoninDf2Packet'
  readonly format: 2 | 7
  /** STATUS byte of each of the 25 frames. */
  readonly statuses: readonly number[]
  /** 25 pleth samples (8-bit for DF2, 16-bit for DF7). */
  readonly pleth: readonly number[]
  /** FLOAT byte of each frame (0–127). */
  readonly floats: readonly number[]
  /** Recording values (4-beat average): HR 511 and SpO2 127 = missing. */
  readonly heartRate: number
  readonly spo2: number
  readonly spo2Fast: number
  readonly spo2BeatToBeat: number
  /** Display values ("-D"): held for 10 s after the finger is removed. */
  readonly spo2Display: number
  readonly heartRateDisplay: number
  /** Extended (8-beat) averages. */
  readonly extendedHeartRate: number
  readonly extendedSpo2: number
  readonly extendedSpo2Display: number
  readonly extendedHeartRateDisplay: number
  readonly firmwareRevision: number
  readonly stat2: number
  /** Status bits set in any frame of the packet. */
  readonly artifact: boolean
  readonly outOfTrack: boolean
  readonly sensorAlarm: boolean
  /** Worst perfusion shown in the packet. */
  readonly perfusion: NoninPerfusion
}

const FRAMES = 25
const PACKET = FRAMES * 5

/** HR / 9-bit values from the MSB frame (bits 1–0) and LSB frame (bits 6–0). */
const hr = (floats: readonly number[], msbFrame: number) =>
  (((floats[msbFrame - 1] ?? 0) & 0x03) << 7) | ((floats[msbFrame] ?? 0) & 0x7f)

function perfusionOf(status: number): NoninPerfusion {
  const r = (status & 0x04) !== 0
  const g = (status & 0x02) !== 0
  return r && g ? 'yellow' : r ? 'red' : g ? 'green' : 'none'
}
const PERFUSION_RANK: Readonly<Record<NoninPerfusion, number>> = { none: 0, green: 1, yellow: 2, red: 3 }

/** Names the FLOAT values of a packet (frame numbers are 1-based, as in the Nonin document). */
export function noninPacket(format: 2 | 7, statuses: number[], pleth: number[], floats: number[]): NoninDf2Packet {
  let perfusion: NoninPerfusion = 'none'
  for (const s of statuses) {
    const p = perfusionOf(s)
    if (PERFUSION_RANK[p] > PERFUSION_RANK[perfusion]) perfusion = p
  }
  const f = (n: number) => floats[n - 1] ?? 0
  return {
    _tag: 'NoninDf2Packet',
    format,
    statuses,
    pleth,
    floats,
    heartRate: hr(floats, 1),
    spo2: f(3),
    firmwareRevision: f(4),
    stat2: f(8),
    spo2Display: f(9),
    spo2Fast: f(10),
    spo2BeatToBeat: f(11),
    extendedHeartRate: hr(floats, 14),
    extendedSpo2: f(16),
    extendedSpo2Display: f(17),
    heartRateDisplay: hr(floats, 20),
    extendedHeartRateDisplay: hr(floats, 22),
    artifact: statuses.some((s) => (s & 0x20) !== 0),
    outOfTrack: statuses.some((s) => (s & 0x10) !== 0),
    sensorAlarm: statuses.some((s) => (s & 0x08) !== 0),
    perfusion,
  }
}

function makeSpec<P extends 'nonin-df2' | 'nonin-df7'>(format: 2 | 7, protocol: P) {
  const statusAt = format === 2 ? 1 : 0
  const isFrameStart = (b: Uint8Array, at: number) =>
    format === 2 ? b[at] === 0x01 && ((b[at + 1] as number) & 0x80) !== 0 : ((b[at] as number) & 0x80) !== 0
  return {
    protocol,
    maxFrameLength: PACKET,
    isSync: format === 2 ? (byte: number) => byte === 0x01 : (byte: number) => (byte & 0x80) !== 0,
    measure: (b: Uint8Array, at: number, end: number) => {
      if (end - at < 2) return NEED_MORE
      return isFrameStart(b, at) && ((b[at + statusAt] as number) & 0x01) === 1 ? PACKET : 0
    },
    decode: (b: Uint8Array, at: number, _len: number, offset: number): NoninDf2Packet | FrameRejection => {
      const statuses: number[] = []
      const pleth: number[] = []
      const floats: number[] = []
      for (let k = 0; k < FRAMES; k++) {
        const p = at + 5 * k
        const sum = ((b[p] as number) + (b[p + 1] as number) + (b[p + 2] as number) + (b[p + 3] as number)) & 0xff
        const discard = Math.max(1, 5 * k)
        if (!isFrameStart(b, p) || (k > 0 && ((b[p + statusAt] as number) & 0x01) === 1))
          return new FrameRejection(
            invalidField('frame', `DF${format} frame ${k + 1} out of place`, { offset: offset + 5 * k }),
            discard,
          )
        if (sum !== b[p + 4])
          return new FrameRejection(checksumMismatch(offset + 5 * k + 4, sum, b[p + 4] as number), discard, true)
        statuses.push(b[p + statusAt] as number)
        pleth.push(format === 2 ? (b[p + 2] as number) : ((b[p + 1] as number) << 8) | (b[p + 2] as number))
        floats.push(b[p + 3] as number)
      }
      return noninPacket(format, statuses, pleth, floats)
    },
  }
}

/** A framer for Nonin DF2 (9600 8N1). @category nonin */
export const createNoninDf2Framer = (): Framer<NoninDf2Packet, 'nonin-df2'> =>
  createStreamFramer(makeSpec(2, 'nonin-df2'))

/** A framer for Nonin DF7 (16-bit pleth). @category nonin */
export const createNoninDf7Framer = (): Framer<NoninDf2Packet, 'nonin-df7'> =>
  createStreamFramer(makeSpec(7, 'nonin-df7'))

/** Encodes a DF2/DF7 packet from its statuses, pleth and floats (125 bytes). @category nonin */
export function encodeNoninDf2Packet(r: NoninDf2Packet): Uint8Array {
  const out = new Uint8Array(PACKET)
  for (let k = 0; k < FRAMES; k++) {
    const p = 5 * k
    const status = ((r.statuses[k] ?? 0x80) | 0x80) & (k === 0 ? 0xff : 0xfe)
    const pleth = r.pleth[k] ?? 0
    const frame =
      r.format === 2
        ? [0x01, status, pleth & 0xff, r.floats[k] ?? 0]
        : [status, (pleth >>> 8) & 0xff, pleth & 0xff, r.floats[k] ?? 0]
    out.set(frame, p)
    out[p + 4] = frame.reduce((a, c) => a + c, 0) & 0xff
  }
  if (r.format === 2) out[1] = (out[1] as number) | 0x01
  else out[0] = (out[0] as number) | 0x01
  // Recompute frame 1's checksum after setting SYNC.
  out[4] = ((out[0] as number) + (out[1] as number) + (out[2] as number) + (out[3] as number)) & 0xff
  return out
}
