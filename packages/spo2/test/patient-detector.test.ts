import { makeSample, type OximetrySample } from '@openward/core'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  createPatientDetector,
  detectSustainedBelow,
  detectThresholdAlerts,
  type PatientDetector,
  type PatientDetectorEvent,
  type PatientDetectorOptions,
  restorePatientDetector,
} from '../src/index.js'
import { CORC, MIMIC, OVERNIGHT, readSpo2Column } from './data.js'

/** A real recording as samples, with the 0 "no reading" code turned into a flagged null. */
function recording(name: string, stepMs: number): OximetrySample[] {
  return readSpo2Column(name).map((v, i) =>
    makeSample({
      timeMs: 1_700_000_000_000 + i * stepMs,
      clock: 'recording',
      spo2: v > 0 ? v : null,
      pulseRate: null,
      provenance: { protocol: 'csv' },
    }),
  )
}

/**
 * One step of a worker: the clock ticks every 10 s of sample time between pushes (staleness needs it),
 * and the link drops for 2 minutes a third of the way in (the samples of that time never arrive).
 */
type Step = { readonly push: OximetrySample } | { readonly tick: number }

function steps(samples: readonly OximetrySample[]): Step[] {
  const out: Step[] = []
  let nextTick = samples[0]?.timeMs ?? 0
  const t0 = samples[Math.floor(samples.length / 3)]?.timeMs ?? 0
  for (const s of samples) {
    if (s.timeMs >= t0 && s.timeMs < t0 + 120_000) continue
    while (nextTick < s.timeMs) {
      out.push({ tick: nextTick })
      nextTick += 10_000
    }
    out.push({ push: s })
  }
  return out
}

function run(d: PatientDetector, input: readonly Step[]): PatientDetectorEvent[] {
  const out: PatientDetectorEvent[] = []
  for (const st of input) out.push(...('push' in st ? d.push(st.push) : d.tick(st.tick)))
  return out
}

/** The step indices just before alert events (not NEWS2 changes): where a lost field would show. */
function splitsBeforeAlerts(options: PatientDetectorOptions, input: readonly Step[], max: number): number[] {
  const d = createPatientDetector(options)
  const at: number[] = []
  input.forEach((st, i) => {
    const events = 'push' in st ? d.push(st.push) : d.tick(st.tick)
    if (events.some((e) => e.source !== 'news2')) at.push(i - 1, i - 7, i - 25)
  })
  const every = Math.max(1, Math.floor(at.length / max))
  return at.filter((i, k) => i > 0 && k % every === 0)
}

function restoreOrFail(snapshot: unknown): PatientDetector {
  const r = restorePatientDetector(snapshot)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const cases: [string, number, PatientDetectorOptions][] = [
  // Per-patient thresholds that make every rule fire on these recordings.
  [
    OVERNIGHT,
    1000,
    { patientKey: 'overnight', bands: { normalAtOrAbove: 94, reviewAtOrAbove: 92 }, sustainedBelow: { threshold: 90 } },
  ],
  [CORC, 1000, { patientKey: 'corc/icu', gate: { lockOnMs: 3000 }, sustainedBelow: { threshold: 94, forMs: 10_000 } }],
  [
    MIMIC,
    60_000,
    {
      patientKey: 'mimic',
      gate: false,
      thresholdAlerts: { maxGapMs: 120_000 },
      staleAfterMs: 90_000,
      sustainedBelow: { maxGapMs: 120_000, forMs: 60_000, threshold: 95 },
    },
  ],
]

describe('patient detector snapshot/restore', () => {
  for (const [name, stepMs, options] of cases) {
    const input = steps(recording(name, stepMs))
    const whole = run(createPatientDetector(options), input)

    it(`${name}: one uninterrupted run raises events of every source`, () => {
      const sources = new Set(whole.map((e) => e.source))
      const expected = options.news2 === false ? [] : ['news2']
      if (options.thresholdAlerts !== false) expected.push('threshold-alerts')
      expected.push('sustained-below', 'staleness')
      for (const src of expected) expect(sources, src).toContain(src)
      expect(new Set(whole.map((e) => e.id)).size).toBe(whole.length)
    })

    it(`${name}: prefix → snapshot → JSON → restore → suffix equals one uninterrupted run, at any split`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: input.length }), (split) => {
          const first = createPatientDetector(options)
          const before = run(first, input.slice(0, split))
          const wire = JSON.parse(JSON.stringify(first.snapshot())) as unknown
          const after = run(restoreOrFail(wire), input.slice(split))
          expect([...before, ...after]).toEqual(whole)
        }),
        { numRuns: 25, examples: [[0], [1], [input.length]] },
      )
    })

    it(`${name}: the same holds for splits just before each alert (inside the runs being timed)`, () => {
      for (const split of splitsBeforeAlerts(options, input, 60)) {
        const first = createPatientDetector(options)
        const before = run(first, input.slice(0, split))
        const after = run(restoreOrFail(JSON.parse(JSON.stringify(first.snapshot()))), input.slice(split))
        expect([...before, ...after], `split ${split}`).toEqual(whole)
      }
    })
  }

  it('chained takeovers (a snapshot of a restored detector) keep the same events and ids', () => {
    const [name, stepMs, options] = cases[1]!
    const input = steps(recording(name, stepMs))
    const whole = run(createPatientDetector(options), input)
    let d = createPatientDetector(options)
    const got: PatientDetectorEvent[] = []
    for (let i = 0; i < input.length; i += 997) {
      got.push(...run(d, input.slice(i, i + 997)))
      d = restoreOrFail(JSON.parse(JSON.stringify(d.snapshot())))
    }
    got.push(...d.finish())
    const finished = createPatientDetector(options)
    expect(got).toEqual([...run(finished, input), ...finished.finish()])
    expect(got.map((e) => e.id).slice(0, whole.length)).toEqual(whole.map((e) => e.id))
  })

  it('a snapshot is plain JSON: nothing is lost by a JSON round trip', () => {
    const d = createPatientDetector({ patientKey: 'p', gate: { lockOnAtStart: false } })
    const input = steps(recording(CORC, 1000)).slice(0, 5000)
    run(d, input)
    const snap = d.snapshot()
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap)
    expect(snap).toMatchObject({ v: 1, kind: 'patient-detector' })
  })

  it('event ids depend only on the samples: patient key, rule and start time', () => {
    const input = steps(recording(OVERNIGHT, 1000)).slice(0, 8000)
    const options = cases[0]![2]
    const a = run(createPatientDetector(options), input)
    const b = run(createPatientDetector(options), input)
    expect(a.map((e) => e.id)).toEqual(b.map((e) => e.id))
    for (const e of a)
      expect(e.id.startsWith(`overnight/${encodeURIComponent(`${e.rule.name}@${e.rule.version}`)}/${e.startMs}/`)).toBe(
        true,
      )
  })

  it('with the gate off, its rules emit exactly what the batch operators emit', () => {
    const samples = recording(OVERNIGHT, 1000)
    const bands = { normalAtOrAbove: 94, reviewAtOrAbove: 92 }
    const d = createPatientDetector({ patientKey: 'x', gate: false, bands, sustainedBelow: { threshold: 90 } })
    const events = samples.flatMap((s) => d.push(s)).concat(d.finish())
    const sustained = events.flatMap((e) => (e.source === 'sustained-below' ? [e.event] : []))
    const levels = events.flatMap((e) => (e.source === 'threshold-alerts' ? [e.event] : []))
    expect(sustained.length).toBeGreaterThan(0)
    expect(levels.length).toBeGreaterThan(0)
    expect(sustained).toEqual(detectSustainedBelow(samples, { threshold: 90 }))
    expect(levels).toEqual(detectThresholdAlerts(samples, { bands }))
  })
})

