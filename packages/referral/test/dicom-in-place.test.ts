import { describe, expect, it } from 'vitest'

import { packageReferral, stripJpeg, wrapJpegAsDicom } from '../src/index.js'
import { DICOM_ROOM } from '../src/dicom-wrap.js'
import { encapsulatedFragments } from '../src/encapsulated-pixel-data.js'
import { allocateWithRoom } from '../src/internal/byte-room.js'
import { DEFAULT_IMAGE_LIMITS } from '../src/image-limits.js'
import { stripJpegInto } from '../src/jpeg-strip.js'
import { dicomMeta } from './helpers/fixtures.js'
import { image, referralInput } from './helpers/referral-input.js'
import { right } from './helpers/right.js'
import { readShared } from './helpers/shared-data.js'

const PHOTO = 'jpeg/exifr__IMG_20180725_163423-tiny.jpg'
const withRoom = (before: number, after: number) => (n: number) => allocateWithRoom(n, before, after)
const stripWithRoom = (bytes: Uint8Array, before = DICOM_ROOM.before, after = DICOM_ROOM.after) =>
  right(stripJpegInto(bytes, DEFAULT_IMAGE_LIMITS, withRoom(before, after)))
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0

// The packager strips a JPEG into bytes with room for its DICOM header and writes the header there
// (one copy of the image fewer); the files must be exactly what the copying path makes.
describe('DICOM written around the stripped JPEG in place', () => {
  it('gives the same bytes as the copying path, as a view of the stripped image buffer', () => {
    const input = readShared(PHOTO)
    const meta = dicomMeta()
    const copied = right(wrapJpegAsDicom(right(stripJpeg(input)), meta))
    const roomy = stripWithRoom(input)
    const imageBefore = roomy.bytes.slice()
    const inPlace = right(wrapJpegAsDicom(roomy, meta))
    expect(sameBytes(inPlace, copied)).toBe(true)
    expect(inPlace.buffer).toBe(roomy.bytes.buffer)
    expect(sameBytes(roomy.bytes, imageBefore)).toBe(true)
    expect(sameBytes(encapsulatedFragments(inPlace).subarray(0, roomy.bytes.length), roomy.bytes)).toBe(true)
  })

  it('claims the room once: a second wrap copies and leaves the first file unchanged', () => {
    const roomy = stripWithRoom(readShared(PHOTO))
    const first = right(wrapJpegAsDicom(roomy, dicomMeta({ sopInstanceUid: '2.25.1' })))
    const firstBefore = first.slice()
    const second = right(wrapJpegAsDicom(roomy, dicomMeta({ sopInstanceUid: '2.25.2', referringPhysician: 'X^Y' })))
    expect(second.buffer).not.toBe(roomy.bytes.buffer)
    expect(sameBytes(first, firstBefore)).toBe(true)
    expect(sameBytes(first, second)).toBe(false)
  })

  it('copies when the header does not fit the room, with the same bytes', () => {
    const input = readShared(PHOTO)
    const meta = dicomMeta()
    const small = stripWithRoom(input, 64, DICOM_ROOM.after)
    const copied = right(wrapJpegAsDicom(small, meta))
    expect(copied.buffer).not.toBe(small.bytes.buffer)
    expect(sameBytes(copied, right(wrapJpegAsDicom(right(stripJpeg(input)), meta)))).toBe(true)
  })

  it('a package image file is only the clean JPEG: its view holds no DICOM header or patient name', async () => {
    const pkg = right(await packageReferral(referralInput([image(PHOTO, 'close-up')]))())
    const jpg = pkg.files.find((f) => f.path === 'images/01-close-up.jpg')!.bytes
    const dcm = pkg.files.find((f) => f.path === 'dicom/01-close-up.dcm')!.bytes
    expect(dcm.buffer).toBe(jpg.buffer)
    expect(sameBytes(jpg, right(stripJpeg(readShared(PHOTO))).bytes)).toBe(true)
    expect([jpg[0], jpg[1], jpg.at(-2), jpg.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9])
    expect(Buffer.from(jpg).includes('TESTPATIENT')).toBe(false)
    expect(Buffer.from(dcm).includes('TESTPATIENT')).toBe(true)
  })
})
