// CRC-32 (ISO-HDLC / IEEE 802.3, reflected polynomial 0xEDB88320), as in zlib and PNG (ISO/IEC
// 15948 §5.4). Used to detect a changed or damaged journal line, not to authenticate it.
const TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

/** CRC-32 of a string's UTF-8 bytes, as 8 lowercase hex digits. */
export function crc32Hex(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let crc = 0xffffffff
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8)
  return ((crc ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0')
}
