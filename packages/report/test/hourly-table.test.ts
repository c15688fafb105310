import { describe, expect, it } from 'vitest'

import { hourlyTable, overnightReport } from '../src/index.js'
import { secondsOf } from './fixtures.js'

// Three hours at 1 Hz, built so every figure can be worked out by hand:
// - hour 1: SpO2 96 with twelve 30 s dips to 88 (one every 5 min, from 120 s); pulse 60, 70 in the dips;
// - hour 2: 20 min of no reading, then 40 min at SpO2 94 and pulse 65;
// - hour 3: no reading at all (finger out).
// spo2's quality gate drops the first 5 s after the probe is attached (lock-on): at the start of the
// night and after the 20 min without a reading, so hour 1 has 3595 valid seconds and hour 2 has 2395.
const inDip = (i: number) => i < 3600 && i >= 120 && (i - 120) % 300 < 30
const samples = secondsOf(
  3 * 3600,
  (i) => (i < 3600 ? (inDip(i) ? 88 : 96) : i < 4800 ? null : i < 7200 ? 94 : null),
  (i) => (i < 3600 ? (inDip(i) ? 70 : 60) : i < 4800 ? null : i < 7200 ? 65 : null),
)

function table() {
  const report = overnightReport({ samples })
  if (report._tag === 'Left') throw new Error(report.left.message)
  return report.right
}

describe('hourlyTable', () => {
  it('gives each hour its own ODI, mean and minimum SpO2, T90 and pulse rate', () => {
    const { hourly } = table()
    expect(hourly).toHaveLength(3)
    const [h1, h2] = hourly
    // 12 dips of 8 points over 3595 valid seconds: 12 × 3600 / 3595 events per hour, at 3 % and at 4 %.
    expect(h1!.events3).toBe(12)
    expect(h1!.odi3.value).toBeCloseTo((12 * 3600) / 3595, 9)
    expect(h1!.odi4.value).toBeCloseTo((12 * 3600) / 3595, 9)
    expect(h1!.validMinutes).toBeCloseTo(3595 / 60, 9)
    // Mean (96·3235 + 88·360) / 3595; minimum 88; T90 = 12 × 30 s = 6 min.
    expect(h1!.meanSpo2.value).toBeCloseTo((96 * 3235 + 88 * 360) / 3595, 9)
    expect(h1!.minSpo2.value).toBe(88)
    expect(h1!.t90Minutes.value).toBeCloseTo(6, 6)
    // Pulse (60·3240 + 70·360) / 3600 = 61, from 60 to 70.
    expect(h1!.pulseRate.mean.value).toBeCloseTo(61, 6)
    expect(h1!.pulseRate.min.value).toBe(60)
    expect(h1!.pulseRate.max.value).toBe(70)
    // Hour 2: 2395 valid seconds at 94; no event, so ODI 0.
    expect(h2!.validMinutes).toBeCloseTo(2395 / 60, 9)
    expect(h2!.odi3.value).toBe(0)
    expect(h2!.meanSpo2.value).toBeCloseTo(94, 6)
    expect(h2!.minSpo2.value).toBe(94)
    expect(h2!.t90Minutes.value).toBe(0)
    expect(h2!.pulseRate.mean.value).toBeCloseTo(65, 6)
  })

  it('shows an hour without a valid SpO2 as no data with the reason, never as 0', () => {
    const h3 = table().hourly[2]!
    expect(h3.validMinutes).toBe(0)
    for (const f of [h3.odi3, h3.odi4, h3.meanSpo2, h3.minSpo2, h3.t90Minutes, h3.pulseRate.mean]) {
      expect(f.value).toBeNull()
      expect(f.reason).toMatch(/no valid SpO2|no pulse-rate reading/)
    }
  })

  it('counts the night’s events in the hour they start, so the hours add up to the night', () => {
    const report = table()
    const perHour = report.hourly.reduce((n, h) => n + h.events3, 0)
    expect(perHour).toBe(report.summary.events3.length)
  })

  it('rows are hours from the first sample; the last row ends at the last sample', () => {
    const rows = hourlyTable(samples.slice(0, 5400), table().summary)
    expect(rows.map((r) => r.endMs - r.startMs)).toEqual([3_600_000, 1_799_000])
    expect(hourlyTable([], table().summary)).toEqual([])
  })

  it('does not treat an hour boundary as the probe being put on again (no lock-on loss at each hour)', () => {
    const steady = secondsOf(
      2 * 3600,
      () => 95,
      () => 60,
    )
    const report = overnightReport({ samples: steady })
    if (report._tag === 'Left') throw new Error(report.left.message)
    expect(report.right.hourly.map((h) => h.validMinutes * 60)).toEqual([3595, 3600])
  })
})
