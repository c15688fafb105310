import fc from 'fast-check'

import type { ProtocolId } from '../src/index.js'
import { crc8Maxim, crc8Poly07, sum8 } from '../src/internal/crc8.js'

/**
 * One valid wire frame (or characteristic value) per protocol, built from the documented
 * layouts, for property tests and the fuzz script. Every generated frame decodes to exactly one
 * record that re-encodes to the same bytes.
 */
const u8 = fc.integer({ min: 0, max: 255 })
const u7 = fc.integer({ min: 0, max: 127 })
const bytes = (min: number, max: number) => fc.array(u8, { minLength: min, maxLength: max })
const withSum = (frame: number[], from: number) => [...frame, frame.slice(from).reduce((a, c) => a + c, 0) & 0xff]
const of = (a: fc.Arbitrary<number[]>) => a.map((x) => Uint8Array.from(x))

const fiveByte = of(fc.tuple(u7, u7, u7, u7, u7).map(([a, b, c, d, e]) => [0x80 | a, b, c, d, e]))

// Contec V7 types with a fixed length (unknown types are framed to the next type byte).
const V7_LENGTHS: [number, number][] = [
  [0x01, 9],
  [0x02, 9],
  [0x03, 9],
  [0x04, 9],
  [0x05, 9],
  [0x06, 4],
  [0x07, 8],
  [0x08, 8],
  [0x09, 6],
  [0x0a, 4],
  [0x0b, 4],
  [0x0c, 2],
  [0x0d, 3],
  [0x0e, 3],
  [0x0f, 8],
  [0x10, 3],
  [0x11, 9],
  [0x12, 8],
  [0x15, 9],
  [0x7d, 9],
]
const contecV7 = of(
  fc
    .constantFrom(...V7_LENGTHS)
    .chain(([type, len]) =>
      fc
        .tuple(u7, fc.array(u7, { minLength: len - 2, maxLength: len - 2 }))
        .map(([hi, data]) => [type, 0x80 | (hi & ((1 << (len - 2)) - 1)), ...data.map((d) => 0x80 | d)]),
    ),
)

const viatomO2 = of(
  fc
    .tuple(fc.constantFrom(0x55, 0xaa), u8, fc.integer({ min: 0, max: 0xffff }), bytes(0, 40))
    .map(([sync, cmd, block, payload]) => {
      const f = [
        sync,
        cmd,
        cmd ^ 0xff,
        block & 0xff,
        block >> 8,
        payload.length & 0xff,
        payload.length >> 8,
        ...payload,
      ]
      return [...f, crc8Poly07(Uint8Array.from(f), 0, f.length)]
    }),
)

const fs20f = of(
  fc
    .oneof(
      fc.tuple(fc.constant(0x55), bytes(6, 6)),
      fc.tuple(fc.constant(0x56), bytes(4, 4)),
      fc.tuple(
        fc.integer({ min: 0, max: 255 }).filter((t) => t !== 0x55 && t !== 0x56),
        bytes(1, 29),
      ),
    )
    .map(([type, body]) => withSum([0xfe, body.length + 4, type, ...body], 1)),
)

const pc60fw = of(
  fc.tuple(fc.constantFrom(0x0f, 0xf0), u8, bytes(0, 40)).map(([cls, func, payload]) => {
    const f = [0xaa, 0x55, cls, payload.length + 2, func, ...payload]
    return [...f, crc8Maxim(Uint8Array.from(f), 0, f.length)]
  }),
)

const noninPacket = (format: 2 | 7) =>
  of(
    fc.array(fc.tuple(u7, u8, u8, u8), { minLength: 25, maxLength: 25 }).map((frames) =>
      frames.flatMap(([status, p1, p2, float], k) => {
        const s = 0x80 | (k === 0 ? status | 1 : status & 0x7e)
        return withSum(format === 2 ? [0x01, s, p1, float] : [s, p1, p2, float], 0)
      }),
    ),
  )

