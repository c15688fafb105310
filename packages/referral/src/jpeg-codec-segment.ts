import { invalidField, type InvalidField } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { type JpegSegment } from './jpeg-segments.js'

/**
 * How many payload bytes a codec marker segment's own fields account for (ITU-T T.81 Annex B.2-B.3),
 * or an error when the fields overrun the declared length. Bytes beyond that count are read by no
 * decoder, so they are where free text could hide inside a "kept" segment.
 */
function consumed(b: Uint8Array, s: JpegSegment): E.Either<InvalidField, number> {
  const { marker, payload: p, payloadEnd: end } = s
  const fail = (what: string) =>
    E.left(invalidField(`JPEG 0xFF${marker.toString(16).toUpperCase()}`, what, { offset: s.start }))
  const len = end - p
  switch (marker) {
    // DQT (B.2.4.1): repeated Pq/Tq + 64 or 128 bytes of table.
    case 0xdb: {
      let i = p
      while (i < end) {
        i += 1 + ((b[i] as number) >> 4 === 0 ? 64 : 128)
        if (i > end) return fail('quantisation table runs past the segment')
      }
      return E.right(i - p)
    }
    // DHT (B.2.4.2): repeated Tc/Th + 16 counts + the values they count.
    case 0xc4: {
      let i = p
      while (i < end) {
        if (i + 17 > end) return fail('Huffman table header runs past the segment')
        let values = 0
        for (let k = 1; k <= 16; k++) values += b[i + k] as number
        i += 17 + values
        if (i > end) return fail('Huffman table values run past the segment')
      }
      return E.right(i - p)
    }
    // DAC (B.2.4.3): pairs of Tc/Tb + Cs.
    case 0xcc:
      return E.right(len - (len % 2))
    // DRI (B.2.4.4) and DNL (B.2.5): one 16-bit number.
    case 0xdd:
    case 0xdc:
      return len < 2 ? fail('too short') : E.right(2)
    // EXP (B.3.3): one byte.
    case 0xdf:
      return len < 1 ? fail('too short') : E.right(1)
    // SOS header (B.2.3): Ns, Ns × (Cs, Td/Ta), Ss, Se, Ah/Al.
    case 0xda: {
      const n = 1 + 2 * (b[p] ?? 0) + 3
      return n > len ? fail('scan header runs past the segment') : E.right(n)
    }
    default: {
      // SOFn and DHP (B.2.2, B.3.2): P, Y, X, Nf, Nf × (C, H/V, Tq).
      if (len < 6) return fail('frame header too short')
      const n = 6 + 3 * (b[p + 5] ?? 0)
      return n > len ? fail('frame header runs past the segment') : E.right(n)
    }
  }
}

/**
 * A codec segment as a decoder reads it: the original bytes when every payload byte is accounted
 * for, otherwise a copy cut to what its fields define with the length rewritten (`hidden` counts
 * the bytes left out). For SOS the entropy-coded data that follows the header is kept unchanged.
 *
 * @internal
 */
export function canonicalCodecSegment(
  b: Uint8Array,
  s: JpegSegment,
): E.Either<InvalidField, { readonly bytes: Uint8Array; readonly hidden: number }> {
  if (s.payload === s.end && s.payloadEnd === s.end) return E.right({ bytes: b.subarray(s.start, s.end), hidden: 0 })
  const used = consumed(b, s)
  if (E.isLeft(used)) return used
  const hidden = s.payloadEnd - s.payload - used.right
  if (hidden === 0) return E.right({ bytes: b.subarray(s.start, s.end), hidden: 0 })
  const header = b.slice(s.start, s.payload + used.right)
  const length = used.right + 2
  header[2] = length >> 8
  header[3] = length & 0xff
  const tail = b.subarray(s.payloadEnd, s.end) // SOS entropy-coded data; empty for other segments
  const bytes = new Uint8Array(header.length + tail.length)
  bytes.set(header)
  bytes.set(tail, header.length)
  return E.right({ bytes, hidden })
}
