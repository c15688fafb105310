import * as E from 'fp-ts/lib/Either.js'

import { hasAscii, u32be } from './internal/bytes.js'
import { canonicalCodecSegment, usedTables } from './jpeg-codec-segment.js'
import { isSofMarker } from './jpeg-frame.js'
import { type JpegSegment, parseJpeg } from './jpeg-segments.js'
import { segmentName } from './removed-item.js'

// Transfer syntaxes (PS3.5 Table A-1 and Annex A.4) whose encapsulated frames are JPEG interchange
// streams (ITU-T T.81 / T.87 marker syntax), JPEG 2000 (ISO/IEC 15444-1), or RLE (no metadata).
const JPEG_SYNTAXES = /* @__PURE__ */ new Set([
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.81',
])
const J2K_SYNTAXES = /* @__PURE__ */ new Set([
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.201',
  '1.2.840.10008.1.2.4.202',
  '1.2.840.10008.1.2.4.203',
])
const NATIVE_SYNTAXES = /* @__PURE__ */ new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2'])
const RLE = '1.2.840.10008.1.2.5'

/** True when the transfer syntax keeps pixel data encapsulated (PS3.5 A.4). @internal */
export const isEncapsulated = (ts: string): boolean => !NATIVE_SYNTAXES.has(ts)

const CODEC = /* @__PURE__ */ new Set([0xc4, 0xcc, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0x01, 0xf7, 0xf8])

// One JPEG frame: anything but codec segments (with every byte accounted for), a JFIF header
// without thumbnail and a 12-byte Adobe marker is metadata a camera or device wrote (Exif with GPS
// and serial numbers, XMP, comments, ICC text, trailers).
// Fragments may split a frame anywhere (PS3.5 A.4), so the concatenated fragments are read as
// consecutive JPEG streams, each possibly followed by zero padding to an even length.
function jpegFindings(data: Uint8Array): string[] {
  const found: string[] = []
  let at = 0
  while (at < data.length) {
    const frame = data.subarray(at)
    const parsed = parseJpeg(frame)
    if (E.isLeft(parsed)) return [...found, `a frame is not a readable JPEG stream (${parsed.left.message})`]
    found.push(...jpegFrameFindings(frame, parsed.right.segments))
    at += parsed.right.eoiEnd
    while (at < data.length && data[at] === 0) at++
    if (at < data.length && !(data[at] === 0xff && data[at + 1] === 0xd8))
      return [...found, `${data.length - at} bytes after the end of a JPEG stream`]
  }
  return found
}

function jpegFrameFindings(frame: Uint8Array, segments: readonly JpegSegment[]): string[] {
  const found: string[] = []
  const used = usedTables(frame, segments)
  for (const s of segments) {
    const m = s.marker
    const len = s.payloadEnd - s.payload
    if (m === 0xd8 || (m >= 0xd0 && m <= 0xd7)) continue
    if (isSofMarker(m) || CODEC.has(m)) {
      const c = canonicalCodecSegment(frame, s, used)
      if (E.isLeft(c) || c.right.hidden > 0) found.push(`${segmentName(m)} carries bytes no decoder reads`)
      continue
    }
    if (m === 0xe0 && hasAscii(frame, s.payload, 'JFIF\0') && len === 14) continue
    if (m === 0xee && hasAscii(frame, s.payload, 'Adobe') && len === 12) continue
    found.push(describeSegment(frame, s.payload, m))
  }
  return found
}

function describeSegment(b: Uint8Array, p: number, m: number): string {
  if (m === 0xe1 && hasAscii(b, p, 'Exif\0')) return 'Exif (APP1: may hold GPS, serial numbers, times)'
  if (m === 0xe1 && hasAscii(b, p, 'http://ns.adobe.com/')) return 'XMP (APP1)'
  if (m === 0xe2 && hasAscii(b, p, 'ICC_PROFILE\0')) return 'an ICC profile (APP2: its text fields are free text)'
  if (m === 0xfe) return 'a comment (COM)'
  return `${segmentName(m)} (application or vendor data)`
}

// JPEG 2000 (ISO/IEC 15444-1 Annex A.9.2, I.5): a COM marker in the codestream, or JP2 'xml ' /
// 'uuid' boxes, can carry free text.
function j2kFindings(frame: Uint8Array): string[] {
  const found: string[] = []
  if (u32be(frame, 0) === 12 && hasAscii(frame, 4, 'jP  ')) {
    let at = 0
    while (at + 8 <= frame.length) {
      const size = u32be(frame, at)
      const type = String.fromCharCode(...frame.subarray(at + 4, at + 8))
      if (type === 'xml ' || type === 'uuid') found.push(`a JP2 '${type.trim()}' box`)
      if (size < 8) break
      at += size
    }
  }
  for (let i = 0; i + 1 < frame.length; i++) {
    if (frame[i] !== 0xff) continue
    if (frame[i + 1] === 0x64) found.push('a JPEG 2000 comment (COM)')
    if (frame[i + 1] === 0x93) break // SOD: the main and tile-part headers end here
  }
  return found
}

/**
 * What a device's encapsulated pixel data carries besides the picture, frame by frame. Used on
 * DICOM that is forwarded unchanged: a JPEG frame still holding Exif (GPS, serial numbers), XMP,
 * comments or an ICC profile would send them on inside the "clean" object. `fragments` is the
 * concatenated fragment data (without the Basic Offset Table). An empty list means nothing but the
 * picture was found; a syntax this check cannot read is itself a finding.
 *
 * @internal
 */
export function pixelDataFindings(fragments: Uint8Array, transferSyntax: string): string[] {
  if (!isEncapsulated(transferSyntax) || transferSyntax === RLE) return []
  const check = JPEG_SYNTAXES.has(transferSyntax)
    ? jpegFindings
    : J2K_SYNTAXES.has(transferSyntax)
      ? j2kFindings
      : undefined
  if (check === undefined) return [`pixel data in transfer syntax ${transferSyntax} cannot be checked for metadata`]
  return [...new Set(check(fragments))]
}
