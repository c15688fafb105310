import { describe, expect, it } from 'vitest'

import {
  type ContecV7RealTime,
  type ContecV7Record,
  contecV7ToSamples,
  createContecV7Framer,
  encodeContecV7,
  encodeContecV7Command,
} from '../src/index.js'
import { chunked, hasCaptures, hexBytes, readCapture, readCaptureText } from './shared-captures.js'

const ctx = { timeMs: 0 }

function decodeAll(chunks: Uint8Array[]) {
  const framer = createContecV7Framer()
  const records: ContecV7Record[] = []
  let discarded = 0
  const errors: string[] = []
  for (const c of chunks) {
    const out = framer.push(c)
    records.push(...out.records)
    discarded += out.bytesDiscarded
    errors.push(...out.errors.map((e) => e._tag))
  }
  return { records, discarded, errors, pending: framer.pendingBytes }
}
const realTime = (rs: ContecV7Record[]) => rs.filter((r): r is ContecV7RealTime => r._tag === 'ContecV7RealTime')

describe('Contec V7.0 packets (Contec "Communication protocol of pulse oximeter V7.0", 2010-07-08)', () => {
  it('restores high bits: 01 E9 94 C0 95 FF FF FF FF is probe error, PR 255, SpO2 127, PI 0xFFFF', () => {
    const [r] = decodeAll([hexBytes('01e994c095ffffffff')]).records
    expect(r).toEqual({
      _tag: 'ContecV7RealTime',
      signalStrength: 4,
      searchingTooLong: true,
      lowSpo2: false,
      pulseBeep: false,
      probeError: true,
      pleth: 0x40,
      searchingPulse: false,
      barGraph: 5,
      piInvalid: true,
      reservedBits: 0,
      pulseRate: 255,
      spo2: 127,
      perfusionIndexRaw: 0xffff,
    })
    const [s] = contecV7ToSamples(r!, ctx)
    expect(s).toMatchObject({ spo2: null, pulseRate: null, flags: { fingerOut: true, searching: true } })
    expect(s).not.toHaveProperty('perfusionIndex')
  })

  it('decodes our own command packets and their device feedback (0x0B: command B3, reason 5)', () => {
    const { records } = decodeAll([encodeContecV7Command(0xaf), hexBytes('0b81b385')])
    expect(records).toEqual([
      { _tag: 'ContecV7Command', code: 0xaf, params: [0, 0, 0, 0, 0, 0] },
      { _tag: 'ContecV7Packet', type: 0x0b, name: 'command-feedback', data: [0xb3, 0x05] },
    ])
  })

  it('decodes storage data 0x0F (3 readings) and 0x09 (with PI) into 1 Hz samples', () => {
    const { records } = decodeAll([hexBytes('0f80e2c8e1c7e2c6'), hexBytes('0980e1c8dc80')])
    expect(records[0]).toEqual({
      _tag: 'ContecV7StorageData',
      type: 0x0f,
      readings: [
        { spo2: 98, pulseRate: 72 },
        { spo2: 97, pulseRate: 71 },
        { spo2: 98, pulseRate: 70 },
      ],
    })
    expect(contecV7ToSamples(records[0]!, { timeMs: 5000 }).map((s) => [s.timeMs, s.spo2])).toEqual([
      [5000, 98],
      [6000, 97],
      [7000, 98],
    ])
    expect(contecV7ToSamples(records[1]!, ctx)[0]).toMatchObject({ spo2: 97, pulseRate: 72, perfusionIndex: 0.92 })
  })

  it('rejects a packet cut short by a new type byte and decodes the next one', () => {
    const out = decodeAll([hexBytes('01e994c0' + '01e994c095ffffffff')])
    expect(out.records).toHaveLength(1)
    expect(out.errors).toEqual(['Truncated'])
    expect(out.discarded).toBe(4)
  })

  it('encodes every record back to the bytes it came from', () => {
    const wire = hexBytes('01e994c095ffffffff 0f80e2c8e1c7e2c6 0980e1c8dc80 0b81b385 0c80 0281ffd78080808080')
    const { records } = decodeAll([wire])
    expect(records).toHaveLength(6)
    expect(Buffer.concat(records.map((r) => encodeContecV7(r)))).toEqual(Buffer.from(wire))
  })
})

