const HEX = '0123456789abcdef'

/** Lower-case hex of `bytes`, no separators. */
export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0
    out += (HEX[b >> 4] ?? '') + (HEX[b & 15] ?? '')
  }
  return out
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 97 && code <= 102) return code - 87
  if (code >= 65 && code <= 70) return code - 55
  return -1
}

/** Bytes of an even-length hex string, or the index of the first bad character (or -1 for odd length). */
export function fromHex(text: string): Uint8Array | { readonly badIndex: number } {
  if (text.length % 2 !== 0) return { badIndex: text.length }
  const out = new Uint8Array(text.length / 2)
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(text.charCodeAt(2 * i))
    const lo = nibble(text.charCodeAt(2 * i + 1))
    if (hi < 0) return { badIndex: 2 * i }
    if (lo < 0) return { badIndex: 2 * i + 1 }
    out[i] = (hi << 4) | lo
  }
  return out
}
