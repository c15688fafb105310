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
