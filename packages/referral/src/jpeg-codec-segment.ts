import { invalidField, type InvalidField } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { concatBytes } from './internal/bytes.js'
import { isSofMarker } from './jpeg-frame.js'
import { type JpegSegment } from './jpeg-segments.js'

/**
 * The tables a JPEG's frame and scans refer to (ITU-T T.81 B.2.2: Tq of each frame component;
 * B.2.3: Td/Ta of each scan component). A table nobody refers to changes no pixel, so its 64-256
 * bytes are free for any text: such tables are not kept.
 *
 * @internal
 */
export interface UsedTables {
  /** Quantisation table ids (0-3) referred to by frame components. */
  readonly quantisation: ReadonlySet<number>
  /** Huffman tables as `class * 16 + id` (class 0 DC, 1 AC) referred to by scan components. */
  readonly huffman: ReadonlySet<number>
}

/** Collects the tables the frame and every scan refer to. @internal */
export function usedTables(b: Uint8Array, segments: readonly JpegSegment[]): UsedTables {
  const quantisation = new Set<number>()
  const huffman = new Set<number>()
  for (const s of segments) {
    const p = s.payload
    if (isSofMarker(s.marker)) {
      const n = b[p + 5] ?? 0
      for (let k = 0; k < n; k++) quantisation.add(b[p + 6 + 3 * k + 2] ?? 0)
    } else if (s.marker === 0xda) {
      const n = b[p] ?? 0
      for (let k = 0; k < n; k++) {
        const t = b[p + 2 + 2 * k] ?? 0
        huffman.add(t >> 4) // DC table: class 0
        huffman.add(16 + (t & 15)) // AC table: class 1
      }
    }
  }
  return { quantisation, huffman }
}

interface Span {
  readonly start: number
  readonly end: number
  readonly keep: boolean
}

/**
 * The payload of a codec marker segment split into what its fields define (T.81 Annex B.2-B.3),
 * each part marked kept or not; bytes no field accounts for are left out. An error when the fields
 * overrun the declared length (no decoder could read the segment either).
 */
function spans(b: Uint8Array, s: JpegSegment, used: UsedTables): E.Either<InvalidField, Span[]> {
  const { marker, payload: p, payloadEnd: end } = s
  const fail = (what: string) =>
    E.left(invalidField(`JPEG 0xFF${marker.toString(16).toUpperCase()}`, what, { offset: s.start }))
  const len = end - p
  const whole = (n: number): E.Either<InvalidField, Span[]> =>
    n > len ? fail('fields run past the segment') : E.right([{ start: p, end: p + n, keep: true }])
  switch (marker) {
    // DQT (B.2.4.1): repeated Pq/Tq + 64 or 128 bytes of table.
    case 0xdb: {
      const out: Span[] = []
      for (let i = p; i < end;) {
        const pt = b[i] as number
        const next = i + 1 + (pt >> 4 === 0 ? 64 : 128)
        if (next > end) return fail('quantisation table runs past the segment')
        out.push({ start: i, end: next, keep: used.quantisation.has(pt & 15) })
        i = next
      }
      return E.right(out)
    }
    // DHT (B.2.4.2): repeated Tc/Th + 16 counts + the values they count.
    case 0xc4: {
      const out: Span[] = []
      for (let i = p; i < end;) {
        if (i + 17 > end) return fail('Huffman table header runs past the segment')
        let values = 0
        for (let k = 1; k <= 16; k++) values += b[i + k] as number
        const next = i + 17 + values
        if (next > end) return fail('Huffman table values run past the segment')
        const tc = b[i] as number
        out.push({ start: i, end: next, keep: used.huffman.has((tc >> 4) * 16 + (tc & 15)) })
        i = next
      }
      return E.right(out)
    }
    // DAC (B.2.4.3): pairs of Tc/Tb + Cs.
    case 0xcc:
      return whole(len - (len % 2))
    // DRI (B.2.4.4) and DNL (B.2.5): one 16-bit number.
    case 0xdd:
    case 0xdc:
      return whole(2)
    // EXP (B.3.3): one byte.
    case 0xdf:
      return whole(1)
    // SOS header (B.2.3): Ns, Ns × (Cs, Td/Ta), Ss, Se, Ah/Al.
    case 0xda:
      return whole(1 + 2 * (b[p] ?? 0) + 3)
    // SOFn and DHP (B.2.2, B.3.2): P, Y, X, Nf, Nf × (C, H/V, Tq).
    default:
      return len < 6 ? fail('frame header too short') : whole(6 + 3 * (b[p + 5] ?? 0))
  }
}

/**
 * A codec segment as a decoder uses it: the original bytes when every payload byte is a field of a
 * table or header the image uses; otherwise a copy holding only those (length rewritten), with
 * `hidden` counting the bytes left out, or `bytes: undefined` when nothing of it is used. For SOS
 * the entropy-coded data after the header is kept unchanged.
 *
 * @internal
 */
export function canonicalCodecSegment(
  b: Uint8Array,
  s: JpegSegment,
  used: UsedTables,
): E.Either<InvalidField, { readonly bytes: Uint8Array | undefined; readonly hidden: number }> {
  if (s.payload === s.end && s.payloadEnd === s.end) return E.right({ bytes: b.subarray(s.start, s.end), hidden: 0 })
  const parts = spans(b, s, used)
  if (E.isLeft(parts)) return parts
  const kept = parts.right.filter((x) => x.keep)
  const keptLength = kept.reduce((n, x) => n + x.end - x.start, 0)
  const hidden = s.payloadEnd - s.payload - keptLength
  if (hidden === 0) return E.right({ bytes: b.subarray(s.start, s.end), hidden: 0 })
  if (kept.length === 0) return E.right({ bytes: undefined, hidden })
  const length = keptLength + 2
  const head = Uint8Array.of(0xff, s.marker, length >> 8, length & 0xff)
  const tail = b.subarray(s.payloadEnd, s.end) // SOS entropy-coded data; empty for other segments
  return E.right({ bytes: concatBytes([head, ...kept.map((x) => b.subarray(x.start, x.end)), tail]), hidden })
}
