import { invalidField, unsupported } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { type ImageError, imageTooLarge } from './errors.js'
import { minimalExifSegment, readExifOrientation } from './exif-orientation.js'
import { concatBytes, hasAscii } from './internal/bytes.js'
import { isSofMarker, type JpegFrame, readFrame } from './jpeg-frame.js'
import { type JpegSegment, parseJpeg } from './jpeg-segments.js'
import { verifyStrippedJpeg } from './jpeg-verify.js'
import { type ImageLimits, DEFAULT_IMAGE_LIMITS, checkInputSize } from './image-limits.js'
import { type RemovedItem, segmentName } from './removed-item.js'

/**
 * A JPEG with metadata removed at byte level, plus what was removed. The frame, table and scan
 * segments are the original bytes, so the picture is bit-for-bit the same.
 *
 * @category model
 */
export interface StrippedJpeg {
  readonly format: 'jpeg'
  readonly bytes: Uint8Array
  readonly frame: JpegFrame
  /** EXIF orientation of the original (1 when absent); kept as a one-tag Exif when not 1. */
  readonly orientation: number
  /** The embedded ICC profile reassembled from its APP2 chunks, if any (ICC.1:2022 Annex B.4). */
  readonly iccProfile: Uint8Array | undefined
  /** Adobe APP14 colour transform flag (0 none/RGB, 1 YCbCr, 2 YCCK), if the segment is present. */
  readonly adobeTransform: number | undefined
  readonly removed: readonly RemovedItem[]
  readonly warnings: readonly string[]
}

type Verdict = { keep: true; bytes?: Uint8Array } | { keep: false; kind: RemovedItem['kind'] }

const CODEC = new Set([
  0xd8, 0xc4, 0xcc, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,
])

// JFIF 1.02 (ITU-T T.871 section 10.1): APP0 "JFIF\0", version, units, densities, thumbnail size + RGB data.
function jfifVerdict(b: Uint8Array, s: JpegSegment): Verdict {
  if (!hasAscii(b, s.payload, 'JFIF\0'))
    return { keep: false, kind: hasAscii(b, s.payload, 'JFXX\0') ? 'thumbnail' : 'vendor' }
  if (s.payloadEnd - s.payload <= 14) return { keep: true }
  const clean = b.slice(s.start, s.payload + 14)
  clean[2] = 0
  clean[3] = 16 // length field: 2 + 14 payload bytes
  clean[16] = 0 // thumbnail width and height = 0
  clean[17] = 0
  return { keep: true, bytes: clean }
}

function classify(b: Uint8Array, s: JpegSegment): Verdict {
  const m = s.marker
  if (isSofMarker(m) || CODEC.has(m)) return { keep: true }
  const p = s.payload
  switch (m) {
    case 0xe0:
      return jfifVerdict(b, s)
    case 0xe1:
      if (hasAscii(b, p, 'Exif\0')) return { keep: false, kind: 'exif' }
      if (hasAscii(b, p, 'http://ns.adobe.com/xap/1.0/\0')) return { keep: false, kind: 'xmp' }
      if (hasAscii(b, p, 'http://ns.adobe.com/xmp/extension/\0')) return { keep: false, kind: 'xmp-extended' }
      return { keep: false, kind: 'vendor' }
    case 0xe2:
      if (hasAscii(b, p, 'ICC_PROFILE\0')) return { keep: true }
      return { keep: false, kind: hasAscii(b, p, 'MPF\0') ? 'mpf' : 'vendor' }
    case 0xed:
      return { keep: false, kind: 'iptc' }
    case 0xee:
      return hasAscii(b, p, 'Adobe') ? { keep: true } : { keep: false, kind: 'vendor' }
    case 0xfe:
      return { keep: false, kind: 'comment' }
    default:
      return { keep: false, kind: m >= 0xe0 && m <= 0xef ? 'vendor' : 'reserved' }
  }
}

// ICC.1:2022 Annex B.4: APP2 "ICC_PROFILE\0", sequence number (1-based), chunk count, data.
function assembleIcc(b: Uint8Array, chunks: readonly JpegSegment[]): Uint8Array | undefined {
  if (chunks.length === 0) return undefined
  const sorted = [...chunks].sort((x, y) => (b[x.payload + 12] ?? 0) - (b[y.payload + 12] ?? 0))
  return concatBytes(sorted.map((s) => b.subarray(s.payload + 14, s.payloadEnd)))
}

