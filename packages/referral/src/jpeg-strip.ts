import { invalidField, type InvalidField, unsupported } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { type ImageError, imageTooLarge } from './errors.js'
import { minimalExifSegment, readExifOrientation } from './exif-orientation.js'
import { sanitizeIccProfile } from './icc/sanitize-icc-profile.js'
import { bytesEqual, concatBytes, hasAscii } from './internal/bytes.js'
import { canonicalCodecSegment, type UsedTables, usedTables } from './jpeg-codec-segment.js'
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
  /**
   * The embedded ICC profile as written into the output: rebuilt by `sanitizeIccProfile` from its
   * colour values (text fields replaced), or `undefined` when there was none or it was dropped.
   */
  readonly iccProfile: Uint8Array | undefined
  /** Adobe APP14 colour transform flag (0 none/RGB, 1 YCbCr, 2 YCCK), if the segment is present. */
  readonly adobeTransform: number | undefined
  readonly removed: readonly RemovedItem[]
  readonly warnings: readonly string[]
}

type Verdict =
  { keep: true; bytes?: Uint8Array; hidden?: number } | { keep: false; kind: RemovedItem['kind'] } | { keep: 'icc' }

const CODEC = /* @__PURE__ */ new Set([
  0xd8, 0xc4, 0xcc, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,
])

// JFIF 1.02 (ITU-T T.871 section 10.1): APP0 "JFIF\0", version (2), units (1), densities (2 × 2),
// thumbnail size (2) + RGB data. Regenerated from those numbers with no thumbnail, so nothing of
// the original segment beyond its numeric fields is copied.
function jfifVerdict(b: Uint8Array, s: JpegSegment): Verdict {
  if (!hasAscii(b, s.payload, 'JFIF\0'))
    return { keep: false, kind: hasAscii(b, s.payload, 'JFXX\0') ? 'thumbnail' : 'vendor' }
  if (s.payloadEnd - s.payload < 14) return { keep: false, kind: 'vendor' }
  const clean = new Uint8Array(18)
  clean.set([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0])
  clean.set(b.subarray(s.payload + 5, s.payload + 12), 9) // version, units, X/Y density
  return { keep: true, bytes: clean }
}

// Adobe APP14 (Adobe Technical Note 5116, "Supporting the DCT Filters in PostScript Level 2",
// 18 Sep 1992, Adobe marker): "Adobe", DCTEncodeVersion (2), flags0 (2), flags1 (2), transform (1).
// Only the colour transform matters to a decoder; the segment is rebuilt around it.
function adobeVerdict(b: Uint8Array, s: JpegSegment): Verdict {
  if (!hasAscii(b, s.payload, 'Adobe') || s.payloadEnd - s.payload < 12) return { keep: false, kind: 'vendor' }
  const clean = new Uint8Array(16)
  clean.set([0xff, 0xee, 0, 14, 0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, (b[s.payload + 11] ?? 0) & 3])
  return { keep: true, bytes: clean }
}

function classify(b: Uint8Array, s: JpegSegment, used: UsedTables): E.Either<InvalidField, Verdict> {
  const m = s.marker
  if (isSofMarker(m) || CODEC.has(m)) {
    const c = canonicalCodecSegment(b, s, used)
    if (E.isLeft(c)) return c
    return E.right(c.right.bytes === undefined ? { keep: false, kind: 'hidden' } : { keep: true, bytes: c.right.bytes })
  }
  const p = s.payload
  switch (m) {
    case 0xe0:
      return E.right(jfifVerdict(b, s))
    case 0xe1:
      if (hasAscii(b, p, 'Exif\0')) return E.right({ keep: false, kind: 'exif' })
      if (hasAscii(b, p, 'http://ns.adobe.com/xap/1.0/\0')) return E.right({ keep: false, kind: 'xmp' })
      if (hasAscii(b, p, 'http://ns.adobe.com/xmp/extension/\0')) return E.right({ keep: false, kind: 'xmp-extended' })
      return E.right({ keep: false, kind: 'vendor' })
    case 0xe2:
      if (hasAscii(b, p, 'ICC_PROFILE\0') && s.payloadEnd - p > 14) return E.right({ keep: 'icc' })
      return E.right({ keep: false, kind: hasAscii(b, p, 'MPF\0') ? 'mpf' : 'vendor' })
    case 0xed:
      return E.right({ keep: false, kind: 'iptc' })
    case 0xee:
      return E.right(adobeVerdict(b, s))
    case 0xfe:
      return E.right({ keep: false, kind: 'comment' })
    default:
      return E.right({ keep: false, kind: m >= 0xe0 && m <= 0xef ? 'vendor' : 'reserved' })
  }
}

// ICC.1:2022 Annex B.4: APP2 "ICC_PROFILE\0", sequence number (1-based), chunk count, data.
function assembleIcc(b: Uint8Array, chunks: readonly JpegSegment[]): Uint8Array | undefined {
  if (chunks.length === 0) return undefined
  const sorted = [...chunks].sort((x, y) => (b[x.payload + 12] ?? 0) - (b[y.payload + 12] ?? 0))
  return concatBytes(sorted.map((s) => b.subarray(s.payload + 14, s.payloadEnd)))
}

