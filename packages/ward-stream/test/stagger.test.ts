import { makeSample, type OximetrySample } from '@openward/core'
import { describe, expect, it } from 'vitest'

import { emptyMinuteSummaries, type MinuteTally, pushMinuteSample } from '../src/minute-summary.js'
import { floorBelowUnsaved, PhaseGroups } from '../src/node/phase-groups.js'
import { partitionOf } from '../src/partition.js'
import { phaseOf } from '../src/stagger.js'

const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `p${String(i).padStart(6, '0')}`)

// Deterministic 1 Hz samples: SpO2 from a fixed pattern, a gap and a null value now and then.
function samplesOf(patient: number, fromS: number, toS: number): OximetrySample[] {
  const out: OximetrySample[] = []
  for (let t = fromS; t < toS; t++) {
    if ((t + patient) % 97 === 0) continue // a missing second
    const spo2 = (t * 7 + patient) % 23 === 0 ? null : 88 + ((t * 13 + patient * 5) % 11)
    out.push(
      makeSample({ timeMs: t * 1000, clock: 'host', spo2, pulseRate: 60 + (t % 30), provenance: { protocol: 'test' } }),
    )
  }
  return out
}

function emissions(samples: readonly OximetrySample[], delayMs: number): { atMs: number; minute: MinuteTally }[] {
  const st = emptyMinuteSummaries()
  const out: { atMs: number; minute: MinuteTally }[] = []
  for (const s of samples)
    for (const m of pushMinuteSample(st, s, delayMs)) out.push({ atMs: s.timeMs, minute: { ...m } })
  return out
}

describe('phaseOf', () => {
  it('spreads the patients of ONE partition evenly over 30 phases (it does not reuse the partition bits)', () => {
    const counts = new Array<number>(30).fill(0)
    const inPartition = keys(50_000).filter((k) => partitionOf(k, 16) === 5)
    for (const k of inPartition) counts[phaseOf(k, 30)]!++
    const even = inPartition.length / 30
    for (const c of counts) expect(Math.abs(c - even)).toBeLessThan(0.25 * even)
  })

  it('is a function of the key only, within [0, slots), and 0 for fewer than one slot', () => {
    for (const k of keys(1_000)) {
      const ph = phaseOf(k, 20)
      expect(ph).toBe(phaseOf(k, 20))
      expect(ph).toBeGreaterThanOrEqual(0)
      expect(ph).toBeLessThan(20)
      expect(phaseOf(k, 0)).toBe(0)
    }
  })
})

describe('pushMinuteSample: minute-aligned content, staggered emission', () => {
  it('emits every finished minute once, in order, with the same content as emitting at the boundary', () => {
    for (const p of [0, 3, 41]) {
      // a long gap (minute 5 to minute 8) and a gap shorter than the delay
      const samples = [...samplesOf(p, 0, 330), ...samplesOf(p, 480, 725), ...samplesOf(p, 731, 900)]
      const atBoundary = emissions(samples, 0)
      for (const delayMs of [1_000, 17_000, 29_000, 59_000]) {
        const staggered = emissions(samples, delayMs)
        expect(staggered.map((e) => e.minute)).toEqual(atBoundary.map((e) => e.minute))
        for (const [i, e] of staggered.entries()) expect(e.atMs).toBeGreaterThanOrEqual(atBoundary[i]!.atMs)
      }
      // the boundary emission is at the first sample of a later minute, the minute's own samples counted
      expect(atBoundary.length).toBeGreaterThan(8)
      for (const e of atBoundary) {
        expect(e.atMs).toBeGreaterThanOrEqual(e.minute.startMs + 60_000)
        expect(e.minute.samples).toBe(
          samples.filter((s) => s.timeMs >= e.minute.startMs && s.timeMs < e.minute.startMs + 60_000).length,
        )
      }
    }
  })

  it("emits a finished minute at the patient's first sample at or after minute end + delay", () => {
    const samples = samplesOf(1, 0, 180)
    const out = emissions(samples, 17_000)
    expect(out.map((e) => [e.minute.startMs, e.atMs])).toEqual([
      [0, 77_000],
      [60_000, 137_000],
    ])
  })

  it('ignores a duplicate or earlier sample, as the detectors do', () => {
    const st = emptyMinuteSummaries()
    const s = samplesOf(2, 10, 13)
    for (const x of s) pushMinuteSample(st, x, 0)
    pushMinuteSample(st, s[1]!, 0)
    pushMinuteSample(st, s[2]!, 0)
    expect(st.open?.samples).toBe(3)
  })

  it('continues from a JSON copy of its state (a checkpoint) with the same emissions', () => {
    const samples = samplesOf(7, 0, 400)
    const whole = emissions(samples, 23_000)
    for (const cut of [61, 70, 83, 84, 130, 300]) {
      const st = emptyMinuteSummaries()
      const out: MinuteTally[] = []
      samples.slice(0, cut).forEach((s) => out.push(...pushMinuteSample(st, s, 23_000).map((m) => ({ ...m }))))
      const restored = JSON.parse(JSON.stringify(st)) as typeof st
      samples.slice(cut).forEach((s) => out.push(...pushMinuteSample(restored, s, 23_000).map((m) => ({ ...m }))))
      expect(out).toEqual(whole.map((e) => e.minute))
    }
  })

  it("spreads 3,000 patients' summaries of one minute over 30 s of sample time instead of one second", () => {
    const perSecond = new Map<number, number>()
    const perSecondAtBoundary = new Map<number, number>()
    for (const [i, k] of keys(3_000).entries()) {
      const samples = samplesOf(i, 0, 125) // every patient on the same sample times
      for (const e of emissions(samples, phaseOf(k, 30) * 1000))
        if (e.minute.startMs === 0) perSecond.set(e.atMs, (perSecond.get(e.atMs) ?? 0) + 1)
      for (const e of emissions(samples, 0))
        if (e.minute.startMs === 0) perSecondAtBoundary.set(e.atMs, (perSecondAtBoundary.get(e.atMs) ?? 0) + 1)
    }
    const total = [...perSecond.values()].reduce((a, b) => a + b, 0)
    expect(total).toBe(3_000)
    expect([...perSecondAtBoundary.values()].reduce((a, b) => a + b, 0)).toBe(3_000)
    // at the boundary nearly all fall on second 60 (a few patients miss it: their second 60 is a gap)
    expect(Math.max(...perSecondAtBoundary.values())).toBeGreaterThan(2_900)
    // staggered: no second gets more than twice an even share (100), spread over at least 30 seconds
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(200)
    expect(perSecond.size).toBeGreaterThanOrEqual(30)
  })
})