/**
 * Removes metadata from a JPEG without decoding it: an allow-list keeps the codec segments
 * (frame, tables, scans, restart interval), the JFIF header (without its thumbnail), the ICC
 * profile (APP2) and the Adobe APP14 marker. Everything else goes: EXIF (GPS, maker notes,
 * serials, thumbnail), XMP and Extended XMP, IPTC/Photoshop, MPF, comments, vendor APPn such as
 * FLIR, and any data after EOI. Orientation survives as a one-tag Exif when it is not 1.
 *
 * @example
 * const r = stripJpeg(bytes)
 * if (E.isRight(r)) upload(r.right.bytes, r.right.removed)
 * @category stripping
 */
export function stripJpeg(
  input: Uint8Array,
  limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
): E.Either<ImageError, StrippedJpeg> {
  const tooBig = checkInputSize(input.length, limits)
  if (tooBig) return E.left(tooBig)
  const parsed = parseJpeg(input)
  if (E.isLeft(parsed)) return parsed
  const { segments, eoiEnd } = parsed.right
  // JPEG-LS (ITU-T T.87) uses SOF55 (0xF7): a different codec, not ours to pass as JPEG.
  if (segments.some((s) => s.marker === 0xf7)) return E.left(unsupported('JPEG-LS', 'JPEG-LS images are not supported'))
  const sofSeg = segments.find((s) => isSofMarker(s.marker))
  if (sofSeg === undefined) return E.left(invalidField('frame header', 'no SOFn segment before EOI'))
  if (!segments.some((s) => s.marker === 0xda)) return E.left(invalidField('scan', 'no SOS segment before EOI'))
  const frame = readFrame(input, sofSeg)
  if (E.isLeft(frame)) return frame
  const { width, height } = frame.right
  if (width * height > limits.maxPixels) {
    return E.left(
      imageTooLarge(`declared ${width}x${height} pixels exceeds ${limits.maxPixels}`, {
        width,
        height,
        limit: limits.maxPixels,
      }),
    )
  }
  const out = assemble(input, segments, eoiEnd, frame.right)
  const verified = verifyStrippedJpeg(out.bytes)
  return E.isLeft(verified) ? verified : E.right(out)
}

function assemble(input: Uint8Array, segments: readonly JpegSegment[], eoiEnd: number, frame: JpegFrame): StrippedJpeg {
  const parts: Uint8Array[] = []
  const removed: RemovedItem[] = []
  const iccChunks: JpegSegment[] = []
  const warnings: string[] = []
  let orientation = 1
  let adobeTransform: number | undefined
  for (const s of segments) {
    const v = classify(input, s)
    if (v.keep) {
      if (v.bytes !== undefined)
        removed.push({
          kind: 'thumbnail',
          segment: 'APP0 JFIF',
          offset: s.start,
          bytes: s.end - s.start - v.bytes.length,
        })
      parts.push(v.bytes ?? input.subarray(s.start, s.end))
      if (s.marker === 0xe2) iccChunks.push(s)
      if (s.marker === 0xee && s.payloadEnd - s.payload >= 12) adobeTransform = input[s.payload + 11]
      continue
    }
    removed.push({ kind: v.kind, segment: segmentName(s.marker), offset: s.start, bytes: s.end - s.start })
    if (v.kind === 'exif') {
      const o = readExifOrientation(input.subarray(s.payload, s.payloadEnd))
      if (o === undefined) warnings.push('EXIF present without a readable Orientation: assumed 1 (upright)')
      else orientation = o
    }
  }
  parts.push(Uint8Array.of(0xff, 0xd9))
  if (eoiEnd < input.length)
    removed.push({ kind: 'trailer', segment: 'after EOI', offset: eoiEnd, bytes: input.length - eoiEnd })
  if (orientation !== 1) parts.splice(insertAt(input, segments), 0, minimalExifSegment(orientation))
  const iccProfile = assembleIcc(input, iccChunks)
  return {
    format: 'jpeg',
    bytes: concatBytes(parts),
    frame,
    orientation,
    iccProfile,
    adobeTransform,
    removed,
    warnings,
  }
}

// The one-tag Exif goes straight after SOI, or after the JFIF APP0 when that is kept (T.871 wants APP0 first).
function insertAt(input: Uint8Array, segments: readonly JpegSegment[]): number {
  const second = segments[1]
  return second !== undefined && second.marker === 0xe0 && hasAscii(input, second.payload, 'JFIF\0') ? 2 : 1
}
