import { describe, expect, it } from 'vitest'

import {
  createViatomFs20fFramer,
  createViatomO2Framer,
  createViatomPc60fwFramer,
  encodeViatomFs20f,
  encodeViatomO2,
  encodeViatomO2Sensors,
  encodeViatomPc60fw,
  type FramerOutput,
  type ViatomFs20fRecord,
  viatomFs20fToSamples,
  viatomO2ToSamples,
  type ViatomPc60fwParams,
  type ViatomPc60fwRecord,
  viatomPc60fwToSamples,
} from '../src/index.js'
import { crc8Maxim, crc8Poly07 } from '../src/internal/crc8.js'
import { hasCaptures, hexBytes, readCaptureText } from './shared-captures.js'

const ctx = { timeMs: 0 }

function pushAll<R>(framer: { push(c: Uint8Array): FramerOutput<R> }, chunks: Uint8Array[]) {
  const records: R[] = []
  let discarded = 0
  let checksumFailures = 0
  for (const c of chunks) {
    const out = framer.push(c)
    records.push(...out.records)
    discarded += out.bytesDiscarded
    checksumFailures += out.checksumFailures
  }
  return { records, discarded, checksumFailures }
}

describe('CRC-8 check vectors (spec note §3.3, §3.5)', () => {
  it.each([
    ['00', 0x00],
    ['01', 0x07],
    ['ff', 0xf3],
    ['5517', 0x28],
    ['aa17e800000000', 0x1b],
  ])('CRC-8/0x07 of %s is %i', (hex, crc) => {
    const b = hexBytes(hex)
    expect(crc8Poly07(b, 0, b.length)).toBe(crc)
  })
  it('CRC-8/MAXIM of "123456789" is 0xA1 (the catalogue check value)', () => {
    const b = new TextEncoder().encode('123456789')
    expect(crc8Maxim(b, 0, b.length)).toBe(0xa1)
  })
})

describe('Viatom O2 (o2r, Lepu; spec note §3.3)', () => {
  const sensors = {
    spo2: 96,
    pulseRate: 61,
    batteryPercent: 80,
    chargingState: 0,
    motion: 3,
    pulseStrengthRaw: 25,
    fingerPresent: true,
  }
  const frame = encodeViatomO2({
    _tag: 'ViatomO2Response',
    status: 0,
    block: 0,
    payload: encodeViatomO2Sensors(sensors),
  })

  it('reassembles a 21-byte READ_SENSORS reply sent as 20 + 1 bytes and decodes the live values', () => {
    expect(frame).toHaveLength(21)
    const { records } = pushAll(createViatomO2Framer(), [frame.subarray(0, 20), frame.subarray(20)])
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ _tag: 'ViatomO2Response', status: 0, sensors })
    expect(viatomO2ToSamples(records[0]!, ctx)[0]).toMatchObject({ spo2: 96, pulseRate: 61 })
  })

  it('no finger: SpO2 0xFF / PR 0xFFFF → null + fingerOut; start-up 0/0 → null + searching', () => {
    const noFinger = encodeViatomO2Sensors({ ...sensors, spo2: 0xff, pulseRate: 0xffff, fingerPresent: false })
    const startUp = encodeViatomO2Sensors({ ...sensors, spo2: 0, pulseRate: 0 })
    const framer = createViatomO2Framer()
    const rs = [noFinger, startUp].flatMap(
      (p) => framer.push(encodeViatomO2({ _tag: 'ViatomO2Response', status: 0, block: 0, payload: p })).records,
    )
    const [a, b] = rs.flatMap((r) => viatomO2ToSamples(r, ctx))
    expect(a).toMatchObject({ spo2: null, pulseRate: null, flags: { fingerOut: true } })
    expect(b).toMatchObject({ spo2: null, pulseRate: null, flags: { searching: true } })
  })

  it('a wrong CRC is a ChecksumMismatch at the CRC byte; the next frame still decodes', () => {
    const bad = frame.slice()
    bad[20] = bad[20]! ^ 0xff
    const out = createViatomO2Framer().push(Uint8Array.from([...bad, ...frame]))
    expect(out.records).toHaveLength(1)
    expect(out.checksumFailures).toBe(1)
    expect(out.errors[0]).toMatchObject({ _tag: 'ChecksumMismatch', offset: 20 })
  })

  it('decodes our poll request too (both directions in one capture)', () => {
    expect(createViatomO2Framer().push(hexBytes('aa17e8000000001b')).records[0]).toEqual({
      _tag: 'ViatomO2Request',
      command: 0x17,
      block: 0,
      payload: [],
    })
  })
})

