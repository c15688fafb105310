/** Big-endian unsigned 16-bit read; the caller has checked bounds. */
export const u16be = (b: Uint8Array, i: number): number => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0)

/** Big-endian unsigned 32-bit read; the caller has checked bounds. */
export const u32be = (b: Uint8Array, i: number): number =>
  (((b[i] ?? 0) << 24) >>> 0) + (((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0))

/** True when `b` holds the ASCII string `s` at offset `at`. */
export function hasAscii(b: Uint8Array, at: number, s: string): boolean {
  if (at + s.length > b.length) return false
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false
  return true
}

/** Concatenates byte arrays into one new array (one allocation). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0
  for (const p of parts) total += p.length
  const out = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Byte-wise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * `b` itself when it spans its whole buffer, else a copy: a package file handed out must own its
 * buffer, so code that takes `bytes.buffer` whole (a Blob, a Web Crypto digest, a worker transfer)
 * gets that file and nothing stored around it (a caller's view into a larger upload, a neighbour).
 */
export const ownedBytes = (b: Uint8Array): Uint8Array =>
  b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice()
