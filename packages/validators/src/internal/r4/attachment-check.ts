import { decodeBase64, encodeBase64, sha1 } from '../sha1.js'
import type { WalkContext } from './walk-context.js'

// R4 datatypes.html#Attachment: `size` is "the number of bytes of data that make up this attachment
// (before base64 encoding, if that is done)" and `hash` is "the calculated hash of the data using
// SHA-1. Represented using base64". When `data` is inline both can be checked against it; a
// mismatch means the data or its metadata was altered or truncated in transit.

type Json = Record<string, unknown>

export function checkAttachment(a: Json, path: string, ctx: WalkContext): void {
  const hash = a['hash']
  const data = a['data']
  const size = a['size']
  if (typeof data !== 'string' || (typeof size !== 'number' && typeof hash !== 'string')) return
  const bytes = decodeBase64(data)
  if (bytes === undefined) return // reported as a base64Binary error by the primitive check
  if (typeof size === 'number' && size !== bytes.length)
    ctx.error(
      'value',
      'fhir.attachment.size',
      `size is ${size} but data holds ${bytes.length} bytes (datatypes.html#Attachment)`,
      `${path}.size`,
    )
  if (typeof hash === 'string') {
    const actual = encodeBase64(sha1(bytes))
    if (actual !== hash.replace(/[ \t\r\n]/g, ''))
      ctx.error(
        'value',
        'fhir.attachment.hash',
        `hash does not match the SHA-1 of data (data hashes to ${actual}; datatypes.html#Attachment)`,
        `${path}.hash`,
      )
  }
}
