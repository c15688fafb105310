import { type OximetrySample, sampleFlags } from '@openward/core'

import type { NormaliseContext } from '../../decode/device-profile.js'
import type { Framer } from '../../decode/framer.js'
import { buildSample } from '../../internal/build-sample.js'
import { checkFiveByteBody, FIVE_BYTE_FRAME, isFiveByteSync, splitPulseRate } from '../../internal/five-byte-frame.js'
import { createStreamFramer } from '../../internal/stream-framer.js'

/**
 * One Contec CMS50 legacy live frame (5 bytes, 60/s; atbrask/CMS50Dplus and OSCAR
 * `cms50_loader.cpp`, spec note §3.1(a)). Raw field values; sentinels are kept here and turned
 * into `null` by {@link contecLegacyToSamples}.
 *
 * @category contec-legacy
 */
export interface ContecLegacyFrame {
  readonly _tag: 'ContecLegacyFrame'
  /** Byte 1 bits 3–0 (0–8 in practice). */
  readonly signalStrength: number
  /** Byte 1 bit 4: searching too long / no signal (not "finger out"). */
  readonly searchingTooLong: boolean
  /** Byte 1 bit 5. */
  readonly spo2Dropping: boolean
  /** Byte 1 bit 6. */
  readonly pulseBeep: boolean
  /** Byte 2, 0–127. */
  readonly pleth: number
  /** Byte 3 bits 3–0. */
  readonly barGraph: number
  /** Byte 3 bit 4: probe / sensor error, the real finger-out flag. */
  readonly probeError: boolean
  /** Byte 3 bit 5. */
  readonly searchingPulse: boolean
  /** 0–255; 255 = no value. */
  readonly pulseRate: number
  /** 0–127; 127 = no value. */
  readonly spo2: number
}

/** Decodes 5 valid bytes at `at` (no checks). Shared by the framer and the batch path. */
export function readContecLegacy(b: Uint8Array, at: number): ContecLegacyFrame {
  const b1 = b[at] as number
  const b3 = b[at + 2] as number
  return {
    _tag: 'ContecLegacyFrame',
    signalStrength: b1 & 0x0f,
    searchingTooLong: (b1 & 0x10) !== 0,
    spo2Dropping: (b1 & 0x20) !== 0,
    pulseBeep: (b1 & 0x40) !== 0,
    pleth: (b[at + 1] as number) & 0x7f,
    barGraph: b3 & 0x0f,
    probeError: (b3 & 0x10) !== 0,
    searchingPulse: (b3 & 0x20) !== 0,
    pulseRate: splitPulseRate(b3, b[at + 3] as number),
    spo2: (b[at + 4] as number) & 0x7f,
  }
}

/**
 * A framer for the Contec legacy stream (serial 19200 8O1). Resyncs on bit 7.
 *
 * @category contec-legacy
 */
export function createContecLegacyFramer(): Framer<ContecLegacyFrame, 'contec-legacy'> {
  return createStreamFramer<ContecLegacyFrame, 'contec-legacy'>({
    protocol: 'contec-legacy',
    maxFrameLength: FIVE_BYTE_FRAME,
    isSync: isFiveByteSync,
    measure: () => FIVE_BYTE_FRAME,
    decode: (b, at, _len, offset) => checkFiveByteBody(b, at, offset, 'Contec legacy frame') ?? readContecLegacy(b, at),
  })
}

/** Encodes a legacy frame (fields are masked to their bit widths). @category contec-legacy */
export function encodeContecLegacy(f: ContecLegacyFrame): Uint8Array {
  return Uint8Array.of(
    0x80 |
      (f.pulseBeep ? 0x40 : 0) |
      (f.spo2Dropping ? 0x20 : 0) |
      (f.searchingTooLong ? 0x10 : 0) |
      (f.signalStrength & 0x0f),
    f.pleth & 0x7f,
    ((f.pulseRate & 0x80) >>> 1) | (f.searchingPulse ? 0x20 : 0) | (f.probeError ? 0x10 : 0) | (f.barGraph & 0x0f),
    f.pulseRate & 0x7f,
    f.spo2 & 0x7f,
  )
}

/** SpO2 127 is "no value"; 0 is too (no finger on some units). @category contec-legacy */
export const contecSpo2 = (v: number): number | null => (v === 0x7f || v === 0 ? null : v)
/** PR 255 is "no value"; 0 is too. @category contec-legacy */
export const contecPulseRate = (v: number): number | null => (v === 0xff || v === 0 ? null : v)

/**
 * Legacy frame → one sample with its pleth point. Probe error → `fingerOut`; searching bits →
 * `searching`.
 *
 * @category contec-legacy
 */
export function contecLegacyToSamples(f: ContecLegacyFrame, context: NormaliseContext): OximetrySample[] {
  return [
    buildSample(context, 'contec-legacy', {
      spo2: contecSpo2(f.spo2),
      pulseRate: contecPulseRate(f.pulseRate),
      flags: sampleFlags({ fingerOut: f.probeError, searching: f.searchingPulse || f.searchingTooLong }),
      pleth: [f.pleth],
    }),
  ]
}
