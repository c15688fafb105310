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

/**
 * Computes a digest. The default uses Web Crypto; `nodeHasher` in `@openward/referral/node` uses
 * node:crypto synchronously (no copy of the input, no thread-pool hop).
 *
 * @category hashing
 */
export interface Hasher {
  readonly digest: (algorithm: 'SHA-256' | 'SHA-1', bytes: Uint8Array) => Promise<Uint8Array>
}

/** Web Crypto `crypto.subtle` (browsers, Node 20+, Deno). @category hashing */
export const webCryptoHasher: Hasher = {
  // Web Crypto takes ArrayBuffer-backed views; our inputs are (never SharedArrayBuffer).
  digest: async (algorithm, bytes) =>
    new Uint8Array(await globalThis.crypto.subtle.digest(algorithm, bytes as Uint8Array<ArrayBuffer>)),
}

const hex = (b: Uint8Array): string => {
  let s = ''
  for (let i = 0; i < b.length; i++) s += (b[i] as number).toString(16).padStart(2, '0')
  return s
}

/**
 * Computes size, SHA-256 and SHA-1.
 *
 * @example
 * const d = await digestBytes(strippedJpeg) // { size, sha256: 'ab12…', sha1Base64: 'q3…=' }
 * @category hashing
 */
export async function digestBytes(bytes: Uint8Array, hasher: Hasher = webCryptoHasher): Promise<Digests> {
  const [sha256, sha1] = await Promise.all([hasher.digest('SHA-256', bytes), hasher.digest('SHA-1', bytes)])
  return { size: bytes.length, sha256: hex(sha256), sha1Base64: base64Encode(sha1) }
}

/** Size and SHA-256 only (for files that need no FHIR hash). @category hashing */
export async function sha256Only(
  bytes: Uint8Array,
  hasher: Hasher = webCryptoHasher,
): Promise<{ size: number; sha256: string }> {
  return { size: bytes.length, sha256: hex(await hasher.digest('SHA-256', bytes)) }
}
