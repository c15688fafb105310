import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { stripImage, stripJpeg } from '../src/index.js'
import { left } from './helpers/right.js'
import { readShared } from './helpers/shared-data.js'

const small = readShared('jpeg/exiftool__IPTC.jpg')
const tag = (b: Uint8Array) => left(stripImage(b))._tag

// Offset of the first marker `m` in a JPEG (naive scan, independent of the parser under test).
const markerAt = (b: Uint8Array, m: number) => b.findIndex((v, i) => v === 0xff && b[i + 1] === m)

describe('malformed JPEG input gives a typed error', () => {
  it('empty input and text are not images', () => {
    expect(tag(new Uint8Array(0))).toBe('NotAnImage')
    expect(tag(new TextEncoder().encode('GIF89a? no, just a note'))).toBe('NotAnImage')
  })

  it('truncated in the header, the scan, or just before EOI', () => {
    const sos = markerAt(small, 0xda)
    for (const cut of [3, 20, sos + 5, sos + 16, small.length - 1])
      expect(tag(small.subarray(0, cut))).toBe('Truncated')
  })

  it('a wrong byte where a marker must be', () => {
    const b = small.slice()
    b[markerAt(small, 0xdb)] = 0x00
    expect(tag(b)).toBe('InvalidSync')
  })

  it('a zero-length segment', () => {
    const b = small.slice()
    const at = markerAt(small, 0xdb)
    b[at + 2] = 0
    b[at + 3] = 0
    expect(left(stripJpeg(b))).toMatchObject({ _tag: 'InvalidField', field: 'segment length' })
  })

  it('a huge segment length running past the end', () => {
    const b = small.slice()
    const at = markerAt(small, 0xdb)
    b[at + 2] = 0xff
    b[at + 3] = 0xff
    expect(tag(b)).toBe('Truncated')
  })

  it('decompression-bomb dimensions (65535 x 65535 declared in a 10 KB file)', () => {
    const b = small.slice()
    const sof = markerAt(small, 0xc0)
    b.set([0xff, 0xff, 0xff, 0xff], sof + 5)
    expect(left(stripJpeg(b))).toMatchObject({ _tag: 'ImageTooLarge', width: 65535, height: 65535 })
  })

  it('zero width, a missing frame header, an input over the byte limit', () => {
    const b = small.slice()
    const sof = markerAt(small, 0xc0)
    b.set([0, 0], sof + 7)
    expect(tag(b)).toBe('InvalidField')
    expect(tag(Uint8Array.of(0xff, 0xd8, 0xff, 0xd9))).toBe('InvalidField')
    expect(left(stripJpeg(small, { maxInputBytes: 1000, maxPixels: 1e8 }))._tag).toBe('ImageTooLarge')
  })

  it('HEIC is refused with a clear message', () => {
    const heic = Uint8Array.of(
      0,
      0,
      0,
      24,
      ...new TextEncoder().encode('ftypheic'),
      0,
      0,
      0,
      0,
      ...new TextEncoder().encode('mif1heic'),
    )
    const e = left(stripImage(heic))
    expect(e).toMatchObject({ _tag: 'HeicNotSupported', brand: 'heic' })
    expect(e.message).toMatch(/JPEG/)
  })

  it('never throws on mutated or random bytes, and any accepted output is a well-formed JPEG', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(small.length - 1), v: fc.integer({ min: 0, max: 255 }) }), { maxLength: 8 }),
        fc.nat(small.length),
        (edits, cut) => {
          const b = small.slice(0, Math.max(cut, 2))
          for (const e of edits) if (e.at < b.length) b[e.at] = e.v
          const r = stripImage(b)
          if (E.isRight(r)) {
            expect(r.right.bytes.subarray(0, 2)).toEqual(Uint8Array.of(0xff, 0xd8))
            expect(r.right.bytes.length).toBeLessThanOrEqual(b.length + 36)
          } else expect(typeof r.left._tag).toBe('string')
        },
      ),
      { numRuns: 400 },
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (b) => E.isLeft(stripImage(b)) || E.isRight(stripImage(b))),
      { numRuns: 200 },
    )
  })

  it('a 16 MB run of stuffed entropy data with no EOI fails fast without copying', () => {
    const big = new Uint8Array(16 * 1024 * 1024).fill(0x11)
    big.set(small.subarray(0, markerAt(small, 0xda) + 14))
    // CPU time, not wall time: the call is synchronous, and a loaded machine must not fail a bound on its work.
    const before = process.cpuUsage()
    expect(tag(big)).toBe('Truncated')
    const used = process.cpuUsage(before)
    expect((used.user + used.system) / 1000).toBeLessThan(2000)
  })
})
