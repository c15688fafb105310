import { invalidField, type InvalidField } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { sanitizeIccProfile } from './icc/sanitize-icc-profile.js'
import { bytesEqual, concatBytes, hasAscii } from './internal/bytes.js'
import { canonicalCodecSegment, usedTables } from './jpeg-codec-segment.js'
import { parseJpeg } from './jpeg-segments.js'

// What a stripped JPEG may contain, written separately from the stripper's own classification so
// the check is a second opinion: codec markers with every byte accounted for, JFIF without
// thumbnail, a rebuilt ICC profile, a 12-byte Adobe marker, our 34-byte Exif.
const CODEC = /* @__PURE__ */ new Set([0xd8, 0xc4, 0xcc, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0x01])
const isCodec = (m: number) => CODEC.has(m) || (m >= 0xc0 && m <= 0xcf && m !== 0xc8) || (m >= 0xd0 && m <= 0xd7)

/**
 * Re-parses a stripped JPEG and confirms that only allowed segments remain and nothing follows
 * EOI (spec note 1.6: "verify after stripping"). A failure means a bug in the stripper, reported
 * as a typed error rather than shipping the file.
 *
 * @category stripping
 */
export function verifyStrippedJpeg(b: Uint8Array): E.Either<InvalidField, Uint8Array> {
  const parsed = parseJpeg(b)
  if (E.isLeft(parsed)) return E.left(invalidField('stripped output', `does not re-parse: ${parsed.left.message}`))
  if (parsed.right.eoiEnd !== b.length) return E.left(invalidField('stripped output', 'data after EOI'))
  const icc: Uint8Array[] = []
  const used = usedTables(b, parsed.right.segments)
  for (const s of parsed.right.segments) {
    const m = s.marker
    const len = s.payloadEnd - s.payload
    const codec = isCodec(m) ? canonicalCodecSegment(b, s, used) : undefined
    const ok =
      (codec !== undefined && E.isRight(codec) && codec.right.hidden === 0) ||
      (m === 0xe0 && hasAscii(b, s.payload, 'JFIF\0') && len === 14) ||
      (m === 0xe1 && hasAscii(b, s.payload, 'Exif\0\0MM') && len === 32) ||
      (m === 0xe2 &&
        hasAscii(b, s.payload, 'ICC_PROFILE\0') &&
        icc.push(b.subarray(s.payload + 14, s.payloadEnd)) > 0) ||
      (m === 0xee && hasAscii(b, s.payload, 'Adobe') && len === 12)
    if (!ok)
      return E.left(
        invalidField('stripped output', `segment 0xFF${m.toString(16)} at ${s.start} is not allowed`, {
          offset: s.start,
        }),
      )
  }
  // A kept ICC profile must be one the sanitiser wrote: rebuilding it again changes nothing.
  if (icc.length > 0) {
    const profile = concatBytes(icc)
    const again = sanitizeIccProfile(profile)
    if (E.isLeft(again) || !bytesEqual(again.right.bytes, profile))
      return E.left(invalidField('stripped output', 'the ICC profile is not a rebuilt one'))
  }
  return E.right(b)
}
