import { base64Encode } from './internal/base64.js'

/**
 * The integrity facts for one file: byte count, SHA-256 (hex, for our manifest) and SHA-1
 * (base64, what FHIR R4 Attachment.hash defines: "the calculated hash of the data using SHA-1,
 * represented using base64"; integrity only, not a signature).
 *
 * @category model
 */
export interface Digests {
  readonly size: number
  readonly sha256: string
  readonly sha1Base64: string
}

const hex = (buf: ArrayBuffer): string => {
  const b = new Uint8Array(buf)
  let s = ''
  for (let i = 0; i < b.length; i++) s += (b[i] as number).toString(16).padStart(2, '0')
  return s
}

/**
 * Computes size, SHA-256 and SHA-1 with Web Crypto (`crypto.subtle`: browsers, Node 20+, Deno).
 *
 * @example
 * const d = await digestBytes(strippedJpeg) // { size, sha256: 'ab12…', sha1Base64: 'q3…=' }
 * @category hashing
 */
export async function digestBytes(bytes: Uint8Array): Promise<Digests> {
  const subtle = globalThis.crypto.subtle
  // Web Crypto takes ArrayBuffer-backed views; our inputs are (never SharedArrayBuffer).
  const data = bytes as Uint8Array<ArrayBuffer>
  const [sha256, sha1] = await Promise.all([subtle.digest('SHA-256', data), subtle.digest('SHA-1', data)])
  return { size: bytes.length, sha256: hex(sha256), sha1Base64: base64Encode(new Uint8Array(sha1)) }
}

/** Size and SHA-256 only (for files that need no FHIR hash). @category hashing */
export async function sha256Only(bytes: Uint8Array): Promise<{ size: number; sha256: string }> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)
  return { size: bytes.length, sha256: hex(digest) }
}
