// Property: wherever free text is planted in an APPn, COM, unused table or trailer of a real JPEG,
// the stripped output never contains it (fast-check chooses the places, markers and repetitions).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { stripJpeg } from '../../src/index.js'
import { readShared } from '../helpers/shared-data.js'
import { right } from '../helpers/right.js'
import { containsPlanted, craftIccProfile, growSegment, iccApp2, insertAfterSoi, PLANTED, segment } from './craft.js'

const base = right(stripJpeg(readShared('jpeg/exiftool__Google.jpg'))).bytes
const text = Buffer.from(PLANTED, 'latin1')

const plant = fc.oneof(
  fc.integer({ min: 0xe0, max: 0xef }).map((m) => (b: Uint8Array) => insertAfterSoi(b, [segment(m, text)])),
  fc.constant((b: Uint8Array) => insertAfterSoi(b, [segment(0xfe, text)])),
  fc.constant((b: Uint8Array) => insertAfterSoi(b, iccApp2(craftIccProfile({ tailText: PLANTED })))),
  fc.constant((b: Uint8Array) =>
    growSegment(b, 0xdb, Buffer.concat([Buffer.from([0x02]), text, text]).subarray(0, 65)),
  ),
  fc.constant((b: Uint8Array) => Buffer.concat([b, text])),
)

describe('planted text: property over places and combinations', () => {
  it('never survives stripJpeg (or the image is refused with a typed error)', () => {
    fc.assert(
      fc.property(fc.array(plant, { minLength: 1, maxLength: 5 }), (plants) => {
        const input = plants.reduce<Uint8Array>((b, f) => f(b), base)
        const out = stripJpeg(input)
        if (out._tag === 'Left') return typeof out.left._tag === 'string'
        expect(containsPlanted(out.right.bytes)).toBe(false)
        return true
      }),
      { numRuns: 200 },
    )
  })
})
