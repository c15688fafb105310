import { invalidField, truncated } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { type ImageError } from './errors.js'
import { u16be } from './internal/bytes.js'
import { type JpegSegment } from './jpeg-segments.js'

/** One image component of a frame header (T.81 B.2.2). @category model */
export interface JpegComponent {
  readonly id: number
  readonly h: number
  readonly v: number
}

/**
 * What the frame header (SOFn, T.81 B.2.2) says about the image, enough to describe it in DICOM
 * (PS3.5 8.2.1 requires the pixel attributes to match the stream).
 *
 * @category model
 */
export interface JpegFrame {
  /** SOF marker: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, ... */
  readonly sof: number
  readonly precision: number
  readonly width: number
  readonly height: number
  readonly components: readonly JpegComponent[]
}

/** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC). @category parsing */
export const isSofMarker = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc

/** Reads a SOFn segment. @category parsing */
export function readFrame(b: Uint8Array, s: JpegSegment): E.Either<ImageError, JpegFrame> {
  const p = s.payload
  if (s.payloadEnd - p < 6) return E.left(truncated(p, 6, s.payloadEnd - p, 'JPEG frame header'))
  const n = b[p + 5] as number
  if (s.payloadEnd - p < 6 + 3 * n) return E.left(truncated(p, 6 + 3 * n, s.payloadEnd - p, 'JPEG frame header'))
  const height = u16be(b, p + 1)
  const width = u16be(b, p + 3)
  if (width === 0 || height === 0) {
    // Height 0 means "defined later by DNL" (T.81 B.2.5); we do not support that, nor width 0.
    return E.left(invalidField('frame size', `width ${width} x height ${height} is not supported`, { offset: p + 1 }))
  }
  if (n !== 1 && n !== 3 && n !== 4)
    return E.left(invalidField('components', `${n} components`, { offset: p + 5, value: n }))
  const components: JpegComponent[] = []
  for (let k = 0; k < n; k++) {
    const c = p + 6 + 3 * k
    const hv = b[c + 1] as number
    components.push({ id: b[c] as number, h: hv >> 4, v: hv & 15 })
  }
  return E.right({ sof: s.marker, precision: b[p] as number, width, height, components })
}
