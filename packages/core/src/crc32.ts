// CRC-32 (ISO 3309 / ITU-T V.42, ISO-HDLC; reflected polynomial 0xEDB88320), the one PNG (ISO/IEC
// 15948 Annex D), ZIP (APPNOTE 4.4.7) and zlib define. It detects damage, it does not authenticate.
const TABLE = /* @__PURE__ */ (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

/**
 * CRC-32 of `bytes`, optionally continuing from a previous value (so a large input can be fed in
 * parts).
 *
 * @example
 * crc32(new TextEncoder().encode('123456789')) // 0xcbf43926
 * @category checksums
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let c = (previous ^ 0xffffffff) >>> 0
  for (let i = 0; i < bytes.length; i++) c = (TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

// TextEncoder is a global in every runtime we support (browsers, Node, Deno), but not in the ES2022
// lib this platform-neutral package compiles against; this module-scoped declaration says only
// what we use, so no consumer needs the DOM lib to compile our sources.
declare const TextEncoder: new () => { encode(input: string): Uint8Array }

/** CRC-32 of a string's UTF-8 bytes, as 8 lowercase hex digits. @category checksums */
export function crc32Hex(text: string): string {
  return crc32(new TextEncoder().encode(text)).toString(16).padStart(8, '0')
}
