import { type OximetrySample, sampleFlags } from '@openward/core'

import type { NormaliseContext } from '../../decode/device-profile.js'
import type { Framer } from '../../decode/framer.js'
import { buildSample } from '../../internal/build-sample.js'
import { checkFiveByteBody, FIVE_BYTE_FRAME, isFiveByteSync, splitPulseRate } from '../../internal/five-byte-frame.js'
import { createStreamFramer } from '../../internal/stream-framer.js'

/**
 * One BerryMed BCI v1.2 frame (5 bytes, 100 Hz; zh2x/BCI_Protocol PDF, spec note §3.2).
 *
 * @category berrymed
 */
export interface BerrymedFrame {
  readonly _tag: 'BerrymedFrame'
  /** Byte 1 bits 3–0 (0–8). */
  readonly signalStrength: number
  /** Byte 1 bit 4. */
  readonly noSignal: boolean
  /** Byte 1 bit 5. */
  readonly probeUnplugged: boolean
  /** Byte 1 bit 6. */
  readonly pulseBeep: boolean
  /** Byte 2, 0–100; 0 = invalid. */
  readonly pleth: number
  /** Byte 3 bits 3–0; 0 = invalid. */
  readonly barGraph: number
  /** Byte 3 bit 4. */
  readonly noFinger: boolean
  /** Byte 3 bit 5. */
  readonly pulseSearching: boolean
  /** 0–255; 255 = invalid. */
  readonly pulseRate: number
  /** 0–127; 127 = invalid. */
  readonly spo2: number
}

/** Decodes 5 valid bytes at `at` (no checks). */
export function readBerrymed(b: Uint8Array, at: number): BerrymedFrame {
  const b1 = b[at] as number
  const b3 = b[at + 2] as number
  return {
    _tag: 'BerrymedFrame',
    signalStrength: b1 & 0x0f,
    noSignal: (b1 & 0x10) !== 0,
    probeUnplugged: (b1 & 0x20) !== 0,
    pulseBeep: (b1 & 0x40) !== 0,
    pleth: (b[at + 1] as number) & 0x7f,
    barGraph: b3 & 0x0f,
    noFinger: (b3 & 0x10) !== 0,
    pulseSearching: (b3 & 0x20) !== 0,
    pulseRate: splitPulseRate(b3, b[at + 3] as number),
    spo2: (b[at + 4] as number) & 0x7f,
  }
}

/**
 * A framer for BerryMed BCI (one BLE notification may hold several frames). Resyncs on bit 7.
 *
 * @category berrymed
 */
export function createBerrymedFramer(): Framer<BerrymedFrame, 'berrymed'> {
  return createStreamFramer<BerrymedFrame, 'berrymed'>({
    protocol: 'berrymed',
    maxFrameLength: FIVE_BYTE_FRAME,
    isSync: isFiveByteSync,
    measure: () => FIVE_BYTE_FRAME,
    decode: (b, at, _len, offset) => checkFiveByteBody(b, at, offset, 'BerryMed frame') ?? readBerrymed(b, at),
  })
}

/** Encodes a BCI frame. @category berrymed */
export function encodeBerrymed(f: BerrymedFrame): Uint8Array {
  return Uint8Array.of(
    0x80 |
      (f.pulseBeep ? 0x40 : 0) |
      (f.probeUnplugged ? 0x20 : 0) |
      (f.noSignal ? 0x10 : 0) |
      (f.signalStrength & 0x0f),
    f.pleth & 0x7f,
    ((f.pulseRate & 0x80) >>> 1) | (f.pulseSearching ? 0x20 : 0) | (f.noFinger ? 0x10 : 0) | (f.barGraph & 0x0f),
    f.pulseRate & 0x7f,
    f.spo2 & 0x7f,
  )
}

/**
 * BCI frame → one sample. SpO2 127 / PR 255 → null; no finger → `fingerOut`; probe unplugged →
 * `sensorDisconnected`; searching / no signal → `searching`; pleth 0 (invalid) is left out.
 *
 * @category berrymed
 */
export function berrymedToSamples(f: BerrymedFrame, context: NormaliseContext): OximetrySample[] {
  return [
    buildSample(context, 'berrymed', {
      spo2: f.spo2 === 0x7f ? null : f.spo2,
      pulseRate: f.pulseRate === 0xff ? null : f.pulseRate,
      flags: sampleFlags({
        fingerOut: f.noFinger,
        sensorDisconnected: f.probeUnplugged,
        searching: f.pulseSearching || f.noSignal,
      }),
      ...(f.pleth === 0 ? {} : { pleth: [f.pleth] }),
    }),
  ]
}
