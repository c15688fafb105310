import { type Averaging, makeSample, type OximetrySample, type SampleFlags } from '@openward/core'

import type { NormaliseContext } from '../device-profile.js'
import type { ProtocolId } from '../protocol-id.js'

export interface SampleValues {
  readonly spo2: number | null
  readonly pulseRate: number | null
  readonly flags: SampleFlags
  readonly perfusionIndex?: number | null
  readonly pleth?: readonly number[]
  readonly averaging?: Averaging
}

/** One sample on the context's clock, with the protocol and device as provenance. */
export function buildSample(context: NormaliseContext, protocol: ProtocolId, v: SampleValues): OximetrySample {
  const provenance = {
    protocol,
    ...(context.device !== undefined ? { device: context.device } : {}),
    ...(v.averaging !== undefined ? { averaging: v.averaging } : {}),
  }
  return makeSample({
    timeMs: context.timeMs,
    clock: context.clock ?? 'host',
    spo2: v.spo2,
    pulseRate: v.pulseRate,
    flags: v.flags,
    provenance,
    ...(v.perfusionIndex !== undefined ? { perfusionIndex: v.perfusionIndex } : {}),
    ...(v.pleth !== undefined ? { pleth: v.pleth } : {}),
  })
}
