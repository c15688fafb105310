// spo2 alert events go to @openward/fhir's builder as they are: checked at run time on real data, and at
// compile time (`tsc -p packages/spo2` includes this file): each `@ts-expect-error` below must stay an error.
import { makeSample } from '@openward/core'
import { type DetectorAlertEvent, detectorAlertObservation, type Observation } from '@openward/fhir'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  type AlertSpan,
  alertSpans,
  type DesaturationEvent,
  detectSustainedBelow,
  detectThresholdAlerts,
  type LevelChange,
  type StaleEvent,
  type SustainedBelowEvent,
  summarizeSpo2,
} from '../src/index.js'
import { OVERNIGHT, readSpo2Column } from './data.js'

const t0 = Date.UTC(2026, 0, 5, 22, 0, 0)
const samples = readSpo2Column(OVERNIGHT).map((v, i) =>
  makeSample({ timeMs: t0 + i * 1000, clock: 'recording', spo2: v, pulseRate: null, provenance: { protocol: 'csv' } }),
)
const patient = { nhsNumber: '9000000009' }
const right = (r: E.Either<unknown, Observation>): Observation => {
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

describe('spo2 alert events meet the FHIR alert builder', () => {
  const sustained = detectSustainedBelow(samples, { threshold: 88 })

  it('sustained-low raised/cleared: one identifier per run, preliminary then final, the nadir as the value', () => {
    expect(sustained.length).toBeGreaterThan(2)
    for (const e of sustained) {
      const obs = right(detectorAlertObservation(e, { patient }))
      expect(obs.status).toBe(e.type === 'raised' ? 'preliminary' : 'final')
      expect(obs.valueQuantity?.value).toBe(e.nadirSpo2)
      expect(obs.effectivePeriod?.start).toBe(new Date(e.startMs).toISOString())
      expect(obs.effectivePeriod?.end).toBe(e.endMs === null ? undefined : new Date(e.endMs).toISOString())
      expect(obs.interpretation?.[0]?.coding?.[0]?.code).toBe('LL')
      expect(obs.method?.text).toContain('openward-sustained-below@1.1.0')
    }
    const [raised, cleared] = sustained.map((e) => right(detectorAlertObservation(e, { patient })))
    expect(raised!.identifier).toEqual(cleared!.identifier)
  })

  it('alert spans and threshold level changes fit too (no nadir tracked: dataAbsentReason, not a number)', () => {
    const spans = alertSpans(sustained)
    for (const s of spans) expect(right(detectorAlertObservation(s, { patient })).status).toBe('final')
    const levels = detectThresholdAlerts(samples)
    expect(levels.length).toBeGreaterThan(0)
    const codes = new Set<string | undefined>()
    for (const e of levels) {
      const obs = right(detectorAlertObservation(e, { patient }))
      expect(obs.valueQuantity).toBeUndefined()
      expect(obs.dataAbsentReason).toBeDefined()
      codes.add(obs.interpretation?.[0]?.coding?.[0]?.code)
    }
    expect(codes).toEqual(new Set(['LL', 'L', 'N']))
  })

  it('a nadir outside 0–100 % is refused, not stored', () => {
    const e = { ...sustained[0]!, nadirSpo2: 140 }
    expect(E.isLeft(detectorAlertObservation(e, { patient }))).toBe(true)
  })
})

describe('types that tell the truth (compile-time)', () => {
  it('every spo2 alert event is a DetectorAlertEvent; other shapes do not compile', () => {
    const raised: SustainedBelowEvent = detectSustainedBelow(samples, { threshold: 88 })[0]!
    const span: AlertSpan = alertSpans([raised])[0]!
    const level: LevelChange = detectThresholdAlerts(samples)[0]!
    const accepted: DetectorAlertEvent[] = [raised, span, level]
    expect(accepted).toHaveLength(3)

    const desaturation: DesaturationEvent = summarizeSpo2(readSpo2Column(OVERNIGHT)).events3[0]!
    // Type-checked, never run: the wrong shapes below exist only to be refused by the compiler.
    const compileOnly = (): void => {
      // @ts-expect-error a desaturation is not an alert: it has no severity
      detectorAlertObservation(desaturation, { patient })
      const stale = { type: 'stale', atMs: 0, lastValidMs: null } as unknown as StaleEvent
      // @ts-expect-error a staleness event has no episode start
      detectorAlertObservation(stale, { patient })
      // @ts-expect-error the old nested nadir ({ timeMs, spo2 }) is not a number
      detectorAlertObservation({ ...raised, nadirSpo2: raised.nadir }, { patient })
      // @ts-expect-error a free-text severity is not one of the bands
      detectorAlertObservation({ ...raised, severity: 'critical' }, { patient })
      // @ts-expect-error the end is `null` while open, never left out
      detectorAlertObservation({ rule: 'r', severity: 'urgent', startMs: 0, nadirSpo2: 90 }, { patient })
    }
    expect(typeof compileOnly).toBe('function')
  })
})
