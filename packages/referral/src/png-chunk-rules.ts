import { crc32 } from '@openward/core'
import { unzlibSync, zlibSync } from 'fflate'
import * as E from 'fp-ts/lib/Either.js'

import { MAX_ICC_PROFILE_BYTES, sanitizeIccProfile } from './icc/sanitize-icc-profile.js'

/** A PNG chunk as written: 4-byte length, type, data, CRC (PNG 3rd ed. 5.3). @internal */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

/**
 * The exact data length each kept ancillary chunk has (PNG 3rd ed. section 11.3), given the colour
 * type from IHDR and the number of palette entries; `undefined` for a chunk whose length is not
 * fixed. A kept chunk with any other length carries bytes no decoder reads, so it is dropped.
 */
export function expectedAncillaryLength(type: string, colourType: number, paletteEntries: number): number | undefined {
  switch (type) {
    case 'sRGB':
      return 1
    case 'gAMA':
    case 'cICP':
      return 4
    case 'cHRM':
      return 32
    case 'mDCV':
      return 24
    case 'cLLI':
      return 8
    case 'pHYs':
      return 9
    case 'sBIT':
      return [1, -1, 3, 3, 2, -1, 4][colourType]
    case 'bKGD':
      return [2, -1, 6, 1, 2, -1, 6][colourType]
    case 'tRNS':
      // type 3: one alpha per palette entry at most, so the length is checked as a maximum.
      return colourType === 3 ? Math.min(paletteEntries, 256) : [2, -1, 6][colourType]
    default:
      return undefined
  }
}

/**
 * Rebuilds an iCCP chunk's data (PNG 3rd ed. 11.3.3.3): our own profile name, compression method 0,
 * and the profile rebuilt by `sanitizeIccProfile`, zlib-compressed again. The original name is free
 * text (often the editor's or camera's words), so it is never copied. `undefined` when the profile
 * cannot be decompressed within bounds or rebuilt.
 */
export function rebuildIccpData(data: Uint8Array): { readonly data: Uint8Array } | { readonly reason: string } {
  const nul = data.indexOf(0)
  if (nul < 1 || nul > 79 || data[nul + 1] !== 0) return { reason: 'malformed iCCP header' }
  let profile: Uint8Array
  try {
    // One byte more than the bound, so a profile that fills it is known to be too large.
    profile = unzlibSync(data.subarray(nul + 2), { out: new Uint8Array(MAX_ICC_PROFILE_BYTES + 1) })
  } catch {
    return { reason: 'the compressed profile does not inflate' }
  }
  if (profile.length > MAX_ICC_PROFILE_BYTES) return { reason: 'the profile is larger than the bound' }
  const clean = sanitizeIccProfile(profile)
  if (E.isLeft(clean)) return { reason: clean.left.message }
  const name = new TextEncoder().encode('ICC profile')
  const compressed = zlibSync(clean.right.bytes, { level: 9 })
  const out = new Uint8Array(name.length + 2 + compressed.length)
  out.set(name)
  out.set(compressed, name.length + 2)
  return { data: out }
}
