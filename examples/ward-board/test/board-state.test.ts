import type { WardEventOutput, WardSummaryOutput } from '@openward/ward-stream'
import { describe, expect, it } from 'vitest'

import fc from 'fast-check'

import { BoardState, formatAge } from '../src/board-state.js'
import { MinuteRing } from '../src/minute-ring.js'
import { placeChanged } from '../src/place-changed.js'
import { sparklinePath } from '../src/sparkline.js'

const T0 = Date.UTC(2026, 11, 7, 10, 0, 0)

function alert(
  patientKey: string,
  id: string,
  severity: 'review' | 'urgent' | 'normal',
  opts: { alertKey?: string; endMs?: number | null } = {},
): WardEventOutput {
  return {
    v: 1,
    id,
    kind: 'alert',
    tenant: 'north',
    patientKey,
    partition: 0,
    sourceSeq: 1,
    sentAtMs: T0,
    emittedAtMs: T0,
    event: {
      kind: 'alert',
      id,
      alertKey: opts.alertKey ?? `${patientKey}:bands`,
      source: 'threshold-alerts',
      type: severity === 'normal' ? 'de-escalated' : 'escalated',
      rule: { name: 'nhse-oximetry-home-2022', version: '1.0.0' } as WardEventOutput['event']['rule'],
      atMs: T0,
      startMs: T0,
      endMs: opts.endMs ?? null,
      nadir: 90,
      level: severity,
      severity,
    },
  }
}

const sample = (timeMs: number, spo2: number | null) =>
  ({ timeMs, spo2, pulseRate: 70, perfusionIndex: null, flags: [] }) as never

describe('BoardState', () => {
  it('orders unacknowledged urgent, then review, then acknowledged, then stale, then by the last minute band', () => {
    const s = new BoardState()
    s.applySamples('normal', [sample(T0, 97)])
    s.applySamples('review-band', [sample(T0, 97)])
    s.applyOutput(
      {
        v: 1,
        id: 'rb:summary',
        kind: 'summary',
        tenant: 'north',
        patientKey: 'review-band',
        partition: 0,
        sourceSeq: 1,
        sentAtMs: T0,
        emittedAtMs: T0,
        minuteStartMs: T0 - 60_000,
        samples: 60,
        validSamples: 60,
        minSpo2: 93,
        meanSpo2: 94,
        lastSpo2: 94,
        lastPulseRate: 70,
        lastTimeMs: T0 - 1000,
      },
      T0,
    )
    s.applySamples('stale', [sample(T0 - 120_000, 97)])
    s.applySamples('urgent-alert', [sample(T0, 90)])
    s.applyOutput(alert('urgent-alert', 'a1', 'urgent'), T0)
    s.applySamples('review-alert', [sample(T0, 94)])
    s.applyOutput(alert('review-alert', 'a2', 'review'), T0)
    s.applySamples('acked', [sample(T0, 90)])
    s.applyOutput(alert('acked', 'a3', 'urgent'), T0)
    s.applyAck({
      v: 1,
      alertId: 'a3',
      alertKey: 'acked:bands',
      patientKey: 'acked',
      observationIdentifier: null,
      by: 'n',
      atMs: T0,
    })
    expect(s.sorted(T0, 60_000).map((p) => p.key)).toEqual([
      'urgent-alert',
      'review-alert',
      'acked',
      'stale',
      'review-band',
      'normal',
    ])
  })

  it('keeps one band alert per patient: urgent replaces review (new episode key), de-escalation to review stays, normal closes', () => {
    const s = new BoardState()
    s.applyOutput(alert('p', 'r1', 'review', { alertKey: 'p:bands:t0' }), T0)
    s.applyOutput(alert('p', 'u1', 'urgent', { alertKey: 'p:bands:t1' }), T0)
    expect([...s.patient('p').alerts.values()].map((a) => a.output.id)).toEqual(['u1'])
    s.applyOutput(alert('p', 'r2', 'review', { alertKey: 'p:bands:t2', endMs: T0 + 5000 }), T0)
    expect([...s.patient('p').alerts.values()].map((a) => a.output.id)).toEqual(['r2'])
    s.applyOutput(alert('p', 'n1', 'normal', { alertKey: 'p:bands:t3', endMs: T0 + 9000 }), T0)
    expect(s.patient('p').alerts.size).toBe(0)
  })

  it('closes an episode when it ends and asks again when a new event of it comes (review → urgent)', () => {
    const s = new BoardState()
    s.applyOutput(alert('p', 'e1', 'review'), T0)
    s.applyAck({
      v: 1,
      alertId: 'e1',
      alertKey: 'p:bands',
      patientKey: 'p',
      observationIdentifier: null,
      by: 'n',
      atMs: T0,
    })
    expect(s.patient('p').alerts.get('p:bands')?.ack?.by).toBe('n')
    s.applyOutput(alert('p', 'e2', 'urgent'), T0 + 1000)
    expect(s.patient('p').alerts.get('p:bands')?.ack).toBeNull()
    s.applyOutput(alert('p', 'e3', 'normal'), T0 + 2000)
    expect(s.patient('p').alerts.size).toBe(0)
  })

  it('keeps an acknowledgement that arrives before its alert', () => {
    const s = new BoardState()
    s.applyAck({
      v: 1,
      alertId: 'e9',
      alertKey: 'q:bands',
      patientKey: 'q',
      observationIdentifier: null,
      by: 'm',
      atMs: T0,
    })
    s.applyOutput(alert('q', 'e9', 'urgent', { alertKey: 'q:bands' }), T0)
    expect(s.patient('q').alerts.get('q:bands')?.ack?.by).toBe('m')
  })

  it('never moves the latest value back in time, and "no value" is no band', () => {
    const s = new BoardState()
    s.applySamples('p', [sample(T0, 96)])
    s.applySamples('p', [sample(T0 - 1000, 80)])
    expect(s.patient('p').latest?.spo2).toBe(96)
    s.applySamples('p', [sample(T0 + 1000, null)])
    expect(BoardState.bandOf(s.patient('p'))).toBeNull()
  })

  it('uses the patient own bands (COPD 88–92) and NHSE when none is set', () => {
    const s = new BoardState()
    s.applySamples('copd', [sample(T0, 89)])
    s.setBands('copd', { normalAtOrAbove: 88, reviewAtOrAbove: 86 })
    s.applySamples('nhse', [sample(T0, 89)])
    expect(BoardState.bandOf(s.patient('copd'))).toBe('normal')
    expect(BoardState.bandOf(s.patient('nhse'))).toBe('urgent')
  })

  it('keeps 60 minutes of summaries for the sparkline', () => {
    const s = new BoardState()
    for (let m = 0; m < 90; m++) {
      const summary: WardSummaryOutput = {
        v: 1,
        id: `p:summary:${m}`,
        kind: 'summary',
        tenant: 'north',
        patientKey: 'p',
        partition: 0,
        sourceSeq: m,
        sentAtMs: T0,
        emittedAtMs: T0,
        minuteStartMs: T0 + m * 60_000,
        samples: 60,
        validSamples: 60,
        minSpo2: 95,
        meanSpo2: 96,
        lastSpo2: 96,
        lastPulseRate: 70,
        lastTimeMs: T0 + m * 60_000 + 59_000,
      }
      s.applyOutput(summary, T0)
    }
    const minutes = s.patient('p').minutes.toArray()
    expect(minutes).toHaveLength(60)
    expect(minutes[0]!.minuteStartMs).toBe(T0 + 30 * 60_000)
    expect(minutes[59]!.minuteStartMs).toBe(T0 + 89 * 60_000)
  })
})

