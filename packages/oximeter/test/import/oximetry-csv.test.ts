import * as E from 'fp-ts/lib/Either.js'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

import { importOximetryCsv } from '../../src/import/oximetry-csv.js'

const spo2Dir = fileURLToPath(new URL('../../../../../shared/data/spo2/', import.meta.url))
const start = Date.UTC(2024, 0, 1, 22, 0, 0)

const right = <A>(r: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

describe('importOximetryCsv', () => {
  it('reads t_seconds,spo2,pr,pi onto the recording clock', () => {
    const samples = right(importOximetryCsv('t_seconds,spo2,pr,pi\n0,98,57,2.1\n1,97.5,58,2\n', { startTimeMs: start }))
    expect(samples).toHaveLength(2)
    expect(samples[1]).toMatchObject({
      timeMs: start + 1000,
      clock: 'recording',
      spo2: 97.5,
      pulseRate: 58,
      perfusionIndex: 2,
      provenance: { protocol: 'import:csv' },
    })
  })

  it('turns 0 and empty fields into null ("no reading"), never a value', () => {
    const samples = right(importOximetryCsv('t_seconds,spo2,pr,pi\n0,0,0,0\n1,,64,\n', { startTimeMs: 0 }))
    expect(samples.map((s) => [s.spo2, s.pulseRate, s.perfusionIndex])).toEqual([
      [null, null, null],
      [null, 64, null],
    ])
  })

  it('accepts a file without header, CRLF line ends and records protocol and device', () => {
    const samples = right(
      importOximetryCsv('0,95\r\n60,96\r\n', { startTimeMs: 0, protocol: 'import:mimic', device: { name: 'X' } }),
    )
    expect(samples.map((s) => [s.timeMs, s.spo2, s.pulseRate, 'perfusionIndex' in s])).toEqual([
      [0, 95, null, false],
      [60_000, 96, null, false],
    ])
    expect(samples[0]!.provenance).toEqual({ protocol: 'import:mimic', device: { name: 'X' } })
  })

  it.each([
    ['t,spo2\n0,97\n', 1, 'header'],
    ['t_seconds,spo2\n0,abc\n', 2, 'spo2'],
    ['t_seconds,spo2\n0,101\n', 2, 'spo2'],
    ['t_seconds,spo2,pr\n0,97,-3\n', 2, 'pr'],
    ['t_seconds,spo2\n0,97,1\n', 2, undefined],
    ['t_seconds,spo2\n5,97\n4,97\n', 3, undefined],
    ['t_seconds,spo2\n5,97\n5,96\n', 3, undefined],
    ['t_seconds,spo2\n-1,97\n', 2, 't_seconds'],
  ])('rejects %j with a ParseFailure naming line %i', (text, line, column) => {
    const result = importOximetryCsv(text, { startTimeMs: 0 })
    expect(E.isLeft(result)).toBe(true)
    if (E.isLeft(result)) {
      expect(result.left).toMatchObject({ _tag: 'ParseFailure', line })
      if (column !== undefined) expect(result.left.column).toBe(column)
      expect(result.left.message).toMatch(new RegExp(`^line ${line}: `))
    }
  })

  describe('every real recording in shared/data/spo2', () => {
    const files = readdirSync(spo2Dir).filter((f) => f.endsWith('.csv'))
    it('finds the ten files', () => expect(files).toHaveLength(10))

    it.each(files)('%s imports whole, zeros as null', (file) => {
      const text = readFileSync(spo2Dir + file, 'utf8')
      const rows = text.trim().split('\n').slice(1)
      const samples = right(importOximetryCsv(text, { startTimeMs: start }))
      expect(samples).toHaveLength(rows.length)
      const zeroSpo2 = rows.filter((r) => Number(r.split(',')[1]) === 0).length
      expect(samples.filter((s) => s.spo2 === null)).toHaveLength(zeroSpo2)
      for (const s of samples) if (s.spo2 !== null) expect(s.spo2).toBeGreaterThan(0)
      const lastT = Number(rows.at(-1)!.split(',')[0])
      expect(samples.at(-1)!.timeMs).toBe(start + lastT * 1000)
    })

    // PROVENANCE says 363 minutes are 0 in both columns; the file has 363 SpO2 zeros, one of them (t=116040 s)
    // with a pulse of 55, so 362 rows are 0/0.
    it('MIMIC s00001: the 363 zero-SpO2 minutes become null SpO2, the 362 0/0 rows null pulse too', () => {
      const samples = right(
        importOximetryCsv(readFileSync(spo2Dir + 'mimic2_s00001_numerics_1permin.csv', 'utf8'), { startTimeMs: 0 }),
      )
      expect(samples).toHaveLength(1936)
      expect(samples.filter((s) => s.spo2 === null)).toHaveLength(363)
      expect(samples.filter((s) => s.spo2 === null && s.pulseRate === null)).toHaveLength(362)
      expect(samples.find((s) => s.timeMs === 116_040_000)).toMatchObject({ spo2: null, pulseRate: 55 })
    })
  })
})