describe.runIf(hasCaptures)('Contec V7 real captures (../shared/data/captures/contec-v7-serial)', () => {
  it('InfantLab CMS60CW: commands, identifiers and 1,296 real-time frames (PROVENANCE.md)', () => {
    // The first 497 bytes are a hand-typed text preamble; the raw stream starts there.
    const raw = readCapture('contec-v7-serial/cms60cw_infantlab_caspar_reverse_engineer.txt').subarray(497)
    const { records, discarded } = decodeAll(chunked(raw, [1, 7, 64, 3, 200]))
    const rt = realTime(records)
    expect(rt).toHaveLength(1296)
    const sentinel = rt.filter((r) => r.spo2 === 127 && r.pulseRate === 255)
    expect(sentinel).toHaveLength(1229)
    const valid = rt.filter((r) => r.spo2 === 98)
    expect(valid).toHaveLength(67)
    const prs = new Set(valid.map((r) => r.pulseRate))
    expect([...prs].every((p) => p === 81 || p === 82 || p === 210)).toBe(true)
    const texts = records.flatMap((r) => (r._tag === 'ContecV7Packet' && r.text !== undefined ? [r.text] : []))
    expect(texts).toEqual(expect.arrayContaining(['CMS60C', 'W', 'Contec', '   user']))
    const commands = records.filter((r) => r._tag === 'ContecV7Command').map((r) => (r as { code: number }).code)
    expect(commands).toEqual(expect.arrayContaining([0xa2, 0xa7, 0xa8, 0xa9, 0xaa, 0xb0, 0xaf, 0xac, 0xb3, 0xa1]))
    expect(
      records.some((r) => r._tag === 'ContecV7Packet' && r.type === 0x0b && r.data[0] === 0xb3 && r.data[1] === 5),
    ).toBe(true)
    // The file ends with a text CR LF CR LF after the last packet: only those bytes are lost.
    expect(discarded).toBeLessThanOrEqual(4)
  })

  it('titinho11 CMS50E: ~102 frames of SpO2 99 / PR 60, trailing partial frame held back', () => {
    const raw = hexBytes(readCaptureText('contec-v7-serial/cms50e_titinho11_data.hextxt'))
    const { records, discarded, pending } = decodeAll(chunked(raw, [20]))
    const rt = realTime(records)
    expect(rt.length).toBe(102)
    expect(rt.every((r) => r.spo2 === 99 && r.pulseRate === 60 && r.perfusionIndexRaw === 0xffff)).toBe(true)
    expect(discarded).toBe(0)
    expect(pending).toBe(4)
  })

  it.each([
    ['cms50dplus_po250_zachariae_data_20240307.hextxt', 1617, 504],
    ['cms50dplus_po250_zachariae_data_20240306.hextxt', 132, 0],
  ])('Zachariae PO-250 %s: %i frames, %i finger-out frames at SpO2 0 / PR 0 → null', (file, frames, zeros) => {
    // ASCII Unix timestamps wrap the hex (PROVENANCE.md); strip them.
    const text = readCaptureText(`contec-v7-serial/${file}`)
      .trim()
      .replace(/^\d{10}/, '')
      .replace(/\d{10}$/, '')
    const { records, discarded } = decodeAll(chunked(hexBytes(text), [9, 4, 31]))
    const rt = realTime(records)
    expect(rt).toHaveLength(frames)
    expect(rt.filter((r) => r.spo2 === 0 && r.pulseRate === 0)).toHaveLength(zeros)
    expect(discarded).toBe(0)
    const samples = rt.flatMap((r) => contecV7ToSamples(r, ctx))
    expect(samples.filter((s) => s.spo2 === null)).toHaveLength(zeros)
    const values = samples.flatMap((s) => (s.spo2 === null ? [] : [s.spo2]))
    expect(Math.min(...values)).toBeGreaterThanOrEqual(97)
    expect(Math.max(...values)).toBeLessThanOrEqual(98)
  })
})
