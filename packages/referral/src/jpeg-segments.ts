import { invalidField, invalidSync, truncated } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { type ImageError, notAnImage } from './errors.js'
import { u16be } from './internal/bytes.js'
import { nativeView } from './internal/native-buffer.js'

/**
 * One marker segment of a JPEG interchange stream (ITU-T T.81 Annex B.1). `start` is the offset
 * of the 0xFF marker byte, `end` is one past the segment; for SOS, `end` includes the
 * entropy-coded data that follows the header up to the next non-RST marker (B.1.1.5).
 *
 * @category model
 */
export interface JpegSegment {
  /** Marker code, the byte after 0xFF (0xE1 for APP1, 0xDA for SOS). */
  readonly marker: number
  readonly start: number
  readonly end: number
  /** Offset of the segment payload (after the 2-byte length); equals `end` for standalone markers. */
  readonly payload: number
  /** End of the marker segment proper (for SOS: end of the header, before entropy data). */
  readonly payloadEnd: number
}

/** A parsed JPEG: its segments between SOI and EOI and where EOI ends. @category model */
export interface JpegLayout {
  readonly segments: readonly JpegSegment[]
  /** Offset just past the EOI marker; anything after it is trailing data. */
  readonly eoiEnd: number
}

// T.81 Table B.1: markers that stand alone without a length field.
const isStandalone = (m: number): boolean => m === 0x01 || (m >= 0xd0 && m <= 0xd7)

/** True when the bytes start with the JPEG SOI marker (FF D8 FF). @category parsing */
export const looksLikeJpeg = (b: Uint8Array): boolean =>
  b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff

/**
 * Finds the end of the entropy-coded data starting at `from`: the first 0xFF that is followed by
 * neither 0x00 (byte stuffing), 0xFF (fill) nor RST0..7 (T.81 B.1.1.5 and F.1.2.3).
 */
function scanEnd(bytes: Uint8Array, from: number): number {
  // Node's Buffer.indexOf is a memchr; TypedArray.prototype.indexOf walks element by element and
  // took ~4x as long over a 4 MB photo's scan data. Same results either way.
  const b: Uint8Array = nativeView(bytes) ?? bytes
  let i = b.indexOf(0xff, from)
  while (i !== -1 && i + 1 < b.length) {
    const next = b[i + 1] as number
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) i = b.indexOf(0xff, i + 2)
    else if (next === 0xff) i += 1
    else return i
  }
  return -1
}

/**
 * Splits a JPEG into marker segments without decoding anything. Fails with a typed error on a
 * missing SOI, a byte where a marker must be, a length below 2, a segment running past the end
 * of the input, or a missing EOI.
 *
 * @category parsing
 */
export function parseJpeg(b: Uint8Array): E.Either<ImageError, JpegLayout> {
  if (!looksLikeJpeg(b)) return E.left(notAnImage('not a JPEG: no SOI marker (FF D8) at the start'))
  const segments: JpegSegment[] = [{ marker: 0xd8, start: 0, end: 2, payload: 2, payloadEnd: 2 }]
  let pos = 2
  for (;;) {
    if (pos >= b.length) return E.left(truncated(pos, 2, 0, 'JPEG (no EOI marker)'))
    if (b[pos] !== 0xff) return E.left(invalidSync(pos, b[pos] ?? 0))
    let m = pos + 1
    while (m < b.length && b[m] === 0xff) m++ // fill bytes before a marker (B.1.1.2)
    if (m >= b.length) return E.left(truncated(m, 1, 0, 'JPEG marker'))
    const marker = b[m] as number
    const start = m - 1
    if (marker === 0xd9) return E.right({ segments, eoiEnd: m + 1 })
    if (marker === 0x00 || marker === 0xd8) return E.left(invalidSync(start, marker))
    if (isStandalone(marker)) {
      segments.push({ marker, start, end: m + 1, payload: m + 1, payloadEnd: m + 1 })
      pos = m + 1
      continue
    }
    if (m + 3 > b.length) return E.left(truncated(m + 1, 2, b.length - m - 1, 'JPEG segment length'))
    const length = u16be(b, m + 1)
    if (length < 2) {
      return E.left(
        invalidField('segment length', `marker 0x${marker.toString(16)} has length ${length} (< 2)`, {
          offset: m + 1,
          value: length,
        }),
      )
    }
    const payloadEnd = m + 1 + length
    if (payloadEnd > b.length)
      return E.left(truncated(m + 1, length, b.length - m - 1, `JPEG segment 0x${marker.toString(16)}`))
    let end = payloadEnd
    if (marker === 0xda) {
      const e = scanEnd(b, payloadEnd)
      if (e === -1) return E.left(truncated(b.length, 2, 0, 'JPEG entropy-coded data (no marker after the scan)'))
      end = e
    }
    segments.push({ marker, start, end, payload: m + 3, payloadEnd })
    pos = end
  }
}
