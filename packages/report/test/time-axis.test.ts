import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  checkTimeZone,
  formatTime,
  overnightReport,
  renderHourlyTable,
  renderOvernightReportHtml,
  timeAxisFor,
  timeTicks,
  wallTimeOffsetMinutes,
  zoneOffsetMinutes,
} from '../src/index.js'
import { secondsOf } from './fixtures.js'

// UK summer time ends on the last Sunday of October at 01:00 UTC (The Summer Time Order 2002, SI
// 2002/262): in 2026, 25 October. 02:00 BST becomes 01:00 GMT, so the hour 01:00–02:00 happens twice.
const LONDON = { kind: 'clock', timeZone: 'Europe/London' } as const
const evening = Date.UTC(2026, 9, 24, 21, 0) // 22:00 BST
const morning = Date.UTC(2026, 9, 25, 7, 0) // 07:00 GMT

describe('time axis', () => {
  it('labels a night across the October BST → GMT change in local clock time, naming the zone where it changes', () => {
    const ticks = timeTicks(evening, morning, LONDON)
    expect(ticks.map((t) => t.label)).toEqual([
      '22:00 BST',
      '23:00',
      '00:00',
      '01:00',
      '01:00 GMT',
      '02:00',
      '03:00',
      '04:00',
      '05:00',
      '06:00',
      '07:00',
    ])
    // Ten hours of night on an axis that reads 22:00 to 07:00: the ticks are one real hour apart.
    expect(ticks.map((t) => t.timeMs - evening)).toEqual(Array.from({ length: 11 }, (_, i) => i * 3_600_000))
  })

  it('gives the hourly table real hours across the change: the fourth runs 01:30 BST to 01:30 GMT', () => {
    const start = Date.UTC(2026, 9, 24, 21, 30)
    const samples = secondsOf(
      9 * 3600,
      () => 96,
      () => 60,
      start,
    )
    const report = overnightReport({ samples })
    if (E.isLeft(report)) throw new Error(report.left.message)
    expect(report.right.timeAxis).toEqual(LONDON)
    const html = renderHourlyTable(report.right.hourly, report.right.timeAxis)
    const labels = [...html.matchAll(/<tr data-hour="\d+"><td>([^<]*)<\/td>/g)].map((m) => m[1])
    expect(labels).toEqual([
      '22:30 BST–23:30',
      '23:30–00:30',
      '00:30–01:30',
      '01:30–01:30 GMT',
      '01:30–02:30',
      '02:30–03:30',
      '03:30–04:30',
      '04:30–05:30',
      '05:30–06:29',
    ])
  })

  it('uses the zone asked for, and refuses an unknown one with a typed error', () => {
    const t = Date.UTC(2026, 6, 1, 12, 0)
    expect(formatTime(t, { kind: 'clock', timeZone: 'America/New_York' }, { withZone: true })).toBe('08:00 GMT-4')
    expect(formatTime(t, LONDON, { withZone: true, withSeconds: true })).toBe('13:00:00 BST')
    const bad = checkTimeZone('Europe/Atlantis')
    expect(E.isLeft(bad) && bad.left._tag).toBe('UnknownTimeZone')
    const report = overnightReport(
      {
        samples: secondsOf(
          10,
          () => 96,
          () => 60,
        ),
      },
      { timeZone: 'Mars/Olympus' },
    )
    expect(E.isLeft(report) && report.left.message).toContain("unknown time zone 'Mars/Olympus'")
  })

  it('shows elapsed time and "date unknown" for a recording without a date, never 1970', () => {
    const axis = timeAxisFor(0, 'Europe/London')
    expect(axis.kind).toBe('elapsed')
    expect(timeTicks(0, 2.5 * 3_600_000, axis).map((t) => t.label)).toEqual([
      '+0:00',
      '+0:15',
      '+0:30',
      '+0:45',
      '+1:00',
      '+1:15',
      '+1:30',
      '+1:45',
      '+2:00',
      '+2:15',
      '+2:30',
    ])
    const samples = secondsOf(
      3 * 3600,
      (i) => (i % 600 < 30 ? 89 : 96),
      () => 60,
      0,
    )
    const report = overnightReport({ samples })
    if (E.isLeft(report)) throw new Error(report.left.message)
    const html = renderOvernightReportHtml(report.right, { clock: { now: () => Date.UTC(2026, 11, 7) } })
    // What a reader sees (the page without its scripts, whose data are plain numbers of seconds).
    const text = html.replace(/<script[\s\S]*?<\/script>/g, '')
    expect(text).toContain('date unknown')
    expect(text).not.toContain('1970')
    expect(html).toContain('<td>+0:00–+1:00</td>')
  })
})

describe('device start times in local wall time', () => {
  it('finds the zone offset of a wall-clock start, in summer, in winter and on both change nights', () => {
    expect(zoneOffsetMinutes(Date.UTC(2026, 6, 1, 12), 'Europe/London')).toBe(60)
    expect(zoneOffsetMinutes(Date.UTC(2026, 0, 1, 12), 'Europe/London')).toBe(0)
    // An O2Ring started at 22:20 on 6 March 2025 (GMT) and at 22:20 on 1 July 2026 (BST).
    expect(wallTimeOffsetMinutes(Date.UTC(2025, 2, 6, 22, 20), 'Europe/London')).toBe(0)
    expect(wallTimeOffsetMinutes(Date.UTC(2026, 6, 1, 22, 20), 'Europe/London')).toBe(60)
    // 25 Oct 2026 01:30 happens twice (BST, then GMT): the first, BST, is taken.
    expect(wallTimeOffsetMinutes(Date.UTC(2026, 9, 25, 1, 30), 'Europe/London')).toBe(60)
    // 29 Mar 2026 01:30 does not exist (clocks go from 01:00 GMT to 02:00 BST): the GMT offset, so it
    // reads as 02:30 BST.
    expect(wallTimeOffsetMinutes(Date.UTC(2026, 2, 29, 1, 30), 'Europe/London')).toBe(0)
    expect(wallTimeOffsetMinutes(Date.UTC(2026, 6, 1, 22, 20), 'Asia/Kolkata')).toBe(330)
  })
})
