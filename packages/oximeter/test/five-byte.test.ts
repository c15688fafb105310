import { describe, expect, it } from 'vitest'

import {
  berrymedToSamples,
  contecLegacyToSamples,
  createBerrymedFramer,
  createContecLegacyFramer,
  encodeBerrymed,
  encodeContecLegacy,
} from '../src/index.js'
import { hexBytes } from './shared-captures.js'

const ctx = { timeMs: 0 }

describe('Contec CMS50 legacy 5-byte frames (spec note §3.1(a): atbrask/CMS50Dplus, OSCAR cms50_loader)', () => {
  it('decodes a frame with PR ≥ 128 (PR bit 7 in byte 3 bit 6)', () => {
    // byte1: sync | beep | strength 5; pleth 0x33; byte3: PR bit7 | bar 6; PR low 0x02 → 130; SpO2 96
    const [r] = createContecLegacyFramer().push(hexBytes('c5 33 46 02 60')).records
    expect(r).toEqual({
      _tag: 'ContecLegacyFrame',
      signalStrength: 5,
      searchingTooLong: false,
      spo2Dropping: false,
      pulseBeep: true,
      pleth: 0x33,
      barGraph: 6,
      probeError: false,
      searchingPulse: false,
      pulseRate: 130,
      spo2: 96,
    })
    expect(contecLegacyToSamples(r!, ctx)[0]).toMatchObject({ spo2: 96, pulseRate: 130, pleth: [0x33] })
  })

  it('maps the invalid values PR 255 (byte 3 bit 6 + byte 4 0x7F) and SpO2 127 to null; byte 3 bit 4 is finger out', () => {
    const [r] = createContecLegacyFramer().push(hexBytes('90 00 50 7f 7f')).records
    expect(r).toMatchObject({ pulseRate: 255, spo2: 127, probeError: true, searchingTooLong: true })
    expect(contecLegacyToSamples(r!, ctx)[0]).toMatchObject({
      spo2: null,
      pulseRate: null,
      flags: { fingerOut: true, searching: true },
    })
  })

  it('resyncs on bit 7: garbage and a frame cut short lose only themselves', () => {
    const framer = createContecLegacyFramer()
    const good = hexBytes('c5 33 46 02 60')
    const out = framer.push(Uint8Array.from([0x01, 0x02, ...good, 0xc5, 0x33, ...good]))
    expect(out.records).toHaveLength(2)
    expect(out.bytesDiscarded).toBe(4)
    expect(out.errors.map((e) => [e._tag, (e as { offset: number }).offset])).toEqual([
      ['InvalidSync', 0],
      ['Truncated', 7],
    ])
  })

  it('holds a partial frame across pushes (a serial read ends mid-frame)', () => {
    const framer = createContecLegacyFramer()
    expect(framer.push(hexBytes('c5 33')).records).toHaveLength(0)
    expect(framer.pendingBytes).toBe(2)
    expect(framer.push(hexBytes('46 02 60')).records).toHaveLength(1)
  })

  it('encode(decode(bytes)) gives the same bytes', () => {
    const wire = hexBytes('c5 33 46 02 60 90 00 50 7f 7f a8 7f 2f 45 63')
    const { records } = createContecLegacyFramer().push(wire)
    expect(Buffer.concat(records.map(encodeContecLegacy))).toEqual(Buffer.from(wire))
  })
})

describe('BerryMed BCI v1.2 (zh2x/BCI_Protocol PDF; spec note §3.2)', () => {
  it('decodes several frames from one notification, with named status bits', () => {
    const out = createBerrymedFramer().push(hexBytes('c4 32 05 48 61  a0 00 70 7f 7f'))
    expect(out.records).toHaveLength(2)
    expect(out.records[0]).toMatchObject({
      pulseBeep: true,
      signalStrength: 4,
      pleth: 0x32,
      barGraph: 5,
      pulseRate: 72,
      spo2: 97,
    })
    expect(out.records[1]).toMatchObject({
      probeUnplugged: true,
      noFinger: true,
      pulseSearching: true,
      pulseRate: 255,
      spo2: 127,
    })
    const s = berrymedToSamples(out.records[1]!, ctx)[0]!
    expect(s).toMatchObject({ spo2: null, pulseRate: null })
    expect(s.flags).toMatchObject({ fingerOut: true, sensorDisconnected: true, searching: true })
    expect(s).not.toHaveProperty('pleth') // pleth 0 = invalid
    expect(berrymedToSamples(out.records[0]!, ctx)[0]).toMatchObject({ spo2: 97, pulseRate: 72, pleth: [0x32] })
  })

  it('round-trips', () => {
    const wire = hexBytes('c4 32 05 48 61 a0 00 30 7f 7f 9f 64 4f 00 00')
    const { records } = createBerrymedFramer().push(wire)
    expect(Buffer.concat(records.map(encodeBerrymed))).toEqual(Buffer.from(wire))
  })
})
