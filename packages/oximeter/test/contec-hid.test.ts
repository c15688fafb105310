import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { type ContecHidCommand, contecHidToSamples, decodeContecHidReport } from '../src/index.js'
import { hasCaptures, hexBytes, readCapture, readCaptureText } from './shared-captures.js'

describe('Contec CMS50E/F USB-HID reports (icefest/pulseoxdl; spec note §3.1(c))', () => {
  it('decodes wave and measurement commands and checks the 7-bit checksum', () => {
    const report = new Uint8Array(64)
    report.set(hexBytes('eb00062704 1c eb01 04515f7f00 1f'))
    const r = decodeContecHidReport(report)
    expect(E.isRight(r) && r.right.map((c) => c._tag)).toEqual(['ContecHidWave', 'ContecHidMeasurement'])
    expect(E.isRight(r) && r.right[1]).toMatchObject({ spo2: 95, pulseRate: 81 })
    report[5] = 0x1d
    expect(decodeContecHidReport(report)).toMatchObject({ left: { _tag: 'ChecksumMismatch', offset: 5 } })
  })

  it('PR ≥ 128: byte 2 changes from 0x04 to 0x06', () => {
    const r = decodeContecHidReport(hexBytes('eb01 06035f7f00 53'))
    expect(E.isRight(r) && r.right[0]).toMatchObject({ pulseRate: 131 })
  })

  it.runIf(hasCaptures)('live transmission equals the vendor CSV row for row (212 rows)', () => {
    const bin = readCapture('contec-hid/cms50e_hid_icefest_transmission_live.bin')
    const commands: ContecHidCommand[] = []
    for (let at = 0; at < bin.length; at += 64) {
      const r = decodeContecHidReport(bin.subarray(at, at + 64))
      if (E.isLeft(r)) throw new Error(r.left.message)
      commands.push(...r.right)
    }
    expect(commands.filter((c) => c._tag === 'ContecHidWave')).toHaveLength(12534)
    const samples = commands.flatMap((c) => contecHidToSamples(c, { timeMs: 0 }))
    const rows = readCaptureText('contec-hid/cms50e_hid_icefest_expected_live.csv')
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l.trim() !== '')
      .map((l) => l.split(',').map((f) => f.trim()))
    expect(rows).toHaveLength(212)
    expect(samples.map((s) => [s.spo2, s.pulseRate])).toEqual(rows.map((r) => [Number(r[2]), Number(r[3])]))
  })
})
