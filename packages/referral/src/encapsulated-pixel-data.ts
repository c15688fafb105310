import { concatBytes } from './internal/bytes.js'

/**
 * Encodes the Pixel Data element (7FE0,0010) for one frame of encapsulated pixel data in
 * Explicit VR Little Endian (PS3.5 A.4): VR OB, undefined length, a Basic Offset Table item
 * with the single offset 0, the frame as one fragment (even length, padded with one 0x00
 * after EOI when odd; PS3.5 A.4 allows trailing padding), then a Sequence Delimitation Item.
 *
 * Written here rather than through dcmjs so the frame is copied once (dcmjs re-buffers it and
 * by default splits it into fragments, a known interoperability problem).
 *
 * @category dicom
 */
export function encapsulatedPixelData(frame: Uint8Array): Uint8Array {
  return concatBytes(encapsulatedPixelDataParts(frame))
}

/** The same element as three parts (header, the frame itself, padding + delimiter), so a caller can copy the frame once. @internal */
export function encapsulatedPixelDataParts(frame: Uint8Array): [Uint8Array, Uint8Array, Uint8Array] {
  const padded = frame.length + (frame.length & 1)
  const head = new Uint8Array(12 + 12 + 8)
  const v = new DataView(head.buffer)
  v.setUint16(0, 0x7fe0, true)
  v.setUint16(2, 0x0010, true)
  head[4] = 0x4f // 'O'
  head[5] = 0x42 // 'B'
  v.setUint32(8, 0xffffffff, true) // undefined length
  // Basic Offset Table item (FFFE,E000) length 4, offset 0.
  v.setUint16(12, 0xfffe, true)
  v.setUint16(14, 0xe000, true)
  v.setUint32(16, 4, true)
  v.setUint32(20, 0, true)
  // Fragment item header.
  v.setUint16(24, 0xfffe, true)
  v.setUint16(26, 0xe000, true)
  v.setUint32(28, padded, true)
  const tail = new Uint8Array((frame.length & 1) + 8)
  const t = new DataView(tail.buffer)
  const at = frame.length & 1
  t.setUint16(at, 0xfffe, true) // Sequence Delimitation Item (FFFE,E0DD), length 0
  t.setUint16(at + 2, 0xe0dd, true)
  return [head, frame, tail]
}

/**
 * Reads the fragments of an encapsulated Pixel Data element back (PS3.5 A.4, Explicit VR Little
 * Endian as PS3.10 requires for these syntaxes): the last (7FE0,0010) with VR OB/OW and undefined
 * length, its items after the Basic Offset Table, concatenated. A malformed item list ends the read
 * early; the caller then fails to parse what it got, which refuses the object rather than passing
 * unread bytes.
 *
 * @internal
 */
export function encapsulatedFragments(b: Uint8Array): Uint8Array {
  let at = -1
  for (let i = b.length - 12; i >= 0; i--) {
    if (
      b[i] === 0xe0 &&
      b[i + 1] === 0x7f &&
      b[i + 2] === 0x10 &&
      b[i + 3] === 0x00 &&
      (b[i + 5] === 0x42 || b[i + 5] === 0x57)
    ) {
      const vr0 = b[i + 4]
      if (vr0 === 0x4f && b[i + 8] === 0xff && b[i + 9] === 0xff && b[i + 10] === 0xff) {
        at = i + 12
        break
      }
    }
  }
  if (at < 0) return new Uint8Array(0)
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const parts: Uint8Array[] = []
  let first = true
  while (at + 8 <= b.length) {
    const group = v.getUint16(at, true)
    const element = v.getUint16(at + 2, true)
    const length = v.getUint32(at + 4, true)
    if (group !== 0xfffe || element !== 0xe000 || at + 8 + length > b.length) break
    if (!first) parts.push(b.subarray(at + 8, at + 8 + length))
    first = false
    at += 8 + length
  }
  return concatBytes(parts)
}