describe('sparklinePath', () => {
  it('breaks the line at a minute with no value and at a missing minute', () => {
    const ring = new MinuteRing(60)
    for (const [m, v] of [
      [0, 96],
      [1, 95],
      [2, null],
      [3, 94],
      [5, 93],
    ] as const)
      ring.set(T0 + m * 60_000, v)
    const d = sparklinePath(ring, T0 + 360_000, { minutes: 6, width: 60, height: 20 })
    expect(d.match(/M/g)).toHaveLength(3)
    expect(d.match(/L/g)).toHaveLength(1)
  })
})

describe('formatAge', () => {
  it('says seconds, minutes and hours', () => {
    expect([formatAge(12_500), formatAge(125_000), formatAge(7_300_000)]).toEqual(['12 s', '2 min', '2 h'])
  })
})

describe('MinuteRing', () => {
  it('keeps what a list of the newest minutes within the window would keep, in any arrival order (fast-check)', () => {
    const op = fc.record({
      minute: fc.integer({ min: 0, max: 300 }),
      mean: fc.option(fc.double({ min: 70, max: 100, noNaN: true }), { nil: null }),
    })
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.array(op, { maxLength: 400 }), (capacity, ops) => {
        const ring = new MinuteRing(capacity)
        // The model: a map of minutes, dropping any that fall `capacity` or more behind the newest.
        const model = new Map<number, number | null>()
        let newest = -Infinity
        for (const { minute, mean } of ops) {
          const kept = ring.set(T0 + minute * 60_000, mean)
          expect(kept).toBe(minute > newest - capacity)
          if (!kept) continue
          model.set(minute, mean)
          newest = Math.max(newest, minute)
          for (const m of model.keys()) if (m <= newest - capacity) model.delete(m)
        }
        const expected = [...model]
          .sort((a, b) => a[0] - b[0])
          .map(([m, meanSpo2]) => ({ minuteStartMs: T0 + m * 60_000, meanSpo2 }))
        expect(ring.toArray()).toEqual(expected)
        expect(ring.newestMean()).toBe(newest === -Infinity ? null : (model.get(newest) ?? null))
      }),
    )
  })

  it('replaces a minute sent again, and never takes a time that is not a number', () => {
    const ring = new MinuteRing(60)
    ring.set(T0, 95)
    ring.set(T0, null)
    expect(ring.set(Number.NaN, 90)).toBe(false)
    expect(ring.toArray()).toEqual([{ minuteStartMs: T0, meanSpo2: null }])
    expect(ring.newestMean()).toBeNull()
  })
})

describe('placeChanged', () => {
  it('gives the order a full sort gives, after any items changed rank or were added (fast-check)', () => {
    const cmp = (rank: Map<string, number>) => (a: string, b: string) =>
      rank.get(a)! - rank.get(b)! || (a < b ? -1 : a > b ? 1 : 0)
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(80), fc.integer({ min: 0, max: 5 })), { maxLength: 30 }),
        (ranks, changes) => {
          const rank = new Map(ranks.map((r, i) => [`k${i}`, r]))
          const before = [...rank.keys()].sort(cmp(new Map(rank)))
          const changed = new Set<string>()
          // Indices past the end are new items (not in the old order).
          for (const [i, r] of changes) {
            rank.set(`k${i}`, r)
            changed.add(`k${i}`)
          }
          const after = placeChanged(before, changed, cmp(rank))
          expect(after).toEqual([...rank.keys()].sort(cmp(rank)))
        },
      ),
    )
  })

  it('leaves the order alone when nothing changed', () => {
    expect(placeChanged(['a', 'b'], new Set(), () => 0)).toEqual(['a', 'b'])
  })
})
