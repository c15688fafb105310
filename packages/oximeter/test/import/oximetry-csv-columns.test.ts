import { SAMPLE_FLAG_BIT, toSampleColumns } from '@openward/core'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

import { importOximetryCsv } from '../../src/import/oximetry-csv.js'
import { importOximetryCsvColumns } from '../../src/import/oximetry-csv-columns.js'

const spo2Dir = fileURLToPath(new URL('../../../../../shared/data/spo2/', import.meta.url))
const start = Date.UTC(2024, 0, 1, 22, 0, 0)

/** The columns the object importer's samples make, or its failure: what the columnar importer must give. */
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)
const viaObjects = (text: string, startTimeMs = start) =>
  E.map(toSampleColumns)(importOximetryCsv(text, { startTimeMs }))

describe('importOximetryCsvColumns: the CSV straight into typed columns', () => {
  const files = readdirSync(spo2Dir).filter((f) => f.endsWith('.csv'))

  it('gives the columns of importOximetryCsv + toSampleColumns on every shared recording', () => {
    expect(files.length).toBeGreaterThanOrEqual(10)
    for (const name of files) {
      const text = readFileSync(`${spo2Dir}${name}`, 'utf8')
      const columns = importOximetryCsvColumns(text, { startTimeMs: start })
      expect(E.isRight(columns), name).toBe(true)
      expect(columns, name).toEqual(viaObjects(text))
      expect(importOximetryCsvColumns(readFileSync(`${spo2Dir}${name}`), { startTimeMs: start }), name).toEqual(columns)
      if (E.isRight(columns)) expect(columns.right.timeMs.length, name).toBe(columns.right.length)
      // Whole-number files keep 32-bit SpO2; the 1 h example's decimals are kept exactly, as 64-bit.
      if (E.isRight(columns) && name.includes('overnight')) expect(columns.right.spo2).toBeInstanceOf(Float32Array)
      if (E.isRight(columns) && name.includes('example_spo2_1h')) {
        expect(columns.right.spo2).toBeInstanceOf(Float64Array)
        const first = text.split('\n')[1]!.split(',')[1]!
        expect(columns.right.spo2[0]).toBe(Number(first))
      }
    }
  })

  it('keeps no reading as NaN and 17 bytes per row', () => {
    const c = importOximetryCsvColumns('t_seconds,spo2,pr\r\n0,97,64\r\n\r\n1,0,\r\n2.5,96.5,70\r\n', {
      startTimeMs: 1000,
    })
    if (E.isLeft(c)) throw new Error(c.left.message)
    expect([...c.right.timeMs]).toEqual([1000, 2000, 3500])
    expect([...c.right.spo2]).toEqual([97, Number.NaN, 96.5])
    expect([...c.right.pulseRate]).toEqual([64, Number.NaN, 70])
    const bytes = c.right.timeMs.BYTES_PER_ELEMENT + 2 * c.right.spo2.BYTES_PER_ELEMENT + 1
    expect(bytes).toBe(17)
  })

  it('makes the pulse column of a file without pulse readings only when it is read: NaN, kept once made', () => {
    for (const input of ['t_seconds,spo2\n0,97\n1,96\n2,0\n', utf8('t_seconds,spo2,pr\n0,97,0\n1,96,\n2,0,0\n')]) {
      const c = importOximetryCsvColumns(input, { startTimeMs: 0 })
      if (E.isLeft(c)) throw new Error(c.left.message)
      // Not made yet: an SpO2 summary that never reads it never holds it.
      expect(typeof Object.getOwnPropertyDescriptor(c.right, 'pulseRate')?.get).toBe('function')
      const pulse = c.right.pulseRate
      expect(pulse).toBeInstanceOf(Float32Array)
      expect([...pulse]).toEqual([Number.NaN, Number.NaN, Number.NaN])
      expect(c.right.pulseRate).toBe(pulse)
      expect(Object.keys(c.right)).toEqual(['length', 'timeMs', 'spo2', 'pulseRate', 'flags'])
    }
  })

  it('gives the rows before the first pulse reading no reading, at 32 or 64 bits', () => {
    for (const [input, second, width] of [
      ['t_seconds,spo2,pr\n0,97,0\n1,96,\n2,95,61\n3,94,0\n', 61, Float32Array],
      ['t_seconds,spo2,pr\n0,97,0\n1,96,\n2,95,61.1\n3,94,0\n', 61.1, Float64Array],
    ] as const) {
      for (const source of [input, utf8(input)]) {
        const c = importOximetryCsvColumns(source, { startTimeMs: 0 })
        if (E.isLeft(c)) throw new Error(c.left.message)
        expect(c.right.pulseRate).toBeInstanceOf(width)
        expect([...c.right.pulseRate]).toEqual([Number.NaN, Number.NaN, second, Number.NaN])
        expect(c).toEqual(viaObjects(input, 0))
      }
    }
  })

  const bad: [string, string][] = [
    ['a wrong header', 't,spo2\n0,97\n'],
    ['a non-number', 't_seconds,spo2\n0,97\n1,ninety\n'],
    ['SpO2 above 100', 't_seconds,spo2\n0,97\n1,101\n'],
    ['a negative pulse', 't_seconds,spo2,pr\n0,97,60\n1,97,-3\n'],
    ['a perfusion index above 100', 't_seconds,spo2,pr,pi\n0,97,60,2\n1,97,60,120\n'],
    ['time going backwards', 't_seconds,spo2\n0,97\n5,97\n\n3,96\n'],
    ['a repeated time', 't_seconds,spo2\n0,97\n0,97\n'],
    ['a wrong column count', 't_seconds,spo2,pr\n0,97,60\n1,97\n'],
    ['a negative time', '0,97\n-1,97\n'],
    ['five columns without a header', '0,97,60,2,1\n'],
    ['a huge field', `t_seconds,spo2\n0,${'9'.repeat(500)}x\n`],
  ]
  for (const [label, text] of bad) {
    it(`refuses ${label} with the object importer's failure (same line)`, () => {
      const got = importOximetryCsvColumns(text, { startTimeMs: start })
      expect(E.isLeft(got)).toBe(true)
      expect(got).toEqual(viaObjects(text))
      expect(importOximetryCsvColumns(utf8(text), { startTimeMs: start })).toEqual(got)
    })
  }

  it('reads any bytes as the object importer reads their UTF-8 text (fast-check, invalid sequences and BOM included)', () => {
    const byte = fc.oneof(
      fc.constantFrom(...[...'0123456789,,\n\n\r .-e'].map((c) => c.charCodeAt(0))),
      fc.integer({ min: 0, max: 255 }),
    )
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 120 }), fc.boolean(), (xs, bom) => {
        const bytes = Uint8Array.from(bom ? [0xef, 0xbb, 0xbf, ...xs] : xs)
        const text = Buffer.from(bytes).toString('utf8')
        expect(importOximetryCsvColumns(bytes, { startTimeMs: start })).toEqual(viaObjects(text))
      }),
      { numRuns: 1000 },
    )
  })

  it('stores impossible values as no reading + questionable, as the object importer, and reports them once accepted', () => {
    const text = 't_seconds,spo2,pr,pi\n0,97,350,2\n1,97,60,25\n2,97,10,2\n3,97,60,2\n'
    for (const input of [text, utf8(text)]) {
      const seen: string[] = []
      const got = importOximetryCsvColumns(input, { startTimeMs: start, onImplausible: (r) => seen.push(r.quantity) })
      expect(got).toEqual(viaObjects(text))
      if (E.isLeft(got)) throw new Error(got.left.message)
      expect([...got.right.flags].map((b) => (b & SAMPLE_FLAG_BIT.questionable) !== 0)).toEqual([
        true,
        true,
        true,
        false,
      ])
      expect([...got.right.pulseRate]).toEqual([Number.NaN, 60, Number.NaN, 60])
      expect(seen).toEqual(['pulseRate', 'perfusionIndex', 'pulseRate'])
      const refused: string[] = []
      const bad = importOximetryCsvColumns(`${text}2,97\n`, {
        startTimeMs: start,
        onImplausible: (r) => refused.push(r.quantity),
      })
      expect(E.isLeft(bad) && refused).toEqual([])
    }
  })

  it('refuses a non-finite start time', () => {
    expect(importOximetryCsvColumns('0,97\n', { startTimeMs: Number.NaN })).toEqual(viaObjects('0,97\n', Number.NaN))
    expect(E.isLeft(importOximetryCsvColumns('0,97\n', { startTimeMs: Number.NaN }))).toBe(true)
  })

  it('gives the same Right or Left as the object importer on any mix of lines (fast-check)', () => {
    const field = fc.oneof(
      fc.integer({ min: -5, max: 450 }).map(String),
      fc.double({ min: 0, max: 120, noNaN: true }).map((v) => v.toFixed(2)),
      fc.constantFrom('', ' ', '0', 'x', '1e1', '.5', '+3', 'NaN'),
    )
    const line = fc.oneof(
      fc.array(field, { minLength: 1, maxLength: 5 }).map((fs) => fs.join(',')),
      fc.constantFrom('', 't_seconds,spo2', 't_seconds,spo2,pr,pi', '\r'),
    )
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), (lines, crlf) => {
        const text = lines.join(crlf ? '\r\n' : '\n')
        const expected = viaObjects(text)
        expect(importOximetryCsvColumns(text, { startTimeMs: start })).toEqual(expected)
        expect(importOximetryCsvColumns(utf8(text), { startTimeMs: start })).toEqual(expected)
      }),
      { numRuns: 500 },
    )
    // Rows with increasing times, so that most files are accepted and their values compared.
    const reading = fc.oneof(fc.integer({ min: 0, max: 100 }).map(String), fc.constantFrom('', '97.5', '0.0'))
    fc.assert(
      fc.property(fc.array(fc.tuple(reading, reading), { maxLength: 50 }), (rows) => {
        const text = `t_seconds,spo2,pr\n${rows.map(([a, b], i) => `${i * 1.5},${a},${b}`).join('\n')}`
        const got = importOximetryCsvColumns(text, { startTimeMs: start })
        expect(E.isRight(got)).toBe(true)
        expect(got).toEqual(viaObjects(text))
        expect(importOximetryCsvColumns(utf8(text), { startTimeMs: start })).toEqual(got)
      }),
      { numRuns: 300 },
    )
  })
})
