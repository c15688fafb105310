import { hasAscii } from './internal/bytes.js'
import { looksLikeJpeg } from './jpeg-segments.js'
import { looksLikePng } from './png-strip.js'

/** What kind of file the bytes are, from their signature (never from the file name). @category model */
export type ImageFormat =
  | { readonly kind: 'jpeg' }
  | { readonly kind: 'png' }
  | { readonly kind: 'dicom' }
  | { readonly kind: 'heif'; readonly brand: string }
  | { readonly kind: 'unknown' }

// ISO/IEC 23008-12 (HEIF) and AVIF brands found in the ISO-BMFF 'ftyp' box (ISO/IEC 14496-12 4.3).
const HEIF_BRANDS = /* @__PURE__ */ new Set([
  'heic',
  'heix',
  'hevc',
  'hevx',
  'heim',
  'heis',
  'hevm',
  'hevs',
  'mif1',
  'msf1',
  'avif',
  'avis',
])

/**
 * Identifies JPEG, PNG, DICOM Part 10 (128-byte preamble + "DICM", PS3.10 7.1) and HEIF/HEIC.
 *
 * @category parsing
 */
export function sniffFormat(b: Uint8Array): ImageFormat {
  if (looksLikeJpeg(b)) return { kind: 'jpeg' }
  if (looksLikePng(b)) return { kind: 'png' }
  if (hasAscii(b, 128, 'DICM')) return { kind: 'dicom' }
  if (hasAscii(b, 4, 'ftyp')) {
    const brand = String.fromCharCode(...b.subarray(8, 12))
    if (HEIF_BRANDS.has(brand)) return { kind: 'heif', brand }
    for (let at = 16; at + 4 <= Math.min(b.length, 64); at += 4) {
      const compat = String.fromCharCode(...b.subarray(at, at + 4))
      if (HEIF_BRANDS.has(compat)) return { kind: 'heif', brand: compat }
    }
  }
  return { kind: 'unknown' }
}