describe('FS20F (roger-/FS20F; spec note §3.4)', () => {
  it('decodes params with big-endian PR and PI/1000; 511/127/0 are no value', () => {
    const p = encodeViatomFs20f({
      _tag: 'ViatomFs20fParams',
      pulseRate: 511,
      spo2: 127,
      perfusionIndexRaw: 0,
      counter: 4,
    })
    expect(p[3]).toBe(0x01) // the PR high byte, which one web app misreads as "status"
    const [r] = createViatomFs20fFramer().push(p).records
    expect(viatomFs20fToSamples(r!, ctx)[0]).toMatchObject({ spo2: null, pulseRate: null, perfusionIndex: null })
  })

  it.runIf(hasCaptures)('decodes the whole public capture: 2,148 frames, all checksums valid', () => {
    const lines = readCaptureText('fs20f/fs20f_roger_sample_raw_data.hex')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
    const framer = createViatomFs20fFramer()
    const { records, discarded, checksumFailures } = pushAll<ViatomFs20fRecord>(framer, lines.map(hexBytes))
    expect(records).toHaveLength(2148)
    expect(records.filter((r) => r._tag === 'ViatomFs20fWave')).toHaveLength(2106)
    const params = records.filter((r) => r._tag === 'ViatomFs20fParams')
    expect(params).toHaveLength(42)
    expect([discarded, checksumFailures, framer.pendingBytes]).toEqual([0, 0, 0])
    const samples = params.flatMap((r) => viatomFs20fToSamples(r, ctx))
    expect(Math.min(...samples.map((s) => s.spo2!))).toBe(97)
    expect(Math.max(...samples.map((s) => s.spo2!))).toBe(99)
    expect(Math.min(...samples.map((s) => s.pulseRate!))).toBe(77)
    expect(Math.max(...samples.map((s) => s.pulseRate!))).toBe(81)
    const wire = Buffer.concat(lines.map(hexBytes))
    expect(Buffer.concat(records.map(encodeViatomFs20f))).toEqual(wire)
  })
})

describe('PC-60FW (sza2/viatom_pc60fw; spec note §3.5)', () => {
  it.runIf(hasCaptures)('decodes raw_data.txt: 139 frames, all CRC-8/MAXIM valid (PROVENANCE.md counts)', () => {
    const lines = readCaptureText('pc60fw/pc60fw_sycophantic_raw_data.txt')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
    expect(lines).toHaveLength(105)
    const framer = createViatomPc60fwFramer()
    const { records, discarded, checksumFailures } = pushAll<ViatomPc60fwRecord>(framer, lines.map(hexBytes))
    expect(records).toHaveLength(139)
    expect([discarded, checksumFailures]).toEqual([0, 0])
    expect(records.filter((r) => r._tag === 'ViatomPc60fwWave')).toHaveLength(106)
    const params = records.filter((r): r is ViatomPc60fwParams => r._tag === 'ViatomPc60fwParams')
    expect(params).toHaveLength(11)
    expect(records.filter((r) => r._tag === 'ViatomPc60fwOther' && r.direction === 0xf0 && r.func === 3)).toHaveLength(
      11,
    )
    expect(
      records.filter((r) => r._tag === 'ViatomPc60fwOther' && r.direction === 0x0f && r.func === 0x21),
    ).toHaveLength(11)
    for (const p of params) {
      expect(p.spo2).toBeGreaterThanOrEqual(97)
      expect(p.spo2).toBeLessThanOrEqual(99)
      expect(p.pulseRate).toBeGreaterThanOrEqual(57)
      expect(p.pulseRate).toBeLessThanOrEqual(68)
      expect([p.unknown, p.status]).toEqual([0, 0xc0])
    }
    // Payload byte 3 (PI × 10 in the spec note's field order) reads 0, then 7.5 → 6.7 %. PROVENANCE.md
    // says "PI 0", which matches byte 4 instead: the PI position stays "to confirm".
    expect(params.map((p) => p.perfusionIndexRaw)).toEqual([0, 0, 75, 75, 75, 72, 72, 68, 68, 68, 67])
    // The capture ends inside a frame: those bytes are held back, not lost or half-decoded.
    const wire = Buffer.concat(lines.map(hexBytes))
    expect(framer.pendingBytes).toBe(9)
    expect(Buffer.concat(records.map(encodeViatomPc60fw))).toEqual(wire.subarray(0, wire.length - 9))
  })

  it.runIf(hasCaptures)('survives spo2_combined.csv (one 20-byte notification per row, most frames cut short)', () => {
    const rows = readCaptureText('pc60fw/pc60fw_sycophantic_spo2_combined.csv')
      .split(/\r?\n/)
      .filter((l) => l !== '')
    expect(rows).toHaveLength(23944)
    const framer = createViatomPc60fwFramer()
    let inBytes = 0
    let recordBytes = 0
    let discarded = 0
    const params: ViatomPc60fwParams[] = []
    for (const row of rows) {
      const chunk = hexBytes(row.split(',')[4] ?? '')
      inBytes += chunk.length
      const out = framer.push(chunk)
      discarded += out.bytesDiscarded
      for (const r of out.records) {
        recordBytes += encodeViatomPc60fw(r).length
        if (r._tag === 'ViatomPc60fwParams') params.push(r)
      }
    }
    // Every byte is accounted for: in a record, discarded, or held back.
    expect(recordBytes + discarded + framer.pendingBytes).toBe(inBytes)
    expect(params.length).toBeGreaterThan(1000)
    // The author's decoder produced PR up to 57,929 from misaligned frames; CRC-checked frames never do.
    const samples = params.flatMap((p) => viatomPc60fwToSamples(p, ctx))
    expect(samples.every((s) => s.pulseRate === null || (s.pulseRate >= 30 && s.pulseRate <= 250))).toBe(true)
    expect(samples.every((s) => s.spo2 === null || (s.spo2 >= 50 && s.spo2 <= 100))).toBe(true)
  })
})
