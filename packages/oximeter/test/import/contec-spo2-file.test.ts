import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { importContecCsv } from '../../src/import/contec-csv.js'
import { importContecSpo2File } from '../../src/import/contec-spo2-file.js'

const captures = fileURLToPath(new URL('../../../../../shared/data/captures/', import.meta.url))
const bytes = (p: string) => new Uint8Array(readFileSync(captures + p))
const right = <A>(r: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}
const rows = (s: readonly { timeMs: number; spo2: number | null; pulseRate: number | null }[]) =>
  s.map((x) => [x.timeMs, x.spo2, x.pulseRate])

describe('importContecSpo2File (Contec "SpO2" software session files)', () => {
  it.each(['auto', 'manual'])(
    'the CMS50E %s record equals the manufacturer software’s own CSV export of it, row for row',
    (mode) => {
      const file = right(importContecSpo2File(bytes(`contec-hid/cms50e_hid_icefest_expected_${mode}.SpO2`)))
      const csv = right(
        importContecCsv(readFileSync(`${captures}contec-hid/cms50e_hid_icefest_expected_${mode}.csv`, 'utf8')),
      )
      expect(file.recordBytes).toBe(2)
      expect(file.samples.length).toBeGreaterThan(1000)
      expect(rows(file.samples)).toEqual(rows(csv))
    },
  )

  it('the OpenPSG session: 12,015 s from 2024-10-13 23:22:52, ending 02:43:07; the 54 finger-out records are no value', () => {
    const r = right(importContecSpo2File(bytes('contec-spo2-files/contec_openpsg_session.SpO2')))
    expect(r.recordCount).toBe(12_015)
    expect(r.samples[0]!.timeMs).toBe(Date.UTC(2024, 9, 13, 23, 22, 52))
    expect(r.samples.at(-1)!.timeMs + 1000).toBe(Date.UTC(2024, 9, 14, 2, 43, 7))
    expect(r.samples.filter((s) => s.spo2 === null && s.pulseRate === null)).toHaveLength(54)
  })

  it('the CMS50H 4-byte record variant: SpO2 and PR after a 16-bit field; PR 255 is no value', () => {
    const r = right(importContecSpo2File(bytes('contec-spo2-files/cms50h_infantlab_demo.SpO2')))
    expect(r.recordBytes).toBe(4)
    expect(r.recordCount).toBe(406)
    expect(r.samples[0]).toMatchObject({ spo2: 99, pulseRate: null })
    expect(r.samples.slice(1).every((s) => s.spo2 === 99 && s.pulseRate! >= 62 && s.pulseRate! <= 78)).toBe(true)
  })

  it.each([
    [
      'cut short by one byte',
      (b: Uint8Array) => b.subarray(0, b.length - 1),
      /not 42 records of 2 or 4 bytes: the file is cut short/,
    ],
    ['a header only', (b: Uint8Array) => b.subarray(0, 0x43c), /not 42 records/],
    [
      'a record with SpO2 118',
      (b: Uint8Array) => Uint8Array.from(b, (x, i) => (i === 0x43c + 10 ? 118 : x)),
      /record 6 \(byte 1094\): SpO2 118/,
    ],
    [
      'a count of 0',
      (b: Uint8Array) => Uint8Array.from(b, (x, i) => (i >= 0x438 && i < 0x43c ? 0 : x)),
      /counts 0 records: the sampling interval is unknown/,
    ],
  ])('refuses a file %s with a typed reason', (_, edit, why) => {
    const r = importContecSpo2File(edit(bytes('contec-spo2-files/cms60cw_infantlab_20111017200058.SpO2')))
    expect(E.isLeft(r) && r.left._tag).toBe('ParseFailure')
    expect(E.isLeft(r) && r.left.message).toMatch(why)
  })
})
