import { type DecodeError, invalidSync, truncated } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

/**
 * Jumper JPD-500F / "My Oximeter" notifications on CDEACB81 (hobbyist code only: obniz
 * PLS-01BT and others; spec note §3.7; LOW confidence). `81 PR SpO2 PI×10` = parameters,
 * `80 …` = waveform.
 */

/** Parameters (0x81). PR 255 / SpO2 127 = invalid. @category jumper */
export interface JumperParams {
  readonly _tag: 'JumperParams'
  readonly pulseRate: number
  readonly spo2: number
  /** PI × 10. */
  readonly perfusionIndexRaw: number
}

/** Waveform (0x80), bytes after the type kept raw. @category jumper */
export interface JumperWave {
  readonly _tag: 'JumperWave'
  readonly samples: readonly number[]
}

/** @category jumper */
export type JumperRecord = JumperParams | JumperWave

/** Decodes one Jumper notification. @category jumper */
export function decodeJumper(v: Uint8Array): E.Either<DecodeError, JumperRecord> {
  if (v.length < 1) return E.left(truncated(0, 1, 0, 'Jumper notification'))
  if (v[0] === 0x80) return E.right({ _tag: 'JumperWave', samples: Array.from(v.subarray(1)) })
  if (v[0] !== 0x81) return E.left(invalidSync(0, v[0] as number))
  if (v.length < 4) return E.left(truncated(0, 4, v.length, 'Jumper parameters'))
  return E.right({
    _tag: 'JumperParams',
    pulseRate: v[1] as number,
    spo2: v[2] as number,
    perfusionIndexRaw: v[3] as number,
  })
}

/** Encodes a Jumper notification. @category jumper */
export function encodeJumper(r: JumperRecord): Uint8Array {
  return r._tag === 'JumperWave'
    ? Uint8Array.from([0x80, ...r.samples])
    : Uint8Array.of(0x81, r.pulseRate & 0xff, r.spo2 & 0xff, r.perfusionIndexRaw & 0xff)
}
