import { type OximetrySample, sampleFlags } from '@openward/core'

import type { NormaliseContext } from '../../decode/device-profile.js'
import { buildSample } from '../../internal/build-sample.js'
import type { ViatomFs20fRecord } from './viatom-fs20f.js'
import type { ViatomO2Record } from './viatom-o2.js'
import type { ViatomPc60fwRecord } from './viatom-pc60fw.js'

/**
 * O2 READ_SENSORS response → one sample. SpO2 0xFF, PR 0xFF/0xFFFF → null with `fingerOut`;
 * the 0/0 start-up values → null with `searching`; finger-present 0 → `fingerOut`.
 *
 * @category viatom-o2
 */
export function viatomO2ToSamples(r: ViatomO2Record, context: NormaliseContext): OximetrySample[] {
  if (r._tag !== 'ViatomO2Response' || r.sensors === undefined || r.status !== 0) return []
  const s = r.sensors
  const calibrating = s.spo2 === 0 && s.pulseRate === 0
  const spo2 = s.spo2 === 0xff || s.spo2 === 0 ? null : s.spo2
  const pulseRate = s.pulseRate === 0xffff || s.pulseRate === 0xff || s.pulseRate === 0 ? null : s.pulseRate
  return [
    buildSample(context, 'viatom-o2', {
      spo2,
      pulseRate,
      flags: sampleFlags({ fingerOut: !s.fingerPresent || s.spo2 === 0xff, searching: calibrating }),
    }),
  ]
}

/**
 * FS20F parameter frame → one sample: PR 511, SpO2 127 and PI 0 are "no value". Wave frames
 * carry no reading and give none.
 *
 * @category viatom-fs20f
 */
export function viatomFs20fToSamples(r: ViatomFs20fRecord, context: NormaliseContext): OximetrySample[] {
  if (r._tag !== 'ViatomFs20fParams') return []
  return [
    buildSample(context, 'viatom-fs20f', {
      spo2: r.spo2 === 127 ? null : r.spo2,
      pulseRate: r.pulseRate === 511 ? null : r.pulseRate,
      flags: sampleFlags({}),
      perfusionIndex: r.perfusionIndexRaw === 0 ? null : r.perfusionIndexRaw / 1000,
    }),
  ]
}

/**
 * PC-60FW parameter frame → one sample. The protocol documents no sentinels; 0 (seen while no
 * finger is in) is treated as "no value".
 *
 * @category viatom-pc60fw
 */
export function viatomPc60fwToSamples(r: ViatomPc60fwRecord, context: NormaliseContext): OximetrySample[] {
  if (r._tag !== 'ViatomPc60fwParams') return []
  return [
    buildSample(context, 'viatom-pc60fw', {
      spo2: r.spo2 === 0 ? null : r.spo2,
      pulseRate: r.pulseRate === 0 ? null : r.pulseRate,
      flags: sampleFlags({}),
      perfusionIndex: r.perfusionIndexRaw === 0 ? null : r.perfusionIndexRaw / 10,
    }),
  ]
}
