import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { decodeBatch, DEVICE_REGISTRY, packFlags, type ProtocolId } from '../src/index.js'
import { VALID_FRAME } from './protocol-frames.js'
import { hasCaptures, hexBytes, readCaptureText } from './shared-captures.js'

/** The batch columns must equal what the per-record path (framer + normaliser) gives. */
function perRecord(protocol: ProtocolId, bytes: Uint8Array) {
  const profile = DEVICE_REGISTRY[protocol]
  const framer = profile.createFramer()
  const out = framer.push(bytes)
  const samples = out.records.flatMap((r) => profile.toSamples(r, { timeMs: 0 }))
  return {
    spo2: samples.map((s) => s.spo2 ?? NaN),
    pulseRate: samples.map((s) => s.pulseRate ?? NaN),
    pleth: samples.map((s) => s.pleth?.[0] ?? NaN),
    // The batch stores Float32 columns: compare with the per-record value rounded the same way.
    perfusionIndex: samples.map((s) => Math.fround(s.perfusionIndex ?? NaN)),
    flags: samples.map((s) => packFlags(s.flags)),
    discarded: out.bytesDiscarded,
    pending: framer.pendingBytes,
  }
}

describe.each([['contec-legacy'], ['berrymed'], ['contec-v7'], ['viatom-fs20f']] as const)(
  'decodeBatch(%s) equals the per-record path',
  (protocol) => {
    it('on valid frames mixed with arbitrary bytes', () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(VALID_FRAME[protocol], fc.uint8Array({ maxLength: 7 })), { maxLength: 30 }),
          (parts) => {
            const bytes = Uint8Array.from(parts.flatMap((p) => [...p]))
            const batch = decodeBatch(protocol, bytes)
            const expected = perRecord(protocol, bytes)
            expect(Array.from(batch.spo2)).toEqual(expected.spo2)
            expect(Array.from(batch.pulseRate)).toEqual(expected.pulseRate)
            expect(Array.from(batch.pleth)).toEqual(expected.pleth)
            expect(Array.from(batch.perfusionIndex)).toEqual(expected.perfusionIndex)
            expect(Array.from(batch.flags)).toEqual(expected.flags)
            expect([batch.bytesDiscarded, batch.trailingBytes]).toEqual([expected.discarded, expected.pending])
          },
        ),
        { numRuns: 300 },
      )
    })
  },
)

describe('decodeBatch on real captures and message protocols', () => {
  it.runIf(hasCaptures)('Zachariae PO-250 (Contec V7): 1,617 samples, the 504 finger-out frames NaN', () => {
    const text = readCaptureText('contec-v7-serial/cms50dplus_po250_zachariae_data_20240307.hextxt')
      .trim()
      .replace(/^\d{10}/, '')
      .replace(/\d{10}$/, '')
    const batch = decodeBatch('contec-v7', hexBytes(text))
    expect(batch.length).toBe(1617)
    expect(Array.from(batch.spo2).filter(Number.isNaN)).toHaveLength(504)
    expect([batch.bytesDiscarded, batch.trailingBytes]).toEqual([0, 0])
  })

  it('treats the whole buffer as one value for a message protocol', () => {
    const batch = decodeBatch('plx-continuous', Uint8Array.of(0x00, 0xff, 0x07, 0x48, 0x00))
    expect([batch.length, batch.spo2[0], batch.pulseRate[0]]).toEqual([1, NaN, 72])
  })
})
