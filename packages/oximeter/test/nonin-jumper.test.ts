import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  createNoninDf2Framer,
  createNoninDf7Framer,
  createNoninDf8Framer,
  createNoninDf13Framer,
  decodeJumper,
  decodeNoninBle,
  encodeNoninDf2Packet,
  encodeNoninDf8,
  encodeNoninDf13,
  jumperToSamples,
  noninBleToSamples,
  noninDf2ToSamples,
  noninDf8ToSamples,
  noninDf13ToSamples,
} from '../src/index.js'
import { hexBytes } from './shared-captures.js'

const ctx = { timeMs: 0 }

/** A DF2 packet built by hand from the Nonin layout: frame k = 01 STATUS PLETH FLOAT CHK. */
function df2Packet(floats: number[], status = 0x80): Uint8Array {
  const out: number[] = []
  for (let k = 0; k < 25; k++) {
    const s = status | (k === 0 ? 1 : 0)
    const frame = [0x01, s, 100 + k, floats[k] ?? 0]
    out.push(...frame, frame.reduce((a, c) => a + c, 0) & 0xff)
  }
  return Uint8Array.from(out)
}

// HR 300 = MSB 0x02 (bits 8-7), LSB 0x2C; SpO2 97; SpO2-D 96; fast 95; E-HR 72; HR-D 511 (missing)
const floats = [0x02, 0x2c, 97, 0x11, 0, 0, 0, 0, 96, 95, 94, 0, 0, 0x00, 72, 98, 97, 0, 0, 0x03, 0x7f, 0, 72]

describe('Nonin DF2 (Nonin 9560 Bluetooth Specification, data format 2; spec note §3.6)', () => {
  it('names the FLOAT values by frame number and joins HR bits with OR (not AND)', () => {
    const { records } = createNoninDf2Framer().push(df2Packet(floats))
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({
      heartRate: 300,
      spo2: 97,
      firmwareRevision: 0x11,
      spo2Display: 96,
      spo2Fast: 95,
      spo2BeatToBeat: 94,
      extendedHeartRate: 72,
      extendedSpo2: 98,
      heartRateDisplay: 511,
    })
    expect(records[0]!.pleth).toHaveLength(25)
    expect(noninDf2ToSamples(records[0]!, ctx)[0]).toMatchObject({ spo2: 97, pulseRate: 300 })
  })

  it('SNSA + missing values: HR 511 / SpO2 127 → null + fingerOut', () => {
    const [r] = createNoninDf2Framer().push(df2Packet([0x03, 0x7f, 127], 0x88)).records
    expect(noninDf2ToSamples(r!, ctx)[0]).toMatchObject({ spo2: null, pulseRate: null, flags: { fingerOut: true } })
  })

  it('a bad frame checksum loses that packet only; the next packet decodes', () => {
    const bad = df2Packet(floats)
    bad[5 * 7 + 4] = bad[5 * 7 + 4]! ^ 0x01
    const out = createNoninDf2Framer().push(Uint8Array.from([...bad, ...df2Packet(floats)]))
    expect(out.records).toHaveLength(1)
    expect(out.checksumFailures).toBe(1)
    expect(out.errors[0]).toMatchObject({ _tag: 'ChecksumMismatch', offset: 5 * 7 + 4 })
  })

  it('round-trips', () => {
    const wire = df2Packet(floats)
    const [r] = createNoninDf2Framer().push(wire).records
    expect(encodeNoninDf2Packet(r!)).toEqual(wire)
  })
})

describe('Nonin DF7 (16-bit pleth)', () => {
  it('decodes STATUS PLETH-MSB PLETH-LSB FLOAT CHK frames', () => {
    const out: number[] = []
    for (let k = 0; k < 25; k++) {
      const frame = [0x80 | (k === 0 ? 1 : 0), 0x12, k, floats[k] ?? 0]
      out.push(...frame, frame.reduce((a, c) => a + c, 0) & 0xff)
    }
    const [r] = createNoninDf7Framer().push(Uint8Array.from(out)).records
    expect(r?.pleth[3]).toBe(0x1203)
    expect(r?.spo2).toBe(97)
    expect(encodeNoninDf2Packet(r!)).toEqual(Uint8Array.from(out))
  })
})

