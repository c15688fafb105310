import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { overnightReport, overnightReportPage } from '../src/index.js'
import { secondsOf } from './fixtures.js'

describe('the event list', () => {
  it('lists every 3 % event and says which ones the 4 % rule counted too', () => {
    // One hour at SpO2 96 with 30 s dips every 5 min, alternating 3 points (to 93) and 6 points (to 90):
    // six of each, so six 3 %-only events and six that are also 4 % events.
    const dip = (i: number) => i >= 120 && (i - 120) % 300 < 30
    const samples = secondsOf(
      3600,
      (i) => (dip(i) ? (Math.floor((i - 120) / 300) % 2 === 0 ? 93 : 90) : 96),
      () => 60,
    )
    const report = overnightReport({ samples })
    if (E.isLeft(report)) throw new Error(report.left.message)
    const events = overnightReportPage(report.right).spans.filter((s) => s.kind === 'event')
    expect(events).toHaveLength(12)
    const both = events.filter((e) => e.detail?.endsWith('; also a 4 % event'))
    expect(both).toHaveLength(6)
    expect(both.every((e) => e.detail?.includes('nadir 90.0 %'))).toBe(true)
    expect(events.filter((e) => e.detail?.includes('nadir 93.0 %'))).toHaveLength(6)
    expect(report.right.figures.events4).toBe(6)
  })
})