// The same Annex B.4 chunking for the rebuilt profile: at most 65,519 profile bytes per APP2.
const ICC_CHUNK = 65_535 - 2 - 14
function iccSegments(profile: Uint8Array): Uint8Array[] {
  const count = Math.ceil(profile.length / ICC_CHUNK)
  const out: Uint8Array[] = []
  for (let i = 0; i < count; i++) {
    const data = profile.subarray(i * ICC_CHUNK, (i + 1) * ICC_CHUNK)
    const seg = new Uint8Array(4 + 14 + data.length)
    const length = 2 + 14 + data.length
    seg.set([0xff, 0xe2, length >> 8, length & 0xff])
    for (let c = 0; c < 11; c++) seg[4 + c] = 'ICC_PROFILE'.charCodeAt(c)
    seg[16] = i + 1
    seg[17] = count
    seg.set(data, 18)
    out.push(seg)
  }
  return out
}

/**
 * Removes metadata from a JPEG without decoding it. Everything kept is verified in full or
 * regenerated from parsed values: codec segments (frame, tables, scans, restart interval) are cut to
 * the bytes their fields define; the JFIF header and the Adobe APP14 marker are rebuilt from their
 * numbers; the ICC profile is rebuilt from its colour values with its text fields replaced (or
 * dropped with a warning when that is impossible). Everything else goes: EXIF (GPS, maker notes,
 * serials, thumbnail), XMP and Extended XMP, IPTC/Photoshop, MPF, comments, vendor APPn such as
 * FLIR, and any data after EOI. Orientation survives as a one-tag Exif when it is not 1. The scan
 * data is byte-identical.
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
  if (E.isLeft(out)) return out
  const verified = verifyStrippedJpeg(out.right.bytes)
  return E.isLeft(verified) ? verified : out
}

function assemble(
  input: Uint8Array,
  segments: readonly JpegSegment[],
  eoiEnd: number,
  frame: JpegFrame,
): E.Either<InvalidField, StrippedJpeg> {
  const parts: Uint8Array[] = []
  const removed: RemovedItem[] = []
  const iccChunks: JpegSegment[] = []
  const warnings: string[] = []
  let orientation = 1
  let adobeTransform: number | undefined
  let iccAt = -1
  const used = usedTables(input, segments)
  for (const s of segments) {
    const verdict = classify(input, s, used)
    if (E.isLeft(verdict)) return verdict
    const v = verdict.right
    if (v.keep === 'icc') {
      if (iccAt < 0) iccAt = parts.length
      iccChunks.push(s)
      continue
    }
    if (v.keep) {
      const bytes = v.bytes ?? input.subarray(s.start, s.end)
      const dropped = s.end - s.start - bytes.length
      if (dropped > 0)
        removed.push({
          kind: s.marker === 0xe0 ? 'thumbnail' : 'hidden',
          segment: s.marker === 0xe0 ? 'APP0 JFIF' : segmentName(s.marker),
          offset: s.start,
          bytes: dropped,
        })
      parts.push(bytes)
      if (s.marker === 0xee) adobeTransform = bytes[15]
      continue
    }
    removed.push({ kind: v.kind, segment: segmentName(s.marker), offset: s.start, bytes: s.end - s.start })
    if (v.kind === 'exif') {
      const o = readExifOrientation(input.subarray(s.payload, s.payloadEnd))
      if (o === undefined) warnings.push('EXIF present without a readable Orientation: assumed 1 (upright)')
      else orientation = o
    }
  }
  const original = assembleIcc(input, iccChunks)
  let iccProfile: Uint8Array | undefined
  if (original !== undefined) {
    const first = iccChunks[0] as JpegSegment
    const originalBytes = iccChunks.reduce((n, c) => n + c.end - c.start, 0)
    const clean = sanitizeIccProfile(original)
    if (E.isRight(clean)) {
      iccProfile = clean.right.bytes
      const segs = iccSegments(iccProfile)
      parts.splice(iccAt, 0, ...segs)
      if (!bytesEqual(iccProfile, original)) {
        const kept = segs.reduce((n, seg) => n + seg.length, 0)
        removed.push({
          kind: 'icc-text',
          segment: 'APP2 ICC_PROFILE',
          offset: first.start,
          bytes: Math.max(0, originalBytes - kept),
        })
      }
    } else {
      removed.push({ kind: 'icc', segment: 'APP2 ICC_PROFILE', offset: first.start, bytes: originalBytes })
      warnings.push(
        `ICC colour profile removed (${clean.left.message}): it could not be rebuilt from colour values alone; colours may render slightly differently`,
      )
    }
  }
  parts.push(Uint8Array.of(0xff, 0xd9))
  if (eoiEnd < input.length)
    removed.push({ kind: 'trailer', segment: 'after EOI', offset: eoiEnd, bytes: input.length - eoiEnd })
  if (orientation !== 1) parts.splice(insertAt(input, segments), 0, minimalExifSegment(orientation))
  return E.right({
    format: 'jpeg',
    bytes: concatBytes(parts),
    frame,
    orientation,
    iccProfile,
    adobeTransform,
    removed,
    warnings,
  })
}

// The one-tag Exif goes straight after SOI, or after the JFIF APP0 when that is kept (T.871 wants APP0 first).
function insertAt(input: Uint8Array, segments: readonly JpegSegment[]): number {
  const second = segments[1]
  return second !== undefined && second.marker === 0xe0 && hasAscii(input, second.payload, 'JFIF\0') ? 2 : 1
}
