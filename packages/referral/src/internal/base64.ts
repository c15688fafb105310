// RFC 4648 section 4 base64, written without Buffer/btoa so the main entry stays browser-safe and
// fast on multi-megabyte images: a 4096-entry table turns each 12 bits into two output bytes.
import { nativeView } from './native-buffer.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const PAIRS = (() => {
  const t = new Uint16Array(4096)
  for (let i = 0; i < 4096; i++) {
    // little-endian platforms put the low byte first; we write through a Uint8Array view below.
    t[i] = ALPHABET.charCodeAt(i >> 6) | (ALPHABET.charCodeAt(i & 63) << 8)
  }
  return t
})()
const LITTLE = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1
const decoder = new TextDecoder('latin1')

/** Encodes bytes as standard base64 with padding; uses the host's native encoder when there is one. */
export function base64Encode(b: Uint8Array): string {
  const native = (b as Uint8Array & { toBase64?: () => string }).toBase64
  if (typeof native === 'function') return native.call(b)
  const view = nativeView(b)
  if (view !== undefined) return view.toString('base64')
  return base64EncodePortable(b)
}

/** The portable encoder (exported for tests that compare it with the native one). */
export function base64EncodePortable(b: Uint8Array): string {
  const full = b.length - (b.length % 3)
  const out = new Uint8Array(((b.length + 2) / 3) << 2)
  const pairs = new Uint16Array(out.buffer, 0, out.length >> 1)
  let o = 0
  for (let i = 0; i < full; i += 3) {
    const n = ((b[i] as number) << 16) | ((b[i + 1] as number) << 8) | (b[i + 2] as number)
    pairs[o++] = PAIRS[n >> 12] as number
    pairs[o++] = PAIRS[n & 4095] as number
  }
  if (!LITTLE) for (let k = 0; k < o; k++) pairs[k] = (((pairs[k] as number) & 0xff) << 8) | ((pairs[k] as number) >> 8)
  const rest = b.length - full
  if (rest > 0) {
    const n = ((b[full] as number) << 16) | (rest === 2 ? (b[full + 1] as number) << 8 : 0)
    const at = o << 1
    out[at] = ALPHABET.charCodeAt(n >> 18)
    out[at + 1] = ALPHABET.charCodeAt((n >> 12) & 63)
    out[at + 2] = rest === 2 ? ALPHABET.charCodeAt((n >> 6) & 63) : 61
    out[at + 3] = 61
  }
  return decoder.decode(out)
}
