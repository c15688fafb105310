import { type OximetrySample, sampleFlags } from '@openward/core'

import { contecPulseRate, contecSpo2 } from './contec-legacy.js'
import type { ContecV7Record } from './contec-v7-records.js'
import type { NormaliseContext } from '../../decode/device-profile.js'
import { buildSample } from '../../internal/build-sample.js'

const PI_INVALID = 0xffff

/**
 * V7 record → samples. Real-time: SpO2 127 / PR 255 and the 0/0 some units send with a probe
 * error become `null`; probe error → `fingerOut`; searching bits → `searching`; PI omitted when
 * the device does not send it (0xFFFF), `null` when it flags it invalid. Storage 0x0F/0x09:
 * one sample per reading, 1 s apart from the context's time. Other packets: none.
 *
 * @category contec-v7
 */
export function contecV7ToSamples(r: ContecV7Record, context: NormaliseContext): OximetrySample[] {
  if (r._tag === 'ContecV7RealTime') {
    const pi = r.perfusionIndexRaw === PI_INVALID ? undefined : r.piInvalid ? null : r.perfusionIndexRaw / 100
    return [
      buildSample(context, 'contec-v7', {
        spo2: contecSpo2(r.spo2),
        pulseRate: contecPulseRate(r.pulseRate),
        flags: sampleFlags({ fingerOut: r.probeError, searching: r.searchingPulse || r.searchingTooLong }),
        pleth: [r.pleth],
        ...(pi === undefined ? {} : { perfusionIndex: pi }),
      }),
    ]
  }
  if (r._tag === 'ContecV7StorageData') {
    return r.readings.map((x, k) => {
      const spo2 = contecSpo2(x.spo2)
      const pulseRate = contecPulseRate(x.pulseRate)
      const pi = x.perfusionIndexRaw
      return buildSample({ ...context, timeMs: context.timeMs + k * 1000 }, 'contec-v7', {
        spo2,
        pulseRate,
        // Stored 127/255 pairs are the device's "finger out" artefact records.
        flags: sampleFlags({ fingerOut: spo2 === null && pulseRate === null }),
        ...(pi === undefined || pi === PI_INVALID ? {} : { perfusionIndex: pi / 100 }),
      })
    })
  }
  return []
}