describe('Nonin DF8 (4 bytes, 1/s)', () => {
  it('decodes HR bits 8–7 from byte 1 and status bits', () => {
    // byte1: 1 | OOT | ARTF | HR bits 8-7 = 01 ; HR low 0x2C → 172 ; SpO2 96 ; byte4: SNSA | low battery
    const wire = hexBytes('a5 2c 60 09')
    const [r] = createNoninDf8Framer().push(wire).records
    expect(r).toMatchObject({
      heartRate: 172,
      spo2: 96,
      outOfTrack: true,
      artifact: true,
      sensorAlarm: true,
      lowBattery: true,
    })
    expect(noninDf8ToSamples(r!, ctx)[0]!.flags).toMatchObject({
      fingerOut: true,
      searching: true,
      motion: true,
      lowBattery: true,
    })
    expect(encodeNoninDf8(r!)).toEqual(wire)
  })
})

describe('Nonin DF13 (SmartPoint spot-check)', () => {
  const wire = (() => {
    const data = [0x20, 0x26, 0x11, 0x22, 0x14, 0x21, 0x30, 0x00, 0x02, 0x10, 0x00, 0x48, 0x00, 0x61]
    const sum = data.reduce((a, c) => a + c, 0) & 0xff
    return Uint8Array.from([0x00, 0x02, 0x00, 0x0d, 0x00, 0x0e, ...data, sum, 0x03])
  })()

  it('decodes the BCD date (not binary), status, HR and SpO2', () => {
    const [r] = createNoninDf13Framer().push(wire).records
    expect(r).toMatchObject({
      timestamp: { year: 2026, month: 11, day: 22, hours: 14, minutes: 21, seconds: 30 },
      smartPoint: true,
      fromMemory: true,
      heartRate: 72,
      spo2: 97,
    })
    expect(noninDf13ToSamples(r!, ctx)[0]).toMatchObject({ spo2: 97, pulseRate: 72 })
    expect(encodeNoninDf13(r!)).toEqual(wire)
  })

  it('rejects a bad checksum and a missing ETX', () => {
    const bad = wire.slice()
    bad[20] = bad[20]! ^ 1
    expect(createNoninDf13Framer().push(bad).errors[0]).toMatchObject({ _tag: 'ChecksumMismatch', offset: 20 })
    const noEtx = wire.slice()
    noEtx[21] = 0x04
    expect(createNoninDf13Framer().push(noEtx).errors[0]).toMatchObject({ _tag: 'InvalidField', field: 'etx' })
  })
})

describe('Nonin BLE Oximetry Service (big-endian 10-byte value)', () => {
  it('decodes status bits, PAI and a 16-bit PR', () => {
    const r = decodeNoninBle(hexBytes('0a 18 1e 00 5a 00 07 61 00 48'))
    expect(E.isRight(r) && r.right).toMatchObject({
      sensorConnected: true,
      searching: true,
      paiRaw: 90,
      spo2: 97,
      pulseRate: 72,
    })
    if (E.isRight(r)) expect(noninBleToSamples(r.right, ctx)[0]).toMatchObject({ perfusionIndex: 0.9, spo2: 97 })
    expect(decodeNoninBle(hexBytes('0a 18 1e'))).toMatchObject({ left: { _tag: 'Truncated' } })
    expect(decodeNoninBle(hexBytes('0b 18 1e 00 5a 00 07 61 00 48 00'))).toMatchObject({
      left: { _tag: 'InvalidField' },
    })
  })
})

describe('Jumper (obniz PLS-01BT; low confidence)', () => {
  it('decodes 81 PR SpO2 PI×10 and treats 255/127 as no value', () => {
    const r = decodeJumper(hexBytes('81 48 61 23'))
    expect(E.isRight(r) && jumperToSamples(r.right, ctx)[0]).toMatchObject({
      spo2: 97,
      pulseRate: 72,
      perfusionIndex: 3.5,
    })
    const none = decodeJumper(hexBytes('81 ff 7f 00'))
    expect(E.isRight(none) && jumperToSamples(none.right, ctx)[0]).toMatchObject({ spo2: null, pulseRate: null })
    expect(decodeJumper(hexBytes('82 00'))).toMatchObject({ left: { _tag: 'InvalidSync', offset: 0 } })
  })
})