describe('restorePatientDetector refuses what it cannot read', () => {
  const good = (): Record<string, unknown> => {
    const d = createPatientDetector({ patientKey: 'p' })
    run(d, steps(recording(OVERNIGHT, 1000)).slice(0, 100))
    return JSON.parse(JSON.stringify(d.snapshot())) as Record<string, unknown>
  }
  const tagOf = (u: unknown): string => {
    const r = restorePatientDetector(u)
    return E.isLeft(r) ? r.left._tag : 'Right'
  }

  it('a good snapshot restores', () => {
    expect(tagOf(good())).toBe('Right')
  })
  it('an unknown version', () => {
    expect(tagOf({ ...good(), v: 2 })).toBe('SnapshotVersionUnsupported')
    expect(tagOf({ ...good(), v: '1' })).toBe('SnapshotVersionUnsupported')
  })
  it('another kind, or not an object', () => {
    expect(tagOf({ ...good(), kind: 'sustained-below' })).toBe('SnapshotKindMismatch')
    expect(tagOf(null)).toBe('SnapshotKindMismatch')
    expect(tagOf('{"v":1}')).toBe('SnapshotKindMismatch')
  })
  it('a damaged state names the field', () => {
    const s = good()
    const r = restorePatientDetector({ ...s, thresholdAlerts: { ...(s['thresholdAlerts'] as object), seen: -1 } })
    expect(E.isLeft(r) && r.left._tag === 'InvalidData' && r.left.issues[0]?.path).toBe('thresholdAlerts.seen')
    expect(tagOf({ ...s, sustainedBelow: { ...(s['sustainedBelow'] as object), lastTimeMs: 'NaN' } })).toBe(
      'InvalidData',
    )
    expect(tagOf({ ...s, options: { patientKey: 7 } })).toBe('InvalidData')
  })
  it('a state that contradicts the options', () => {
    const s = good()
    expect(tagOf({ ...s, options: { patientKey: 'p', news2: false } })).toBe('SnapshotInconsistent')
    expect(tagOf({ ...s, gate: null })).toBe('SnapshotInconsistent')
  })
})

describe('patient detector staleness with a bad arrival time', () => {
  it('a NaN arrival time neither starts the watch nor makes the detector stale at once or with a NaN start', () => {
    const d = createPatientDetector({ patientKey: 'p', gate: false })
    const sample = makeSample({ timeMs: 0, clock: 'host', spo2: 97, pulseRate: 70, provenance: { protocol: 't' } })
    expect(d.push(sample, Number.NaN).filter((e) => e.source === 'staleness')).toEqual([])
    // The first finite time (this tick) starts the watch: not stale 29.999 s later, stale at 30 s.
    expect(d.tick(1_000)).toEqual([])
    expect(d.tick(30_999)).toEqual([])
    const stale = d.tick(31_000)
    expect(stale.map((e) => [e.source, e.event.type, e.startMs])).toEqual([['staleness', 'stale', 0]])
    expect(d.snapshot().staleness).toEqual({
      watchStartMs: 1_000,
      lastValidArrivalMs: null,
      lastValidMs: 0,
      staleSinceMs: 0,
    })
  })
})
