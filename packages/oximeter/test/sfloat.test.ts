import { describe, expect, it } from 'vitest'

import {
  createSfloatFramer,
  decodeFloat32,
  decodeSfloat,
  encodeFloat32,
  encodeSfloat,
  medicalFloat,
  medicalFloatValue,
  readSfloat,
} from '../src/index.js'

const bytes = (...b: number[]) => Uint8Array.from(b)

describe('IEEE 11073-20601 SFLOAT (spec note §2.2)', () => {
  it.each([
    // [bytes on the wire (LE), value, source]
    [[0x65, 0xf0], 10.1, 'Nordic DataTest'],
    [[0x01, 0xfe], -51.1, 'blessed tests'],
    [[0x01, 0x02], 513, 'blessed tests'],
    [[0xff, 0x02], 767, 'blessed tests'],
    [[0xe8, 0xf3], 100, 'real device 100 % (1000 × 10^-1)'],
    [[0x7a, 0xe3], 8.9, 'real device PAI 890 × 10^-2'],
    [[0xff, 0xf7], 204.7, 'ordinary value, not NaN: compare the whole word'],
    [[0x00, 0xf8], -204.8, 'ordinary value, not NRes'],
    [[0x0a, 0x70], 1e8, 'corrected RonanB96 vector: unbiased exponent 7'],
    [[0x62, 0x80], 9.8e-7, 'corrected RonanB96 vector: exponent -8'],
  ])('%j decodes to %d (%s)', (wire, value) => {
    const f = readSfloat(Uint8Array.from(wire), 0)
    expect(f._tag).toBe('Value')
    expect(medicalFloatValue(f)).toBe(value)
  })

  it('divides for negative exponents, so 87 × 10^-1 is exactly 8.7', () => {
    expect(decodeSfloat(0xf057).valueOf()).toMatchObject({ value: 8.7, mantissa: 87, exponent: -1 })
  })

  it.each([
    [0x07ff, 'nan'],
    [0x0800, 'nres'],
    [0x07fe, 'positive-infinity'],
    [0x0802, 'negative-infinity'],
    [0x0801, 'reserved'],
  ])('special code 0x%s is no value (%s), never 2047', (word, reason) => {
    const f = decodeSfloat(word)
    expect(f).toEqual({ _tag: 'NoValue', reason })
    expect(medicalFloatValue(f)).toBeNull()
    expect(encodeSfloat(f)).toBe(word)
  })

  it('encodes mantissa and exponent back to the same word', () => {
    expect(encodeSfloat(medicalFloat(1000, -1))).toBe(0xf3e8)
    expect(encodeSfloat(medicalFloat(-511, -1))).toBe(0xfe01)
  })
})

describe('IEEE 11073-20601 FLOAT (32-bit)', () => {
  it('decodes sign-extended 8-bit exponent and 24-bit mantissa', () => {
    expect(decodeFloat32(0xff0003e8)).toMatchObject({ value: 100, mantissa: 1000, exponent: -1 })
    expect(decodeFloat32(0x00fffffe)).toMatchObject({ value: -2, exponent: 0 })
  })
  it.each([
    [0x007fffff, 'nan'],
    [0x00800000, 'nres'],
    [0x007ffffe, 'positive-infinity'],
    [0x00800002, 'negative-infinity'],
    [0x00800001, 'reserved'],
  ])('special code 0x%s is %s', (word, reason) => {
    expect(decodeFloat32(word)).toEqual({ _tag: 'NoValue', reason })
    expect(encodeFloat32(decodeFloat32(word))).toBe(word)
  })
})

describe('sfloat stream framer', () => {
  it('reads consecutive words and holds back an odd byte', () => {
    const framer = createSfloatFramer()
    const out = framer.push(bytes(0xe8, 0xf3, 0xff, 0x07, 0x65))
    expect(out.records.map((r) => medicalFloatValue(r.float))).toEqual([100, null])
    expect(framer.pendingBytes).toBe(1)
    expect(framer.push(bytes(0xf0)).records[0]?.float).toMatchObject({ value: 10.1 })
  })
})