describe('PhaseGroups and the floor (checkpoint writes spread over the interval)', () => {
  it('gives each patient exactly one turn per round of 20 steps, at most twice an even share per step, in the same groups everywhere', () => {
    const ks = keys(50_000).filter((k) => partitionOf(k, 16) === 3)
    const a = new PhaseGroups<string>(20)
    const b = new PhaseGroups<string>(20)
    for (const k of ks) a.add(k, k)
    for (const k of [...ks].reverse()) b.add(k, k)
    const seen = new Map<string, number>()
    for (let step = 0; step < 40; step++) {
      const g = a.next()
      expect(new Set(b.next())).toEqual(new Set(g))
      expect(g.length).toBeLessThanOrEqual((2 * ks.length) / 20)
      for (const k of g) seen.set(k, (seen.get(k) ?? 0) + 1)
    }
    expect(seen.size).toBe(ks.length)
    for (const n of seen.values()) expect(n).toBe(2)
  })

  it('moves the floor to the position, but never onto a message some patient has not saved', () => {
    expect(floorBelowUnsaved(500, [])).toBe(500)
    expect(floorBelowUnsaved(500, [480, 312, 499])).toBe(311)
    expect(floorBelowUnsaved(500, [501])).toBe(500)
  })

  it('with writes spread over a round, a replay from the floor re-applies every unsaved message and no saved one', () => {
    // A partition in miniature: messages round robin over patients; each step saves one group.
    const ks = keys(200)
    const groups = new PhaseGroups<string>(10)
    for (const k of ks) groups.add(k, k)
    const savedThrough = new Map<string, number>() // what each patient's last record holds
    const firstUnsaved = new Map<string, number>()
    const applied = new Map<string, number[]>()
    let seq = 0
    let floor = 0
    for (let step = 0; step < 35; step++) {
      for (let i = 0; i < 57; i++) {
        const k = ks[(seq * 31) % ks.length]!
        seq++
        ;(applied.get(k) ?? applied.set(k, []).get(k)!).push(seq)
        if (!firstUnsaved.has(k)) firstUnsaved.set(k, seq)
      }
      for (const k of groups.next()) {
        savedThrough.set(k, seq)
        firstUnsaved.delete(k)
      }
      const next = floorBelowUnsaved(seq, firstUnsaved.values())
      expect(next).toBeGreaterThanOrEqual(floor) // the floor only goes up
      floor = next
      // A takeover now: replaying messages > floor, skipping each patient's saved ones, rebuilds exactly.
      for (const k of ks) {
        const all = applied.get(k) ?? []
        const fromRecord = all.filter((s) => s <= (savedThrough.get(k) ?? 0))
        const replayed = all.filter((s) => s > floor && s > (savedThrough.get(k) ?? 0))
        expect([...fromRecord, ...replayed]).toEqual(all)
      }
    }
    expect(floor).toBeGreaterThan(0)
  })
})
