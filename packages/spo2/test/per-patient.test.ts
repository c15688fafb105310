import type { OximetrySample } from '@openward/core'
import { map, type Observable, tap } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { describe, expect, it } from 'vitest'

import { perPatient, type SustainedBelowEvent, sustainedBelow } from '../src/index.js'
import { s } from './samples.js'

interface Msg {
  readonly patientId: string
  readonly sample: OximetrySample
}
const m = (patientId: string, t: number, spo2: number): Msg => ({ patientId, sample: s(t, spo2) })
const ts = () => new TestScheduler((a, e) => expect(a).toEqual(e))
const detector = (msgs: Observable<Msg>): Observable<SustainedBelowEvent> =>
  msgs.pipe(
    map((x) => x.sample),
    sustainedBelow({ forMs: 2000 }),
  )

describe('perPatient', () => {
  it('runs one detector per patient over a merged stream', () => {
    ts().run(({ cold, expectObservable }) => {
      // Patient p falls and trips at its 3rd low sample; q stays normal and interleaves.
      const v = { a: m('p', 0, 90), b: m('q', 0, 97), c: m('p', 1, 90), d: m('q', 1, 97), e: m('p', 2, 90) }
      expectObservable(cold('abcde|', v).pipe(perPatient((x) => x.patientId, detector))).toBe('----R(C|)', {
        R: { patientId: 'p', event: expect.objectContaining({ type: 'raised', startMs: 0, trippedAtMs: 2000 }) },
        C: { patientId: 'p', event: expect.objectContaining({ type: 'cleared', reason: 'end-of-data' }) },
      })
    })
  })

  it('releases idle patients (their group completes and flushes) and restarts them fresh', () => {
    ts().run(({ cold, expectObservable }) => {
      let created = 0
      const counting = (msgs: Observable<Msg>) => {
        created++
        return detector(msgs)
      }
      const v = { a: m('p', 0, 90), b: m('p', 1, 90), c: m('p', 2, 90), d: m('p', 100, 90) }
      const out = cold('abc 20ms d 4ms |', v).pipe(
        perPatient((x) => x.patientId, counting, { idleMs: 10 }),
        tap({ complete: () => expect(created).toBe(2) }),
      )
      // Last sample at frame 2; the sweep at 10 finds it idle 8 ms (kept), the sweep at 20 releases it:
      // its input completes and the detector flushes 'cleared'. d then starts a fresh pipeline.
      expectObservable(out).toBe('--R 17ms C 7ms |', {
        R: expect.objectContaining({ patientId: 'p', event: expect.objectContaining({ type: 'raised' }) }),
        C: expect.objectContaining({ event: expect.objectContaining({ type: 'cleared', reason: 'end-of-data' }) }),
      })
    })
  })

  it("gives each patient's pipeline its key", () => {
    ts().run(({ cold, expectObservable }) => {
      const v = { a: m('p', 0, 90), b: m('q', 0, 97), c: m('p', 1, 91) }
      const keyed = (msgs: Observable<Msg>, key: string) => msgs.pipe(map((x) => `${key}:${x.sample.spo2}`))
      expectObservable(cold('abc|', v).pipe(perPatient((x) => x.patientId, keyed))).toBe('abc|', {
        a: { patientId: 'p', event: 'p:90' },
        b: { patientId: 'q', event: 'q:97' },
        c: { patientId: 'p', event: 'p:91' },
      })
    })
  })

  it('empty, error, early unsubscribe', () => {
    ts().run(({ cold, expectObservable, expectSubscriptions }) => {
      expectObservable(cold<Msg>('|').pipe(perPatient((x) => x.patientId, detector))).toBe('|')
      expectObservable(cold('a#', { a: m('p', 0, 90) }).pipe(perPatient((x) => x.patientId, detector))).toBe('-#')
      const boom = () => {
        throw new Error('bad key')
      }
      expectObservable(cold('a', { a: m('p', 0, 90) }).pipe(perPatient(boom, detector))).toBe(
        '#',
        undefined,
        new Error('bad key'),
      )
      const src = cold('aaaa|', { a: m('p', 0, 90) })
      expectObservable(src.pipe(perPatient((x) => x.patientId, detector)), '^-!').toBe('--')
      expectSubscriptions(src.subscriptions).toBe('^-!')
    })
  })
})
