import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

import { importViatomCsv } from '../../src/import/viatom-csv.js'
import { importViatomO2File } from '../../src/import/viatom-o2-file.js'

const captures = fileURLToPath(new URL('../../../../../shared/data/captures/', import.meta.url))
const text = (p: string) => readFileSync(captures + p, 'utf8')
const right = <A>(r: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

describe('importViatomCsv', () => {
  it('O2Ring export: 7818 rows at 4 s across midnight, the trailing -- rows null', () => {
    const samples = right(importViatomCsv(text('viatom-o2/o2ring_tolnaiz_20250306222056_export.csv')))
    expect(samples).toHaveLength(7818)
    expect(samples[0]).toMatchObject({ timeMs: Date.UTC(2025, 2, 6, 22, 20, 56), spo2: 92, pulseRate: 78 })
    expect(samples.at(-1)).toMatchObject({ timeMs: Date.UTC(2025, 2, 7, 7, 2, 4), spo2: null, pulseRate: null })
    expect(samples.filter((s) => s.spo2 === null)).toHaveLength(3)
    for (let i = 1; i < samples.length; i++) expect(samples[i]!.timeMs - samples[i - 1]!.timeMs).toBe(4000)
    const spo2 = samples.flatMap((s) => (s.spo2 === null ? [] : [s.spo2]))
    expect([Math.min(...spo2), Math.max(...spo2)]).toEqual([87, 99])
  })

  it.each([
    ['checkme-o2-max_airwaylab_20260220-short.csv', 2548, Date.UTC(2026, 1, 20, 6, 53, 12), [91, 97]],
    ['checkme-o2-max_airwaylab_20260309.csv', 11201, Date.UTC(2026, 2, 9, 0, 21, 19), [89, 98]],
  ])('Checkme O2 Max %s: %i rows at 2 s, 5 trailing -- rows null', (file, rows, first, range) => {
    const samples = right(importViatomCsv(text(`checkme-o2-max-csv/${file}`), { device: { model: 'Checkme O2 Max' } }))
    expect(samples).toHaveLength(rows)
    expect(samples[0]!.timeMs).toBe(first)
    expect(samples.slice(-5).every((s) => s.spo2 === null && s.pulseRate === null)).toBe(true)
    expect(samples.slice(0, -5).every((s) => s.spo2 !== null)).toBe(true)
    for (let i = 1; i < samples.length; i++) expect(samples[i]!.timeMs - samples[i - 1]!.timeMs).toBe(2000)
    const spo2 = samples.flatMap((s) => (s.spo2 === null ? [] : [s.spo2]))
    expect([Math.min(...spo2), Math.max(...spo2)]).toEqual(range)
    expect(samples[0]!.provenance).toEqual({ protocol: 'import:viatom-csv', device: { model: 'Checkme O2 Max' } })
  })

  it.each([
    ['t_seconds,spo2\n0,97\n', 1, /expected a Viatom\/Wellue export header/],
    ['Time,Oxygen Level,Pulse Rate,Motion\n22:20:56 Foo 06 2025,92,78,0\n', 2, /bad time/],
    ['Time,Oxygen Level,Pulse Rate,Motion\n22:20:56 Mar 06 2025,192,78,0\n', 2, /Oxygen Level 192 is above 100/],
    ['Time,Oxygen Level,Pulse Rate,Motion\n22:20:56 Mar 06 2025,92,78\n', 2, /expected 4 columns/],
  ])('rejects %j naming line %i', (input, line, why) => {
    const result = importViatomCsv(input)
    expect(E.isLeft(result) && result.left).toMatchObject({ _tag: 'ParseFailure', line })
    expect(E.isLeft(result) && result.left.message).toMatch(why)
  })
})

describe('importViatomO2File', () => {
  const bin = new Uint8Array(readFileSync(captures + 'viatom-o2/o2ring_tolnaiz_20250306222056.v3.bin'))

  it('reads the v3 header: start, size, duration, 7818 records at 4 s', () => {
    expect(right(importViatomO2File(bin)).header).toEqual({
      version: 3,
      startLocalMs: Date.UTC(2025, 2, 6, 22, 20, 56),
      fileSize: 39_130,
      durationS: 31_272,
      recordCount: 7818,
      intervalS: 4,
    })
  })

  it('equals the vendor app’s CSV of the same night row for row (time, SpO2, PR, motion)', () => {
    const file = right(importViatomO2File(bin)).samples
    const csv = right(importViatomCsv(text('viatom-o2/o2ring_tolnaiz_20250306222056_export.csv')))
    const motion = text('viatom-o2/o2ring_tolnaiz_20250306222056_export.csv')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[3]))
    expect(file).toHaveLength(csv.length)
    const project = (s: (typeof file)[number]) => [s.timeMs, s.spo2, s.pulseRate, s.flags.motion]
    expect(file.map(project)).toEqual(csv.map(project))
    expect(file.map((s) => s.flags.motion)).toEqual(motion.map((m) => m > 0))
    expect(file.filter((s) => s.spo2 === null)).toHaveLength(3)
  })

  it.each([
    ['truncated header', bin.subarray(0, 20), /truncated/],
    ['a cut body', bin.subarray(0, 1000), /size field says 39130/],
    ['an unknown version', Uint8Array.from([9, 0, ...bin.subarray(2)]), /version 9/],
  ])('rejects %s', (_, bytes, why) => {
    const result = importViatomO2File(bytes)
    expect(E.isLeft(result) && result.left.message).toMatch(why)
  })
})

describe('importViatomCsv, time order', () => {
  const real = () => text('viatom-o2/o2ring_tolnaiz_20250306222056_export.csv').split('\n')
  it.each([
    ['goes backwards', (l: string[]) => [...l.slice(0, 100), l[50]!, ...l.slice(100)], /time goes backwards/],
    [
      'repeats (interval unknown)',
      (l: string[]) => [...l.slice(0, 100), l[99]!, ...l.slice(100)],
      /sampling interval is unknown/,
    ],
  ])('a real export whose time %s is refused naming line 101', (_, edit, why) => {
    const result = importViatomCsv(edit(real()).join('\n'))
    expect(E.isLeft(result) && result.left).toMatchObject({ _tag: 'ParseFailure', line: 101, column: 'Time' })
    expect(E.isLeft(result) && result.left.message).toMatch(why)
  })
})
