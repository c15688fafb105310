import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { createContecV7Framer } from '../src/index.js'
import { createStreamFramer } from '../src/internal/stream-framer.js'
import { CONTEC_V7_FRAME_SPEC } from '../src/protocols/contec/contec-v7-framer.js'
import { VALID_FRAME } from './protocol-frames.js'

/**
 * The V7 framer decodes real-time packets inline and joins only the held-back bytes with the next
 * chunk (issue 19). The generic stream framer driven by the same spec is the reference: for any
 * bytes cut into any chunks, every push must give exactly its output (records, discarded bytes,
 * errors with their stream offsets) and hold back the same bytes.
 */
describe('Contec V7 fast framer equals the generic stream framer', () => {
  const stream = fc.array(fc.oneof(VALID_FRAME['contec-v7'], fc.uint8Array({ maxLength: 12 })), { maxLength: 40 })
  const cuts = fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 30 })

  it('push by push, on valid packets mixed with arbitrary bytes, cut anywhere', () => {
    fc.assert(
      fc.property(stream, cuts, (parts, sizes) => {
        const bytes = Uint8Array.from(parts.flatMap((p) => [...p]))
        const fast = createContecV7Framer()
        const reference = createStreamFramer(CONTEC_V7_FRAME_SPEC)
        let at = 0
        for (const size of [...sizes, bytes.length]) {
          const chunk = bytes.subarray(at, at + size)
          at += chunk.length
          expect(fast.push(chunk)).toEqual(reference.push(chunk))
          expect(fast.pendingBytes).toBe(reference.pendingBytes)
          if (at >= bytes.length) break
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('after reset, offsets restart at 0 as in the generic framer', () => {
    const fast = createContecV7Framer()
    const reference = createStreamFramer(CONTEC_V7_FRAME_SPEC)
    const garbage = Uint8Array.of(0x81, 0x01, 0x80, 0x80)
    fast.push(garbage)
    reference.push(garbage)
    fast.reset()
    reference.reset()
    const next = Uint8Array.of(0xff, 0x01, 0x80, 0x85, 0xc0, 0x86, 0xc8, 0xe1, 0xfa, 0x80)
    expect(fast.push(next)).toEqual(reference.push(next))
  })
})
