import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  decodePlxContinuous,
  decodePlxFeatures,
  decodePlxSpotCheck,
  decodeRacp,
  DEVICE_REGISTRY,
  encodePlxContinuous,
  encodePlxFeatures,
  encodePlxSpotCheck,
  encodeRacp,
  medicalFloatValue,
  plxContinuousToSamples,
  plxSpotCheckToSamples,
} from '../src/index.js'

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'))
const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`)
  return e.right
}
const ctx = { timeMs: 1_700_000_000_000 }

describe('PLX Continuous Measurement 0x2A5F (PLXS v1.0.1 §3.2; spec note §2.4)', () => {
  it('decodes the minimum 5-byte value: flags 00, SpO2 98, PR 72', () => {
    const r = right(decodePlxContinuous(hex('00 6200 4800')))
    expect(medicalFloatValue(r.normal.spo2)).toBe(98)
    expect(medicalFloatValue(r.normal.pulseRate)).toBe(72)
    expect(r.fast).toBeUndefined()
    expect(r.trailingBytes).toBe(0)
  })

  it('decodes every flagged field of the 20-byte maximum in order', () => {
    // flags 1F; normal 97.0 % (970e-1) / 64; fast 96 / 65; slow 98 / 63; MS bit 8 + bit 14;
    // DSS bits 5 (low perfusion) and 11 (unconnected) ; PAI 8.90 (7A E3)
    const value = hex('1f CA F3 4000 6000 4100 6200 3f00 0041 200800 7ae3')
    expect(value).toHaveLength(20)
    const r = right(decodePlxContinuous(value))
    expect(medicalFloatValue(r.normal.spo2)).toBe(97)
    expect(medicalFloatValue(r.fast!.spo2)).toBe(96)
    expect(medicalFloatValue(r.slow!.pulseRate)).toBe(63)
    expect(r.measurementStatus).toMatchObject({
      fullyQualifiedData: true,
      questionableMeasurementDetected: true,
      raw: 0x4100,
    })
    expect(r.deviceAndSensorStatus).toMatchObject({
      lowPerfusionDetected: true,
      sensorUnconnectedToUser: true,
      raw: 0x0820,
    })
    expect(medicalFloatValue(r.pulseAmplitudeIndex!)).toBe(8.9)
    expect(encodePlxContinuous(r)).toEqual(value)
  })

  it('reads Device and Sensor Status as 3 bytes (not 16 + a dropped byte)', () => {
    const r = right(decodePlxContinuous(hex('08 6200 4800 000080')))
    expect(r.deviceAndSensorStatus?.raw).toBe(0x800000)
    expect(decodePlxContinuous(hex('08 6200 4800 0000'))).toMatchObject({
      left: { _tag: 'Truncated', expected: 8, actual: 7 },
    })
  })

  it('rejects a value shorter than its flags require, with no partial record', () => {
    const result = decodePlxContinuous(hex('1f 6200 4800 6200'))
    expect(result).toEqual(E.left(expect.objectContaining({ _tag: 'Truncated', offset: 0, expected: 20, actual: 7 })))
    expect(decodePlxContinuous(new Uint8Array(0))).toMatchObject({ left: { _tag: 'Truncated' } })
  })

  it('ignores reserved flag bits and counts trailing bytes; strict mode rejects both', () => {
    const r = right(decodePlxContinuous(hex('e0 6200 4800 aabb')))
    expect(r.reservedFlags).toBe(0xe0)
    expect(r.trailingBytes).toBe(2)
    expect(decodePlxContinuous(hex('e0 6200 4800'), { strict: true })).toMatchObject({
      left: { _tag: 'ReservedBitsSet', offset: 0, bits: 0xe0 },
    })
    expect(decodePlxContinuous(hex('00 6200 4800 aa'), { strict: true })).toMatchObject({ left: { _tag: 'Overlong' } })
  })

  it('normalises NaN to null and emits Normal/Fast samples with their averaging mode', () => {
    const r = right(decodePlxContinuous(hex('01 ff07 4800 5f00 ff07')))
    const samples = plxContinuousToSamples(r, ctx)
    expect(samples.map((s) => [s.provenance.averaging?.mode, s.spo2, s.pulseRate])).toEqual([
      ['normal', null, 72],
      ['fast', 95, null],
    ])
    expect(samples[0]).toMatchObject({ timeMs: ctx.timeMs, clock: 'host', provenance: { protocol: 'plx-continuous' } })
  })

  it('Measurement Status 13 (unavailable) nulls the values even when numbers are present', () => {
    const s = plxContinuousToSamples(right(decodePlxContinuous(hex('04 6200 4800 0020'))), ctx)[0]!
    expect([s.spo2, s.pulseRate, s.flags.searching]).toEqual([null, null, true])
  })

  it('Device & Sensor Status 11 → fingerOut, 15 → sensorDisconnected, 5 → lowPerfusion', () => {
    const s = plxContinuousToSamples(right(decodePlxContinuous(hex('08 6200 4800 208800'))), ctx)[0]!
    expect(s.flags).toMatchObject({ fingerOut: true, sensorDisconnected: true, lowPerfusion: true })
    expect(s.spo2).toBe(98)
  })

  it('±INFINITY is null and questionable, not a number', () => {
    const s = plxContinuousToSamples(right(decodePlxContinuous(hex('00 fe07 4800'))), ctx)[0]!
    expect(s.spo2).toBeNull()
    expect(s.flags.questionable).toBe(true)
  })
})

describe('PLX Spot-check Measurement 0x2A5E (PLXS v1.0.1 §3.1; spec note §2.3)', () => {
  it('decodes timestamp, status and PAI; flag 4 marks the clock untrusted', () => {
    const value = hex('1f e8f3 4800 ea07 0b 16 0e 15 1e 0002 000000 7ae3')
    expect(value).toHaveLength(19)
    const r = right(decodePlxSpotCheck(value))
    expect(medicalFloatValue(r.spo2)).toBe(100)
    expect(r.timestamp).toEqual({ year: 2026, month: 11, day: 22, hours: 14, minutes: 21, seconds: 30 })
    expect(r.deviceClockNotSet).toBe(true)
    expect(r.measurementStatus?.dataFromMeasurementStorage).toBe(true)
    expect(encodePlxSpotCheck(r)).toEqual(value)
    expect(plxSpotCheckToSamples(r, ctx)[0]).toMatchObject({ spo2: 100, pulseRate: 72, perfusionIndex: 8.9 })
  })

  it('rejects a truncated timestamp and an out-of-range hour', () => {
    expect(decodePlxSpotCheck(hex('01 6200 4800 ea07 0b'))).toMatchObject({ left: { _tag: 'Truncated', expected: 12 } })
    expect(decodePlxSpotCheck(hex('01 6200 4800 ea07 0b 16 18 00 00'))).toMatchObject({
      left: { _tag: 'InvalidField', field: 'timestamp.hours', offset: 9 },
    })
  })

  it('demonstration data (Measurement Status bit 10) never yields a value', () => {
    const s = plxSpotCheckToSamples(right(decodePlxSpotCheck(hex('02 6200 4800 0004'))), ctx)[0]!
    expect(s.spo2).toBeNull()
    expect(s.flags.questionable).toBe(true)
  })
})

describe('PLX Features 0x2A60 (spec note §2.7)', () => {
  it('reads the 24-bit Device and Sensor Status support field (7-byte form)', () => {
    const value = hex('7f00 e001 ffff00')
    const r = right(decodePlxFeatures(value))
    expect(r).toMatchObject({ measurementStorage: true, spo2prFast: true, spo2prSlow: true, pulseAmplitudeIndex: true })
    expect(r.measurementStatusSupport?.raw).toBe(0x01e0)
    expect(r.deviceAndSensorStatusSupport?.raw).toBe(0xffff)
    expect(encodePlxFeatures(r)).toEqual(value)
    expect(decodePlxFeatures(hex('0300 e001 ffff'))).toMatchObject({
      left: { _tag: 'Truncated', expected: 7, actual: 6 },
    })
  })
})

describe('Record Access Control Point 0x2A52 (spec note §2.9)', () => {
  it.each([
    ['0101', { _tag: 'RacpRequest', opCode: 'report-stored-records', operator: 'all-records', operand: [] }],
    ['0300', { _tag: 'RacpRequest', opCode: 'abort-operation', operator: 'null', operand: [] }],
    ['0401', { _tag: 'RacpRequest', opCode: 'report-number-of-stored-records', operator: 'all-records', operand: [] }],
    ['05001200', { _tag: 'RacpNumberOfRecords', count: 18 }],
    ['06000101', { _tag: 'RacpResponse', requestOpCode: 'report-stored-records', responseCode: 'success' }],
    ['06000106', { _tag: 'RacpResponse', requestOpCode: 'report-stored-records', responseCode: 'no-records-found' }],
  ])('%s round-trips', (wire, message) => {
    expect(right(decodeRacp(hex(wire)))).toEqual(message)
    expect(Buffer.from(encodeRacp(right(decodeRacp(hex(wire))))).toString('hex')).toBe(wire)
  })

  it('treats 1- and 4-byte counts as malformed for PLXS, and unknown codes as invalid fields', () => {
    expect(decodeRacp(hex('050012'))).toMatchObject({ left: { _tag: 'Truncated' } })
    expect(decodeRacp(hex('0500120000'))).toMatchObject({ left: { _tag: 'Overlong' } })
    expect(decodeRacp(hex('0900'))).toMatchObject({ left: { _tag: 'InvalidField', field: 'opCode', offset: 0 } })
    expect(decodeRacp(hex('0107'))).toMatchObject({ left: { _tag: 'InvalidField', field: 'operator' } })
    expect(decodeRacp(hex('060001ff'))).toMatchObject({ left: { _tag: 'InvalidField', field: 'responseCode' } })
    expect(decodeRacp(hex('0301'))).toMatchObject({ left: { _tag: 'InvalidField', field: 'operator' } })
  })
})

describe('PLX through the registry framer', () => {
  it('decodes one value per push and reports stream offsets for rejected values', () => {
    const framer = DEVICE_REGISTRY['plx-continuous'].createFramer()
    expect(framer.push(hex('00 6200 4800')).records).toHaveLength(1)
    const bad = framer.push(hex('1f 6200'))
    expect(bad.records).toHaveLength(0)
    expect(bad.bytesDiscarded).toBe(3)
    expect(bad.errors[0]).toMatchObject({ _tag: 'Truncated', offset: 5 })
  })
})
