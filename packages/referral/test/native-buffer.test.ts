import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { nativeView } from '../src/internal/native-buffer.js'

// The JPEG scan and the bundle writer use Node's Buffer over the caller's memory when the host has
// one, and the portable TypedArray code otherwise (browsers): both must see the same bytes.
describe('nativeView', () => {
  it('finds the same 0xFF offsets as TypedArray indexOf, on views that start inside their buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(20), fc.nat(220), (bytes, skip, from) => {
        const view = bytes.subarray(Math.min(skip, bytes.length))
        const native = nativeView(view)
        expect(native).toBeDefined()
        expect(native?.indexOf(0xff, from)).toBe(Uint8Array.prototype.indexOf.call(view, 0xff, from))
        expect(Array.from(native ?? [])).toEqual(Array.from(view))
      }),
      { numRuns: 500 },
    )
  })

  it('writes ASCII text as the same bytes as TextEncoder, in place at an offset', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 100 }), fc.nat(10), (text, at) => {
        const out = new Uint8Array(at + text.length + 3).fill(7)
        const written = nativeView(out)?.write(text, at, text.length, 'latin1')
        const expected = new Uint8Array(at + text.length + 3).fill(7)
        new TextEncoder().encodeInto(text, expected.subarray(at))
        expect(written).toBe(text.length)
        expect(out).toEqual(expected)
      }),
    )
  })
})
