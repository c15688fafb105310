import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { importContecCsv } from '../../src/import/contec-csv.js'

const dir = fileURLToPath(new URL('../../../../../shared/data/captures/contec-hid/', import.meta.url))
const text = (name: string) => readFileSync(dir + name, 'utf8')
const right = <A>(r: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

describe('importContecCsv (Contec "SpO2" software export)', () => {
  it('the CMS50E Auto record: one row per second from 2021-05-15 12:06:42, SpO2 90–98, PR 55–112', () => {
    const samples = right(importContecCsv(text('cms50e_hid_icefest_expected_auto.csv')))
    const rows = text('cms50e_hid_icefest_expected_auto.csv').trim().split(/\r?\n/).length - 1
    expect(samples).toHaveLength(rows)
    expect(samples[0]!.timeMs).toBe(Date.UTC(2021, 4, 15, 12, 6, 42))
    expect(samples.every((s, i) => i === 0 || s.timeMs - samples[i - 1]!.timeMs === 1000)).toBe(true)
    const spo2 = samples.map((s) => s.spo2).filter((v): v is number => v !== null)
    const pr = samples.map((s) => s.pulseRate).filter((v): v is number => v !== null)
    expect([Math.min(...spo2), Math.max(...spo2)]).toEqual([90, 98])
    expect([Math.min(...pr), Math.max(...pr)]).toEqual([55, 112])
  })

  it('the Manual record: the 77 finger-out rows (SpO2 127 / PR 255) become no value, never 127 %', () => {
    const samples = right(importContecCsv(text('cms50e_hid_icefest_expected_manual.csv'), { utcOffsetMinutes: 60 }))
    expect(samples.filter((s) => s.spo2 === null && s.pulseRate === null)).toHaveLength(77)
    expect(samples.every((s) => s.spo2 === null || s.spo2 <= 100)).toBe(true)
    expect(samples[0]!.timeMs).toBe(Date.UTC(2025, 6, 5, 15, 59, 23)) // 16:59:23 local at UTC+1
  })

  it.each([
    [
      'a repeated time',
      'DATE,TIME,SPO2,PULSE\n2021-05-15, 12:00:00, 95, 70\n2021-05-15, 12:00:00, 95, 70\n',
      3,
      /sampling interval is unknown/,
    ],
    [
      'time going backwards',
      'DATE,TIME,SPO2,PULSE\n2021-05-15, 12:00:01, 95, 70\n2021-05-15, 12:00:00, 95, 70\n',
      3,
      /time goes backwards/,
    ],
    ['an SpO2 of 118', 'DATE,TIME,SPO2,PULSE\n2021-05-15, 12:00:00, 118, 70\n', 2, /SPO2 118 is above 100/],
    ['another header', 'Time,SpO2\n12:00, 95\n', 1, /expected the Contec header/],
  ])('refuses %s naming line %i', (_, csv, line, why) => {
    const r = importContecCsv(csv)
    expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'ParseFailure', line })
    expect(E.isLeft(r) && r.left.message).toMatch(why)
  })
})
