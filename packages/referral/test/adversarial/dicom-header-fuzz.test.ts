// Adversarial suite, class "bad input gets a typed error": our own DICOM header reader (it replaced
// a bundled toolkit) on truncated and mutated real device files never throws and never hangs.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { checkDeviceDicom } from '../../src/index.js'
import { readShared } from '../helpers/shared-data.js'

const op = readShared('dicom/dcmjs__sample-op.dcm')
const vl = readShared('dicom/dicom4ortho__test-vl-photographic.dcm')

describe('checkDeviceDicom on hostile bytes', () => {
  it('every truncation of a real header is a typed rejection or a result, never a throw', () => {
    for (let n = 0; n < 2000; n += 7) {
      const r = checkDeviceDicom(op.subarray(0, n), '0819')
      if (r._tag === 'Left') expect(r.left._tag).toBe('DicomRejected')
    }
  })

  it('random byte mutations of real headers never throw (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(op, vl),
        fc.array(fc.tuple(fc.nat(3000), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }),
        (file, edits) => {
          const b = file.slice(0, 4000)
          for (const [at, v] of edits) if (at < b.length) b[at] = v
          const r = checkDeviceDicom(b, '0819')
          return r._tag === 'Right' || r.left._tag === 'DicomRejected'
        },
      ),
      { numRuns: 300 },
    )
  })

  it('a sequence nested beyond any real depth is refused, not followed into a stack overflow', () => {
    // (0040,0555) SQ undefined length, then 100 nested undefined-length items.
    const meta = op.subarray(0, findDatasetStart(op))
    const item = Buffer.from([0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff])
    const sq = Buffer.from([0x40, 0x00, 0x55, 0x05, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff])
    const nested = Buffer.concat([meta, ...Array.from({ length: 100 }, () => Buffer.concat([sq, item]))])
    const r = checkDeviceDicom(nested, '0819')
    expect(r._tag).toBe('Left')
  })
})

// Offset of the first element after the file meta group (group 0002), explicit VR LE.
function findDatasetStart(b: Uint8Array): number {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength)
  let at = 132
  while (v.getUint16(at, true) === 0x0002) {
    const vr = String.fromCharCode(b[at + 4] as number, b[at + 5] as number)
    const long = ['OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR'].includes(vr)
    at += long ? 12 + v.getUint32(at + 8, true) : 8 + v.getUint16(at + 6, true)
  }
  return at
}