const bcd = (max: number) => fc.integer({ min: 0, max }).map((v) => ((Math.floor(v / 10) << 4) | (v % 10)) & 0xff)
const noninDf13 = of(
  fc
    .tuple(bcd(99), bcd(99), bcd(12), bcd(31), bcd(23), bcd(59), bcd(59), bytes(6, 6), bytes(0, 6))
    .map(([c, y, mo, d, h, mi, s, rest, extra]) => {
      const data = [c, y, mo, d, h, mi, s, 0, ...rest, ...extra]
      return [0x00, 0x02, 0x00, 0x0d, 0x00, data.length, ...data, sum8(Uint8Array.from(data), 0, data.length), 0x03]
    }),
)

const le16 = (v: number) => [v & 0xff, v >> 8]
const plxContinuous = of(
  u8.chain((flags) => {
    const n =
      4 + (flags & 1 ? 4 : 0) + (flags & 2 ? 4 : 0) + (flags & 4 ? 2 : 0) + (flags & 8 ? 3 : 0) + (flags & 16 ? 2 : 0)
    return bytes(n, n).map((b) => [flags, ...b])
  }),
)
const dateTime = fc
  .tuple(
    fc.oneof(fc.constant(0), fc.integer({ min: 1582, max: 9999 })),
    fc.integer({ min: 0, max: 12 }),
    fc.integer({ min: 0, max: 31 }),
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 59 }),
  )
  .map(([y, ...rest]) => [...le16(y), ...rest])
const plxSpotCheck = of(
  fc.tuple(u8, bytes(4, 4), dateTime, bytes(7, 7)).map(([flags, pair, ts, tail]) => {
    const n = (flags & 2 ? 2 : 0) + (flags & 4 ? 3 : 0) + (flags & 8 ? 2 : 0)
    return [flags, ...pair, ...(flags & 1 ? ts : []), ...tail.slice(0, n)]
  }),
)
const plxFeatures = of(
  fc.tuple(fc.integer({ min: 0, max: 0xffff }), bytes(5, 5)).map(([raw, tail]) => {
    const n = (raw & 1 ? 2 : 0) + (raw & 2 ? 3 : 0)
    return [...le16(raw), ...tail.slice(0, n)]
  }),
)
const racp = of(
  fc.oneof(
    fc
      .tuple(fc.constantFrom(1, 2, 4), fc.integer({ min: 1, max: 6 }), bytes(0, 4))
      .map(([op, o, operand]) => [op, o, ...operand]),
    fc.constant<number[]>([3, 0]),
    fc.integer({ min: 0, max: 0xffff }).map((n) => [5, 0, ...le16(n)]),
    fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 9 })).map(([op, code]) => [6, 0, op, code]),
  ),
)

export const VALID_FRAME: Readonly<Record<ProtocolId, fc.Arbitrary<Uint8Array>>> = {
  sfloat: of(bytes(2, 2)),
  'plx-continuous': plxContinuous,
  'plx-spot-check': plxSpotCheck,
  'plx-features': plxFeatures,
  'plx-racp': racp,
  'contec-legacy': fiveByte,
  'contec-v7': contecV7,
  berrymed: fiveByte,
  'viatom-o2': viatomO2,
  'viatom-fs20f': fs20f,
  'viatom-pc60fw': pc60fw,
  'nonin-df2': noninPacket(2),
  'nonin-df7': noninPacket(7),
  'nonin-df8': of(fc.tuple(u7, u7, u7, u7).map(([a, b, c, d]) => [0x80 | a, b, c, d])),
  'nonin-df13': noninDf13,
  'nonin-ble': of(bytes(9, 9).map((b) => [10, ...b])),
  jumper: of(
    fc.oneof(
      bytes(3, 3).map((b) => [0x81, ...b]),
      bytes(0, 19).map((b) => [0x80, ...b]),
    ),
  ),
}
