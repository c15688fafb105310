import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import {
  DEVICE_REGISTRY,
  encodeRecord,
  type KnownOximeterRecord,
  type OximeterRecord,
  PROTOCOL_IDS,
  type ProtocolId,
} from '../src/index.js'
import { VALID_FRAME } from './protocol-frames.js'

const RUNS = 200
const encode = (r: OximeterRecord) => encodeRecord(r as KnownOximeterRecord)
const isStream = (p: ProtocolId) => DEVICE_REGISTRY[p].framing === 'stream'
const concat = (parts: readonly Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) out.set(p, (at += p.length) - p.length)
  return out
}
/** Cuts bytes at the given fractions, like serial reads or notifications. */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let prev = 0
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(prev, p))
    prev = p
  }
  return out
}
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 })

function decodeChunks(protocol: ProtocolId, chunks: readonly Uint8Array[]) {
  const framer = DEVICE_REGISTRY[protocol].createFramer()
  const records: OximeterRecord[] = []
  let discarded = 0
  for (const c of chunks) {
    const out = framer.push(c)
    records.push(...out.records)
    discarded += out.bytesDiscarded
    expect(out.errors.length).toBeGreaterThanOrEqual(out.checksumFailures > 0 ? 1 : 0)
  }
  return { records, discarded, pending: framer.pendingBytes }
}

describe.each(PROTOCOL_IDS.map((p) => [p]))('%s framer properties (fast-check)', (protocol) => {
  it('never throws on arbitrary bytes in arbitrary chunks, and accounts for every byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), cuts, (input, at) => {
        const chunks = isStream(protocol) ? split(input, at) : [input]
        const { records, discarded, pending } = decodeChunks(protocol, chunks)
        if (isStream(protocol)) {
          const used = records.reduce((n, r) => n + encode(r).length, 0)
          expect(used + discarded + pending).toBe(input.length)
        } else {
          expect(records.length <= 1 && (records.length === 1 || discarded === input.length)).toBe(true)
        }
      }),
      { numRuns: RUNS },
    )
  })

  it('decode(encode(x)) round-trips, and valid frames split anywhere decode whole', () => {
    fc.assert(
      fc.property(fc.array(VALID_FRAME[protocol], { minLength: 1, maxLength: 6 }), cuts, (frames, at) => {
        for (const frame of frames) {
          const { records } = decodeChunks(protocol, [frame])
          expect(records).toHaveLength(1)
          expect(encode(records[0]!)).toEqual(frame)
          expect(decodeChunks(protocol, [encode(records[0]!)]).records).toEqual(records)
        }
        if (!isStream(protocol)) return
        const wire = concat(frames)
        const { records, discarded, pending } = decodeChunks(protocol, split(wire, at))
        expect([records.length, discarded, pending]).toEqual([frames.length, 0, 0])
      }),
      { numRuns: RUNS },
    )
  })

  // sfloat has no sync (every 2 bytes are a value), so garbage shifts it for good: excluded.
  // Message protocols take one value per push, so there is no "between frames" to inject into.
  if (!isStream(protocol) || protocol === 'sfloat') return
  it('garbage between valid frames loses at most the frame after it', () => {
    const maxFrame = protocol === 'viatom-o2' ? 4104 : 140
    fc.assert(
      fc.property(
        fc.array(VALID_FRAME[protocol], { minLength: 1, maxLength: 4 }),
        fc.uint8Array({ minLength: 1, maxLength: 12 }),
        fc.array(VALID_FRAME[protocol], { minLength: 1, maxLength: 4 }),
        VALID_FRAME[protocol],
        cuts,
        (before, garbage, after, filler, at) => {
          // Filler frames after B let a false sync in the garbage time out (at most one frame length).
          const fillers = Array.from({ length: Math.ceil(maxFrame / filler.length) + 1 }, () => filler)
          const wire = concat([...before, garbage, ...after, ...fillers])
          const { records } = decodeChunks(protocol, split(wire, at))
          const encoded = records.map((r) => Buffer.from(encode(r)).toString('hex'))
          const hex = (f: Uint8Array) => Buffer.from(f).toString('hex')
          // Every frame before the garbage, in order, at the start.
          expect(encoded.slice(0, before.length)).toEqual(before.map(hex))
          // Every frame after the garbage except possibly the first, in order, before the fillers.
          const tail = encoded.slice(
            encoded.length - fillers.length - (after.length - 1),
            encoded.length - fillers.length,
          )
          expect(tail).toEqual(after.slice(1).map(hex))
        },
      ),
      { numRuns: RUNS },
    )
  })
})
