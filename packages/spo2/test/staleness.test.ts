import type { OximetrySample } from '@openward/core'
import { TestScheduler } from 'rxjs/testing'
import { describe, expect, it } from 'vitest'

import { staleness } from '../src/index.js'
import { s } from './samples.js'

const ts = () => new TestScheduler((a, e) => expect(a).toEqual(e))

describe('staleness (ISO 80601-2-61: not current after 30 s)', () => {
  it('stale after staleAfterMs without a valid arrival, current when data resumes', () => {
    ts().run(({ cold, expectObservable }) => {
      const v = { a: s(0, 97), b: s(1, 97) }
      expectObservable(cold('a 9ms b|', v).pipe(staleness({ staleAfterMs: 5 }))).toBe('-----S----C|', {
        S: { type: 'stale', atMs: 5, lastValidMs: 0 },
        C: { type: 'current', atMs: 10, sample: v.b },
      })
    })
  })

  it('exactly at the limit is stale; one frame before is not', () => {
    ts().run(({ cold, expectObservable }) => {
      const v = { a: s(0, 97), b: s(1, 97) }
      // b at frame 4: 4 ms old at most, never stale.
      expectObservable(cold('a 3ms b|', v).pipe(staleness({ staleAfterMs: 5 }))).toBe('-----|')
      // b at frame 5: the last value is exactly 5 ms old when the watch runs, so stale, then current.
      expectObservable(cold('a 4ms b 3ms |', v).pipe(staleness({ staleAfterMs: 5 }))).toBe('-----(SC)|', {
        S: { type: 'stale', atMs: 5, lastValidMs: 0 },
        C: { type: 'current', atMs: 5, sample: v.b },
      })
    })
  })

  it('no data at all, and invalid readings, are stale (endless source, early unsubscribe)', () => {
    ts().run(({ cold, expectObservable, expectSubscriptions }) => {
      expectObservable(cold<OximetrySample>('-').pipe(staleness({ staleAfterMs: 5 })), '^ 7ms !').toBe('-----S', {
        S: { type: 'stale', atMs: 5, lastValidMs: null },
      })
      const bad = cold('a-x-x-x-x|', { a: s(0, 97), x: s(1, 0, ['fingerOut']) })
      expectObservable(bad.pipe(staleness({ staleAfterMs: 4 }))).toBe('----S----|', {
        S: { type: 'stale', atMs: 4, lastValidMs: 0 },
      })
      const src = cold('a-a-a-a|', { a: s(0, 97) })
      expectObservable(src.pipe(staleness({ staleAfterMs: 4 })), '^--!').toBe('---')
      expectSubscriptions(src.subscriptions).toBe('^--!')
    })
  })

  it('empty and error pass through', () => {
    ts().run(({ cold, expectObservable }) => {
      expectObservable(cold<OximetrySample>('|').pipe(staleness())).toBe('|')
      expectObservable(cold<OximetrySample>('--#').pipe(staleness())).toBe('--#')
    })
  })
})
