import { crc32 as zlibCrc32 } from 'node:zlib'

import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { packageReferral, stripImage, stripPng } from '../src/index.js'
import { referralInput } from './helpers/referral-input.js'
import { left, right } from './helpers/right.js'

function chunk(type: string, data: Uint8Array | string): Buffer {
  const body = Buffer.concat([
    Buffer.from(type, 'latin1'),
    typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data),
  ])
  const len = Buffer.alloc(4)
  len.writeUInt32BE(body.length - 4)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlibCrc32(body) >>> 0)
  return Buffer.concat([len, body, crc])
}

async function pngWithMetadata(): Promise<{ plain: Buffer; tagged: Buffer }> {
  const plain = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 90, b: 30 } } })
    .png()
    .toBuffer()
  const iendAt = plain.length - 12
  const ihdrEnd = 8 + 25
  const tagged = Buffer.concat([
    plain.subarray(0, ihdrEnd),
    chunk('gAMA', Buffer.from([0, 0, 0xb1, 0x8f])),
    chunk('tEXt', 'Author\0Dr Secret'),
    chunk('tIME', Buffer.from([7, 0xe8, 1, 2, 3, 4, 5])),
    chunk('eXIf', Buffer.from('MM\0*\0\0\0\x08\0\0', 'latin1')),
    plain.subarray(ihdrEnd, iendAt),
    chunk('iTXt', 'Comment\0\0\0\0\0GPS 51.5,-0.1'),
    plain.subarray(iendAt),
    Buffer.from('trailing junk'),
  ])
  return { plain, tagged }
}

describe('PNG stripping', () => {
  it('drops eXIf/tEXt/iTXt/tIME and a trailer, keeps gAMA, pixels identical', async () => {
    const { tagged } = await pngWithMetadata()
    const s = right(stripPng(tagged))
    expect(s.removed.map((r) => r.segment)).toEqual(['tEXt', 'tIME', 'eXIf', 'iTXt', 'after IEND'])
    const text = Buffer.from(s.bytes).toString('latin1')
    expect(text).not.toContain('Secret')
    expect(text).not.toContain('GPS')
    expect(text).toContain('gAMA')
    expect([s.width, s.height]).toEqual([40, 30])
    const a = await sharp(s.bytes).raw().toBuffer()
    const b = await sharp(tagged).raw().toBuffer()
    expect(Buffer.compare(a, b)).toBe(0)
  })

  it('refuses a bad CRC, a bomb IHDR and an unknown critical chunk', async () => {
    const { plain } = await pngWithMetadata()
    const badCrc = Buffer.from(plain)
    badCrc[29] = (badCrc[29] ?? 0) ^ 1
    expect(left(stripImage(badCrc))._tag).toBe('ChecksumMismatch')
    const bomb = Buffer.concat([
      plain.subarray(0, 8),
      chunk('IHDR', Buffer.from([0, 1, 0, 0, 0, 1, 0, 0, 8, 2, 0, 0, 0])),
      plain.subarray(33),
    ])
    expect(left(stripImage(bomb))._tag).toBe('ImageTooLarge')
    const critical = Buffer.concat([plain.subarray(0, 33), chunk('ABCD', 'x'), plain.subarray(33)])
    expect(left(stripImage(critical))._tag).toBe('Unsupported')
    expect(left(stripImage(plain.subarray(0, 40)))._tag).toBe('Truncated')
  })
})

describe('PNG in a referral', () => {
  it('is packaged as a clean PNG attachment, with a warning that it is not wrapped as DICOM', async () => {
    const { tagged } = await pngWithMetadata()
    const input = referralInput([{ fileName: 'scan.png', bytes: tagged, role: 'other' }])
    const pkg = right(await packageReferral(input)())
    expect(pkg.files.map((f) => f.path)).toEqual(['bundle.json', 'images/01-other.png', 'manifest.json'])
    expect(pkg.manifest.warnings.some((w) => w.code === 'no-dicom' && /PNG/.test(w.message))).toBe(true)
    const binary = pkg.bundle.entry.find((e) => e.resource.resourceType === 'Binary')!.resource
    expect(binary.contentType).toBe('image/png')
  })
})
