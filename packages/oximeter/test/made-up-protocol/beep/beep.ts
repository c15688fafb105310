import { type DecodeError, type OximetrySample, sampleFlags, taggedError } from '@openward/core'

import type { Framer, FramerOutput, NormaliseContext } from '../../../src/index.js'

/**
 * "Beep": a made-up BLE protocol for the registry test, not a real device. One characteristic
 * value is one reading: `BE spo2 pr` (SpO2 127 and PR 255 mean no value).
 */
export interface BeepReading {
  readonly _tag: 'BeepReading'
  readonly spo2: number
  readonly pulseRate: number
}

export function createBeepFramer(): Framer<BeepReading, 'beep'> {
  let streamPos = 0
  return {
    protocol: 'beep',
    pendingBytes: 0,
    reset() {
      streamPos = 0
    },
    push(value): FramerOutput<BeepReading> {
      const offset = streamPos
      streamPos += value.length
      if (value.length === 3 && value[0] === 0xbe)
        return {
          records: [{ _tag: 'BeepReading', spo2: value[1]!, pulseRate: value[2]! }],
          bytesDiscarded: 0,
          checksumFailures: 0,
          errors: [],
        }
      const error: DecodeError = taggedError('InvalidSync', 'not a beep value', {
        offset,
        actual: value[0] ?? 0,
        length: value.length,
      })
      return { records: [], bytesDiscarded: value.length, checksumFailures: 0, errors: [error] }
    },
  }
}

export const encodeBeep = (r: BeepReading): Uint8Array => Uint8Array.of(0xbe, r.spo2, r.pulseRate)

export function beepToSamples(r: BeepReading, context: NormaliseContext): OximetrySample[] {
  return [
    {
      timeMs: context.timeMs,
      clock: context.clock ?? 'host',
      spo2: r.spo2 === 127 ? null : r.spo2,
      pulseRate: r.pulseRate === 255 ? null : r.pulseRate,
      flags: sampleFlags({}),
      provenance: { protocol: 'beep' },
    },
  ]
}
