import exifr from 'exifr'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { stripImage, stripJpeg, verifyStrippedJpeg } from '../src/index.js'
import { readShared, sharedJpegs } from './helpers/shared-data.js'
import { printableRuns } from './helpers/printable-runs.js'
import { right } from './helpers/right.js'

const ALL_BLOCKS = {
  tiff: true,
  ifd1: true,
  exif: true,
  gps: true,
  interop: true,
  makerNote: true,
  userComment: true,
  xmp: true,
  iptc: true,
  icc: true,
  jfif: true,
  mergeOutput: false,
  multiSegment: true,
  translateValues: false,
} as const

// Independent of our parser: the stripped file from its first DQT (FF DB) to the end must occur
// verbatim in the original, i.e. tables, frame header and entropy-coded data are byte-identical.
function codecTailOccursIn(original: Uint8Array, stripped: Uint8Array): boolean {
  const s = Buffer.from(stripped)
  const at = s.indexOf(Buffer.of(0xff, 0xdb))
  if (at < 0) return false
  const tail = s.subarray(at)
  const pos = Buffer.from(original).indexOf(tail)
  return pos >= 0 && pos + tail.length <= original.length
}

async function rawPixels(b: Uint8Array): Promise<Buffer> {
  return sharp(b, { autoOrient: false } as never)
    .raw()
    .toBuffer()
}

describe.each(sharedJpegs())('shared JPEG %s', (name) => {
  const original = readShared(`jpeg/${name}`)
  const stripped = right(stripJpeg(original))

  it('is a JPEG with metadata listed as removed', () => {
    expect(stripped.format).toBe('jpeg')
    expect(stripped.bytes.subarray(0, 2)).toEqual(Uint8Array.of(0xff, 0xd8))
    expect(stripped.bytes.subarray(-2)).toEqual(Uint8Array.of(0xff, 0xd9))
    expect(stripped.removed.length).toBeGreaterThan(0)
    expect(stripped.bytes.length).toBeLessThanOrEqual(original.length)
  })

  it('has no GPS, identifying EXIF, XMP or IPTC left (read with exifr)', async () => {
    const before = (await exifr.parse(Buffer.from(original), ALL_BLOCKS)) ?? {}
    const after = (await exifr.parse(Buffer.from(stripped.bytes), ALL_BLOCKS)) ?? {}
    expect(await exifr.gps(Buffer.from(stripped.bytes))).toBeUndefined()
    for (const block of ['gps', 'exif', 'ifd1', 'interop', 'makerNote', 'xmp', 'iptc'])
      expect(after[block]).toBeUndefined()
    // IFD0 may hold only Orientation (the one-tag Exif kept when it is not 1).
    expect(Object.keys(after.ifd0 ?? {}).filter((k) => k !== 'Orientation')).toEqual([])
    if (before.ifd0?.Orientation !== undefined && before.ifd0.Orientation !== 1) {
      expect(after.ifd0?.Orientation).toBe(before.ifd0.Orientation)
    }
    const text = Buffer.from(stripped.bytes).toString('latin1')
    for (const needle of ['Exif\0\0II', 'http://ns.adobe.com', 'Photoshop 3.0', 'FLIR', 'SerialNumber'])
      expect(text).not.toContain(needle)
    if (before.ifd0?.Make !== undefined) expect(text).not.toContain(String(before.ifd0.Make).trim())
  })

  it('keeps the ICC profile as colour values only: the same colours, none of its text', async () => {
    const before = (await sharp(original).metadata()).icc
    const after = (await sharp(stripped.bytes).metadata()).icc
    expect(after === undefined).toBe(before === undefined)
    if (before === undefined || after === undefined) return
    expect(Buffer.compare(after, stripped.iccProfile ?? Buffer.alloc(0))).toBe(0)
    // Colour-managed decoding through each profile gives the same sRGB pixels.
    const srgb = (b: Uint8Array) => sharp(b).toColourspace('srgb').raw().toBuffer()
    expect(Buffer.compare(await srgb(stripped.bytes), await srgb(original))).toBe(0)
    // Printable runs of the original profile (its description, copyright, device) are gone.
    for (const run of printableRuns(before, 6)) expect(Buffer.from(after).includes(run)).toBe(false)
  })

  it('keeps the frame, tables and scan data byte-identical', async () => {
    expect(codecTailOccursIn(original, stripped.bytes)).toBe(true)
    expect(Buffer.compare(await rawPixels(stripped.bytes), await rawPixels(original))).toBe(0)
  })

  it('passes the independent post-strip verification, which the original fails', () => {
    expect(verifyStrippedJpeg(stripped.bytes)._tag).toBe('Right')
    expect(verifyStrippedJpeg(original)._tag).toBe('Left')
  })

  it('is idempotent (stripping twice changes nothing)', () => {
    const again = right(stripJpeg(stripped.bytes))
    expect(Buffer.compare(again.bytes, stripped.bytes)).toBe(0)
    // Only our own one-tag Exif (34-byte payload + marker) is seen again, and rebuilt identically.
    const expected = stripped.orientation === 1 ? [] : [['exif', 36]]
    // (the rebuilt ICC profile is a fixed point of the rebuild, so it is not reported again)
    expect(again.removed.map((r) => [r.kind, r.bytes])).toEqual(expected)
  })
})

