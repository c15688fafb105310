import { createHash } from 'node:crypto'

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { digestBytes, webCryptoHasher } from '../src/index.js'
import { nodeHasher } from '../src/node/index.js'
import { base64Encode, base64EncodePortable } from '../src/internal/base64.js'
import { readShared } from './helpers/shared-data.js'

describe('digests', () => {
  it('match node:crypto SHA-256 (hex) and SHA-1 (base64) on a real photo', async () => {
    const b = readShared('jpeg/exifr__IMG_20180725_163423-tiny.jpg')
    const d = await digestBytes(b)
    expect(d.size).toBe(b.length)
    expect(d.sha256).toBe(createHash('sha256').update(b).digest('hex'))
    expect(d.sha1Base64).toBe(createHash('sha1').update(b).digest('base64'))
  })

  it('nodeHasher and the Web Crypto hasher give the same digests', async () => {
    const b = readShared('jpeg/exiftool__Google.jpg')
    expect(await digestBytes(b, nodeHasher)).toEqual(await digestBytes(b, webCryptoHasher))
  })

  it('portable and native base64 agree with Buffer for every length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const expected = Buffer.from(b).toString('base64')
        expect(base64EncodePortable(b)).toBe(expected)
        expect(base64Encode(b)).toBe(expected)
      }),
      { numRuns: 300 },
    )
  })
})
