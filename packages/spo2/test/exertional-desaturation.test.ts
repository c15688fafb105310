import { type OximetrySample } from '@openward/core'
import { TestScheduler } from 'rxjs/testing'
import { describe, expect, it } from 'vitest'

import { assessSitToStand, EXERTIONAL_DESAT_RULE, sitToStand } from '../src/index.js'
import { rep, s, series } from './samples.js'

// 60 s rest at 97, 60 s exertion falling to `nadir + 1`, the nadir in the 10 s after it, then recovery.
function session(nadir: number): OximetrySample[] {
  const fall = Array.from({ length: 60 }, (_, i) => 97 - Math.round(((96 - nadir) * i) / 59))
  return series([...rep(97, 60), ...fall, ...rep(nadir, 10), ...rep(95, 10), ...rep(97, 40)])
}
const at = { exerciseStartMs: 60_000 }

describe('assessSitToStand', () => {
  it('a 3-point drop is flagged; 2 points is not', () => {
    const r3 = assessSitToStand(session(94), at)
    expect(r3).toMatchObject({
      rule: EXERTIONAL_DESAT_RULE,
      status: 'ok',
      baseline: 97,
      nadir: 94,
      drop: 3,
      desaturated: true,
    })
    expect(assessSitToStand(session(95), at)).toMatchObject({ drop: 2, desaturated: false })
  })

  it('measures the nadir after the exertion and the recovery time to within 1 point of baseline', () => {
    const r = assessSitToStand(session(90), at)
    expect(r.nadirMs).toBe(120_000)
    // nadir held until t=129, 95 for t=130..139, back to 97 (≥ 96) at t=140: 20 s after the end (t=120).
    expect(r.recoveryMs).toBe(20_000)
  })

  it('says why it cannot judge, instead of passing silently', () => {
    expect(assessSitToStand(series(rep(97, 30), 100), at).status).toBe('no-resting-data')
    expect(assessSitToStand(series(rep(97, 60)), at).status).toBe('no-exertion-data')
    expect(assessSitToStand([], at)).toMatchObject({ status: 'no-resting-data', desaturated: false })
  })

  it('flags a resting baseline below 96 % and ignores finger-out readings', () => {
    const data = series([...rep(95, 60), ...rep(94, 60)])
    data[70] = s(70, 60, ['fingerOut'])
    expect(assessSitToStand(data, at)).toMatchObject({ restingBelow96: true, nadir: 94 })
  })

  it('operator emits one result when the window has passed (marbles)', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const win = { exerciseStartMs: 2000, restMs: 2000, exerciseMs: 1000, afterMs: 1000 }
      const v = { a: s(0, 97), b: s(1, 97), c: s(2, 93), d: s(3, 94), e: s(4, 97), f: s(5, 97) }
      expectObservable(cold('abcdef|', v).pipe(sitToStand(win))).toBe('-----R|', {
        R: expect.objectContaining({ baseline: 97, nadir: 93, drop: 4, desaturated: true }),
      })
      expectObservable(cold<OximetrySample>('|').pipe(sitToStand(win))).toBe('(R|)', {
        R: expect.objectContaining({ status: 'no-resting-data' }),
      })
      expectObservable(cold('ab#', v).pipe(sitToStand(win))).toBe('--#')
    })
  })
})
