import { makeSample, type OximetrySample } from '@openward/core'
import fc from 'fast-check'
import { concat, defer, from, lastValueFrom, mergeMap, toArray, VirtualTimeScheduler } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { describe, expect, it } from 'vitest'

import {
  createPatientDetector,
  type PatientDetectorEvent,
  type PatientDetectorOptions,
  type PatientEvent,
  perPatient,
  perPatientDetector,
} from '../src/index.js'
import { CORC, EXAMPLE_1H, OVERNIGHT, readSpo2Column } from './data.js'
import { s } from './samples.js'

interface Msg {
  readonly patientId: string
  readonly sample: OximetrySample
}
const m = (patientId: string, t: number, spo2: number): Msg => ({ patientId, sample: s(t, spo2) })
const ts = () => new TestScheduler((a, e) => expect(a).toEqual(e))
const small: Omit<PatientDetectorOptions, 'patientKey'> = {
  gate: false,
  thresholdAlerts: false,
  news2: false,
  sustainedBelow: { forMs: 2000 },
  staleAfterMs: 3000,
}
/** The patient detector behind the operator, fed the message's sample. */
const machine = (options: Omit<PatientDetectorOptions, 'patientKey'>) => (key: string) => {
  const d = createPatientDetector({ ...options, patientKey: key })
  return {
    push: (x: Msg, at: number) => d.push(x.sample, at),
    tick: (at: number) => d.tick(at),
    finish: () => d.finish(),
  }
}
const ofPatient = (patientId: string, inner: object) => ({
  patientId,
  event: expect.objectContaining({ event: expect.objectContaining(inner) }),
})

describe('perPatientDetector (marbles, virtual time)', () => {
  it('one state machine per patient: events in the same frame as the sample, staleness from one sweep', () => {
    ts().run(({ cold, expectObservable }) => {
      // p falls and trips at its 3rd low sample; q stays normal; both then fall silent.
      const v = { a: m('p', 0, 90), b: m('q', 0, 97), c: m('p', 1, 90), d: m('q', 1, 97), e: m('p', 2, 90) }
      const src = cold('(ab) 996ms (cd) 996ms e 5999ms |', v)
      const out = src.pipe(perPatientDetector((x) => x.patientId, machine(small), { tickMs: 1000 }))
      // Arrival 2000 for p (last valid) and 1000 for q: stale at the first sweep ≥ 3 s later.
      expectObservable(out).toBe('2000ms R 1999ms Q 999ms P 2999ms (C|)', {
        R: ofPatient('p', { type: 'raised', startMs: 0, trippedAtMs: 2000 }),
        Q: ofPatient('q', { type: 'stale', atMs: 4000, lastValidMs: 1000 }),
        P: ofPatient('p', { type: 'stale', atMs: 5000, lastValidMs: 2000 }),
        C: ofPatient('p', { type: 'cleared', reason: 'end-of-data' }),
      })
    })
  })

  it('releases an idle patient at the sweep (finish flushes its run) and starts it fresh later', () => {
    let created = 0
    ts().run(({ cold, expectObservable }) => {
      const counting = (key: string) => {
        created++
        return machine({ ...small, staleAfterMs: 60_000 })(key)
      }
      const v = { a: m('p', 0, 90), b: m('p', 1, 90), c: m('p', 2, 90), d: m('p', 100, 90) }
      const out = cold('a 999ms b 999ms c 9999ms d|', v).pipe(
        perPatientDetector((x) => x.patientId, counting, { tickMs: 1000, idleMs: 5000 }),
      )
      expectObservable(out).toBe('2000ms R 4999ms C 5000ms |', {
        R: ofPatient('p', { type: 'raised' }),
        C: ofPatient('p', { type: 'cleared', reason: 'end-of-data' }),
      })
    })
    // The flush above came from the first machine; the sample at 12 s created a second one.
    expect(created).toBe(2)
  })

  it('subscribed late (scheduler time not 0), an idle patient is released exactly idleMs after its last arrival', () => {
    ts().run(({ cold, expectObservable }) => {
      const v = { a: m('p', 0, 90), b: m('p', 1, 90), c: m('p', 2, 90) }
      const out = cold('a 999ms b 999ms c 9999ms |', v).pipe(
        perPatientDetector((x) => x.patientId, machine({ ...small, staleAfterMs: 60_000 }), {
          tickMs: 1000,
          idleMs: 5000,
        }),
      )
      // Subscribed at 7 s: last arrival at 9 s, released by the sweep at 14 s, not earlier or later.
      expectObservable(out, '7s ^').toBe('9s R 4999ms C 4999ms |', {
        R: ofPatient('p', { type: 'raised' }),
        C: ofPatient('p', { type: 'cleared', reason: 'end-of-data' }),
      })
    })
  })

  it('never, empty, error, early unsubscribe (the sweep stops), and a throwing keyOf', () => {
    ts().run(({ cold, expectObservable, expectSubscriptions }) => {
      const op = () => perPatientDetector((x: Msg) => x.patientId, machine(small), { tickMs: 1000 })
      expectObservable(cold<Msg>('-').pipe(op()), '10s !').toBe('-')
      expectObservable(cold<Msg>('|').pipe(op())).toBe('|')
      expectObservable(cold<Msg>('#').pipe(op())).toBe('#')
      const src = cold('a 9999ms -', { a: m('p', 0, 97) })
      expectObservable(src.pipe(op()), '^ 3500ms !').toBe('3000ms S', { S: ofPatient('p', { type: 'stale' }) })
      expectSubscriptions(src.subscriptions).toBe('^ 3500ms !')
      const bad = cold('a', { a: m('p', 0, 97) }).pipe(
        perPatientDetector(() => {
          throw new Error('no key')
        }, machine(small)),
      )
      expectObservable(bad).toBe('#', undefined, new Error('no key'))
    })
  })
})

