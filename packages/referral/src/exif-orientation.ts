import { hasAscii, u16be, u32be } from './internal/bytes.js'

/**
 * Reads the Orientation tag (0x0112) from IFD0 of an APP1 Exif payload (CIPA DC-008 Exif 2.32,
 * 4.6.4 TIFF structure; the payload starts with "Exif\0\0" then a TIFF header). Returns
 * `undefined` when there is no tag or the block is malformed; every read is bounds-checked.
 *
 * @category parsing
 */
export function readExifOrientation(payload: Uint8Array): number | undefined {
  if (!hasAscii(payload, 0, 'Exif\0\0')) return undefined
  const t = payload.subarray(6)
  if (t.length < 8) return undefined
  const little = t[0] === 0x49 && t[1] === 0x49
  if (!little && !(t[0] === 0x4d && t[1] === 0x4d)) return undefined
  const r16 = (i: number) => (little ? (t[i] ?? 0) | ((t[i + 1] ?? 0) << 8) : u16be(t, i))
  const r32 = (i: number) =>
    little
      ? ((t[i] ?? 0) | ((t[i + 1] ?? 0) << 8) | ((t[i + 2] ?? 0) << 16)) + (t[i + 3] ?? 0) * 0x1000000
      : u32be(t, i)
  if (r16(2) !== 42) return undefined
  const ifd = r32(4)
  if (ifd + 2 > t.length) return undefined
  const count = r16(ifd)
  for (let k = 0; k < count; k++) {
    const e = ifd + 2 + k * 12
    if (e + 12 > t.length) return undefined
    if (r16(e) === 0x0112 && r16(e + 2) === 3) {
      const v = r16(e + 8)
      return v >= 1 && v <= 8 ? v : undefined
    }
  }
  return undefined
}

/**
 * Builds the smallest APP1 Exif segment that carries only Orientation: a big-endian TIFF header
 * and one IFD0 entry (SHORT, count 1), no next IFD (Exif 2.32, 4.6.2 and 4.6.4).
 *
 * @category encoding
 */
export function minimalExifSegment(orientation: number): Uint8Array {
  // FF E1, length 34: "Exif\0\0" (6) + TIFF header (8) + count (2) + entry (12) + next IFD (4) + length (2).
  // prettier-ignore
  return Uint8Array.of(
    0xff, 0xe1, 0x00, 0x22,
    0x45, 0x78, 0x69, 0x66, 0x00, 0x00,
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01,
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, (orientation >> 8) & 0xff, orientation & 0xff, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  )
}