describe('specific removals', () => {
  const kinds = (name: string) => right(stripImage(readShared(`jpeg/${name}`))).removed.map((r) => r.kind)

  it('removes Extended XMP, IPTC/APP13, vendor FLIR APP1 and keeps Adobe APP14', () => {
    expect(kinds('exiftool__Google.jpg')).toEqual(expect.arrayContaining(['exif', 'xmp', 'xmp-extended']))
    expect(kinds('exiftool__ExtendedXMP.jpg')).toEqual(expect.arrayContaining(['xmp', 'xmp-extended']))
    expect(kinds('exiftool__GPS.jpg')).toEqual(expect.arrayContaining(['exif', 'iptc']))
    expect(kinds('exiftool__FLIR.jpg')).toEqual(expect.arrayContaining(['exif', 'vendor']))
    const iptc = right(stripImage(readShared('jpeg/exiftool__IPTC.jpg')))
    expect(iptc.removed.map((r) => r.kind)).toContain('iptc')
    expect(iptc.format === 'jpeg' && iptc.adobeTransform).toBe(1)
    expect(Buffer.from(iptc.bytes).includes(Buffer.from('Adobe'))).toBe(true)
  })

  it('keeps orientation 6 as a one-tag Exif block', async () => {
    const s = right(stripJpeg(readShared('jpeg/exifr__orientation-f6t.jpg')))
    expect(s.orientation).toBe(6)
    expect(await exifr.orientation(Buffer.from(s.bytes))).toBe(6)
  })

  it('drops a trailer after EOI (motion-photo style) and a JFIF thumbnail', () => {
    const base = readShared('jpeg/exiftool__IPTC.jpg')
    const withTrailer = Buffer.concat([base, Buffer.from('MotionPhoto_Data secret trailer')])
    const s = right(stripJpeg(withTrailer))
    expect(s.removed.at(-1)).toMatchObject({ kind: 'trailer', bytes: 31 })
    expect(Buffer.from(s.bytes).includes(Buffer.from('secret'))).toBe(false)
    // JFIF APP0 with a 2x1 RGB thumbnail (T.871 10.1): the header stays, the thumbnail goes.
    const thumb = Buffer.from([
      0xff,
      0xe0,
      0x00,
      0x16,
      ...Buffer.from('JFIF\0'),
      1,
      2,
      0,
      0,
      1,
      0,
      1,
      2,
      1,
      9,
      9,
      9,
      8,
      8,
      8,
    ])
    const withThumb = Buffer.concat([base.subarray(0, 2), thumb, base.subarray(2)])
    const t = right(stripJpeg(withThumb))
    expect(t.removed[0]).toMatchObject({ kind: 'thumbnail', segment: 'APP0 JFIF', bytes: 6 })
    expect(Buffer.from(t.bytes).subarray(2, 20)).toEqual(
      Buffer.from([0xff, 0xe0, 0, 16, ...Buffer.from('JFIF\0'), 1, 2, 0, 0, 1, 0, 1, 0, 0]),
    )
  })
})