describe('perPatientDetector on real recordings', () => {
  it('interleaved patients get exactly the events of their own detector run alone', async () => {
    const options: Omit<PatientDetectorOptions, 'patientKey'> = { bands: { normalAtOrAbove: 94, reviewAtOrAbove: 92 } }
    const records = [OVERNIGHT, CORC, EXAMPLE_1H].map((name, p) =>
      readSpo2Column(name).map((v, i) =>
        makeSample({
          timeMs: i * 1000,
          clock: 'recording',
          spo2: v > 0 ? v : null,
          pulseRate: null,
          provenance: { protocol: `p${p}` },
        }),
      ),
    )
    const merged: { key: string; sample: OximetrySample }[] = []
    for (let i = 0; i < records[0]!.length; i++)
      records.forEach((r, p) => r[i] !== undefined && merged.push({ key: `p${p}`, sample: r[i]! }))
    const scheduler = new VirtualTimeScheduler() // time stands still: arrival 0, no staleness
    const got = await lastValueFrom(
      from(merged).pipe(
        perPatientDetector(
          (x) => x.key,
          (key) => {
            const d = createPatientDetector({ ...options, patientKey: key })
            return {
              push: (x: (typeof merged)[number], at: number) => d.push(x.sample, at),
              tick: (at: number) => d.tick(at),
              finish: () => d.finish(),
            }
          },
          { scheduler },
        ),
        toArray(),
      ),
    )
    records.forEach((r, p) => {
      const d = createPatientDetector({ ...options, patientKey: `p${p}` })
      const alone = [...r.flatMap((x) => d.push(x, 0)), ...d.finish()]
      const mine = got.filter((e: PatientEvent<string, PatientDetectorEvent>) => e.patientId === `p${p}`)
      expect(alone.length).toBeGreaterThan(10)
      expect(mine.map((e) => e.event)).toEqual(alone)
    })
  })
})

describe('perPatientDetector against the per-patient pipeline composition', () => {
  // A reading of one of 4 patients, 1-3 s after that patient's previous one; SpO2 a walk of -3..+3 % per
  // reading within 80-100 % (large jumps are the quality gate's to reject), or missing.
  const reading = fc.record({
    patient: fc.integer({ min: 0, max: 3 }),
    stepS: fc.integer({ min: 1, max: 3 }),
    delta: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null, freq: 10 }),
  })

  it('random multi-patient streams: exactly the events of perPatient + mergeMap + finish, same order and ids', async () => {
    let events = 0
    const sources = new Set<string>()
    await fc.assert(
      fc.asyncProperty(fc.array(reading, { maxLength: 400, size: 'max' }), async (readings) => {
        const clocks = new Map<string, number>()
        const levels = new Map<string, number>()
        const msgs = readings.map((r): Msg => {
          const patientId = `p${r.patient}`
          const t = (clocks.get(patientId) ?? -r.stepS) + r.stepS
          clocks.set(patientId, t)
          if (r.delta === null) return { patientId, sample: s(t, null) }
          const level = Math.min(100, Math.max(80, (levels.get(patientId) ?? 93) + r.delta))
          levels.set(patientId, level)
          return { patientId, sample: s(t, level) }
        })
        // Time stands still (arrival 0 on both paths) and no sweep runs before the source completes.
        const scheduler = new VirtualTimeScheduler()
        const keyed = (key: string) => {
          const d = createPatientDetector({ patientKey: key })
          return {
            push: (x: Msg, at: number) => d.push(x.sample, at),
            tick: (at: number) => d.tick(at),
            finish: () => d.finish(),
          }
        }
        const fresh = await lastValueFrom(
          from(msgs).pipe(
            perPatientDetector((x) => x.patientId, keyed, { scheduler }),
            toArray(),
          ),
        )
        // The composition the burst bench calls perPatient (mergeMap): a subscription per sample.
        const composed = await lastValueFrom(
          from(msgs).pipe(
            perPatient(
              (x) => x.patientId,
              (msg$, key) =>
                defer(() => {
                  const d = createPatientDetector({ patientKey: key })
                  return concat(
                    msg$.pipe(mergeMap((x) => d.push(x.sample, scheduler.now()))),
                    defer(() => d.finish()),
                  )
                }),
              { scheduler },
            ),
            toArray(),
          ),
        )
        events += fresh.length
        for (const e of fresh) sources.add(e.event.source)
        for (const key of clocks.keys()) {
          const mine = (xs: PatientEvent<string, PatientDetectorEvent>[]) =>
            xs.filter((e) => e.patientId === key).map((e) => e.event)
          expect(mine(fresh)).toEqual(mine(composed))
        }
        // Stronger than per patient: the whole merged output, patients interleaved as they arrived.
        expect(fresh).toEqual(composed)
      }),
      { numRuns: 150 },
    )
    // The property compared real events of every sample-driven stage, not empty outputs (staleness comes from
    // the sweep's ticks, which the composition has no equivalent of: the marble tests above cover it).
    expect(events).toBeGreaterThan(1000)
    expect([...sources].sort()).toEqual(['news2', 'sustained-below', 'threshold-alerts'])
  })
})
