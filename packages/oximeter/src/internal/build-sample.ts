import { type Averaging, makeSample, type OximetrySample, type Provenance, type SampleFlags } from '@openward/core'

import type { NormaliseContext } from '../decode/device-profile.js'
import type { ProtocolId } from '../protocol-id.js'

export interface SampleValues {
  readonly spo2: number | null
  readonly pulseRate: number | null
  readonly flags: SampleFlags
  readonly perfusionIndex?: number | null
  readonly pleth?: readonly number[]
  readonly averaging?: Averaging
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** One sample on the context's clock, with the protocol and device as provenance. */
export function buildSample(
  context: NormaliseContext,
  protocol: ProtocolId | 'contec-hid',
  v: SampleValues,
): OximetrySample {
  // Plain assignments rather than object spreads: this runs once per frame (60-100/s per device).
  const provenance: Mutable<Provenance> = { protocol }
  if (context.device !== undefined) provenance.device = context.device
  if (v.averaging !== undefined) provenance.averaging = v.averaging
  const init: Mutable<Parameters<typeof makeSample>[0]> = {
    timeMs: context.timeMs,
    clock: context.clock ?? 'host',
    spo2: v.spo2,
    pulseRate: v.pulseRate,
    flags: v.flags,
    provenance,
  }
  if (v.perfusionIndex !== undefined) init.perfusionIndex = v.perfusionIndex
  if (v.pleth !== undefined) init.pleth = v.pleth
  return makeSample(init)
}
