import type { DecodeError } from '@openward/core'

import {
  columns,
  FLAG_BIT,
  growColumns,
  type OximetryBatch,
  PI_MAX,
  PULSE_MAX,
  PULSE_MIN,
  SPO2_MAX,
  trimColumns,
  writeSample,
} from '../../decode/oximetry-batch.js'
import { refuseImplausible } from '../../decode/plausible-samples.js'
import { createStreamFramer, FrameRejection } from '../../internal/stream-framer.js'
import { CONTEC_V7_FRAME_SPEC } from './contec-v7-framer.js'
import { contecV7ToSamples } from './contec-v7-normalise.js'

/** Restored data byte k of a V7 packet at `at` (bit 7 from the high-bit byte). */
const v7 = (b: Uint8Array, at: number, k: number) =>
  ((b[at + 2 + k] as number) & 0x7f) | ((((b[at + 1] as number) >>> k) & 1) << 7)

const WRITTEN = Object.freeze({ _tag: 'Written' as const })

/**
 * Contec V7 through the V7 framer's own sync/measure/reject logic (so resync and diagnostics are
 * identical), but with real-time packets written straight to the columns instead of allocating
 * records. Other packets are normalised as usual, in stream order.
 */
export function decodeContecV7Batch(bytes: Uint8Array): OximetryBatch<'contec-v7'> {
  let implausibleValues = 0
  const context = { timeMs: 0, onImplausible: () => void implausibleValues++ }
  let c = columns(Math.max(16, Math.floor(bytes.length / 9)))
  let count = 0
  const framer = createStreamFramer<typeof WRITTEN, 'contec-v7'>({
    ...CONTEC_V7_FRAME_SPEC,
    decode: (b, at, length, offset) => {
      if (
        b[at] === 0x01 &&
        length === 9 &&
        ((b[at + 1] as number) &
          (b[at + 2] as number) &
          (b[at + 3] as number) &
          (b[at + 4] as number) &
          (b[at + 5] as number) &
          (b[at + 6] as number) &
          (b[at + 7] as number) &
          (b[at + 8] as number) &
          0x80) !==
          0
      ) {
        if (count === c.spo2.length) c = growColumns(c)
        const d0 = v7(b, at, 0)
        const d1 = v7(b, at, 1)
        const pr = v7(b, at, 3)
        const rawSpo2 = v7(b, at, 4)
        const rawPi = v7(b, at, 5) | (v7(b, at, 6) << 8)
        // Same rules as contecV7ToSamples, then the registry's plausibility check.
        let spo2 = rawSpo2 === 0x7f || rawSpo2 === 0 ? NaN : rawSpo2
        let pulseRate = pr === 0xff || pr === 0 ? NaN : pr
        let pi = rawPi === 0xffff || (v7(b, at, 2) & 0x10) !== 0 ? NaN : rawPi / 100
        let refused = 0
        if (spo2 > SPO2_MAX) {
          spo2 = NaN
          refused++
        }
        if (pulseRate < PULSE_MIN || pulseRate > PULSE_MAX) {
          pulseRate = NaN
          refused++
        }
        if (pi > PI_MAX) {
          pi = NaN
          refused++
        }
        implausibleValues += refused
        c.spo2[count] = spo2
        c.pulseRate[count] = pulseRate
        c.perfusionIndex[count] = pi
        c.pleth[count] = d1 & 0x7f
        c.flags[count] =
          (d0 & 0x80 ? FLAG_BIT.fingerOut : 0) |
          ((d1 & 0x80) !== 0 || (d0 & 0x10) !== 0 ? FLAG_BIT.searching : 0) |
          (refused > 0 ? FLAG_BIT.questionable : 0)
        count++
        return WRITTEN
      }
      const r = CONTEC_V7_FRAME_SPEC.decode(b, at, length, offset)
      if (r instanceof FrameRejection) return r
      if (r._tag === 'ContecV7RealTime' || r._tag === 'ContecV7StorageData')
        for (const s of refuseImplausible(contecV7ToSamples(r, context), context.onImplausible)) {
          if (count === c.spo2.length) c = growColumns(c)
          writeSample(c, count++, s)
        }
      return WRITTEN
    },
  })
  let discarded = 0
  const errors: DecodeError[] = []
  for (let at = 0; at < bytes.length; at += 65536) {
    const out = framer.push(bytes.subarray(at, at + 65536))
    discarded += out.bytesDiscarded
    for (const e of out.errors) errors.push(e)
  }
  return {
    protocol: 'contec-v7',
    length: count,
    ...trimColumns(c, count),
    bytesDiscarded: discarded,
    checksumFailures: 0,
    trailingBytes: framer.pendingBytes,
    errors,
    implausibleValues,
  }
}
