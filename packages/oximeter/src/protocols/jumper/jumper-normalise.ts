import { type OximetrySample, sampleFlags } from '@openward/core'

import type { NormaliseContext } from '../../decode/device-profile.js'
import { buildSample } from '../../internal/build-sample.js'
import type { JumperRecord } from './jumper.js'

/** Jumper parameters → one sample (PR 255 / SpO2 127 → null). @category jumper */
export function jumperToSamples(r: JumperRecord, context: NormaliseContext): OximetrySample[] {
  if (r._tag !== 'JumperParams') return []
  return [
    buildSample(context, 'jumper', {
      spo2: r.spo2 === 127 ? null : r.spo2,
      pulseRate: r.pulseRate === 255 ? null : r.pulseRate,
      flags: sampleFlags({}),
      perfusionIndex: r.perfusionIndexRaw / 10,
    }),
  ]
}
