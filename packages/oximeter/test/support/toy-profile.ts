import { makeSample, truncated } from '@openward/core'

import type { DeviceProfile } from '../../src/decode/device-profile.js'
import type { Framer, FramerOutput } from '../../src/decode/framer.js'
import type { OximeterRecord } from '../../src/oximeter-record.js'

/**
 * A toy stream protocol for unit tests of the recording/replay plumbing (not a real device):
 * frames are `AA spo2 pr`; bytes before an `AA` are discarded and reported.
 */
export interface ToyRecord {
  readonly _tag: 'Toy'
  readonly spo2: number
  readonly pr: number
}

export function toyFramer(): Framer<ToyRecord> {
  let pending: number[] = []
  let pos = 0
  return {
    protocol: 'contec-v7',
    get pendingBytes() {
      return pending.length
    },
    reset() {
      pending = []
      pos = 0
    },
    push(chunk): FramerOutput<ToyRecord> {
      const records: ToyRecord[] = []
      let discarded = 0
      const errors = []
      pending.push(...chunk)
      while (pending.length > 0) {
        if (pending[0] !== 0xaa) {
          pending.shift()
          discarded++
          pos++
          continue
        }
        if (pending.length < 3) break
        records.push({ _tag: 'Toy', spo2: pending[1]!, pr: pending[2]! })
        pending = pending.slice(3)
        pos += 3
      }
      if (discarded > 0) errors.push(truncated(pos - discarded, 3, discarded, 'toy frame'))
      return { records, bytesDiscarded: discarded, checksumFailures: 0, errors }
    },
  }
}

export const toyProfile: DeviceProfile = {
  protocol: 'contec-v7',
  title: 'toy',
  devices: [],
  confidence: 'low',
  framing: 'stream',
  namePrefixes: [],
  commands: { start: [], stop: [] },
  createFramer: () => toyFramer() as unknown as Framer<OximeterRecord>,
  toSamples: (record, ctx) => {
    const r = record as unknown as ToyRecord
    return [
      makeSample({
        timeMs: ctx.timeMs,
        clock: ctx.clock ?? 'host',
        spo2: r.spo2 === 127 ? null : r.spo2,
        pulseRate: r.pr === 255 ? null : r.pr,
        provenance: ctx.device === undefined ? { protocol: 'toy' } : { protocol: 'toy', device: ctx.device },
      }),
    ]
  },
}
