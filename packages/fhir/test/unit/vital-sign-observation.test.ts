import { makeSample, sampleFlags } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  alertObservation,
  Observation,
  OBSERVATION_ID_SYSTEM,
  pulseRateObservation,
  samplesToObservations,
  spo2Observation,
} from '../../src/index.js'

const device = { serialNumber: 'SN-42|x', manufacturer: 'Nonin', model: '3150' }
const sample = makeSample({
  timeMs: Date.UTC(2024, 4, 1, 10, 30, 0, 250),
  clock: 'host',
  spo2: 94,
  pulseRate: 71,
  provenance: { protocol: 'plx-continuous', device },
})
const ctx = { subject: { reference: 'Patient/p1', nhsNumber: '9000000009' } }

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}
const codings = (o: Observation): string[] => (o.code.coding ?? []).map((c) => `${c.system}|${c.code}`)

describe('SpO2 and pulse-rate Observations (UK Core vital signs)', () => {
  it('builds SpO2 with LOINC 2708-6 + 59408-5, SNOMED 431314004 and UCUM %', () => {
    const obs = right(spo2Observation(sample, ctx))
    expect(codings(obs)).toEqual([
      'http://loinc.org|2708-6',
      'http://loinc.org|59408-5',
      'http://snomed.info/sct|431314004',
    ])
    expect(obs.valueQuantity).toEqual({ value: 94, unit: '%', system: 'http://unitsofmeasure.org', code: '%' })
    expect(obs.status).toBe('final')
    expect(obs.category?.[0]?.coding?.[0]).toMatchObject({
      system: 'http://terminology.hl7.org/CodeSystem/observation-category',
      code: 'vital-signs',
    })
    expect(obs.subject).toEqual({
      reference: 'Patient/p1',
      identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' },
    })
    expect(obs.effectiveDateTime).toBe('2024-05-01T10:30:00.250Z')
    expect(obs.device).toEqual({
      identifier: { system: 'urn:openward:device', value: 'SN-42%7Cx' },
      display: 'Nonin 3150',
    })
    expect(obs.meta?.profile).toEqual(['http://hl7.org/fhir/StructureDefinition/oxygensat'])
    expect(E.isRight(Observation.decode(obs))).toBe(true)
  })

  it('builds pulse rate with LOINC 8867-4, SNOMED 78564009 and UCUM /min', () => {
    const obs = right(pulseRateObservation(sample, { ...ctx, profile: 'uk-core' }))
    expect(codings(obs)).toEqual(['http://loinc.org|8867-4', 'http://snomed.info/sct|78564009'])
    expect(obs.valueQuantity).toMatchObject({ value: 71, system: 'http://unitsofmeasure.org', code: '/min' })
    expect(obs.meta?.profile).toEqual([
      'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-VitalSigns-HeartRate',
    ])
  })

  it('gives a stable business identifier from device + time + code, distinct per code', () => {
    const a = right(spo2Observation(sample, ctx)).identifier?.[0]
    const b = right(spo2Observation({ ...sample }, ctx)).identifier?.[0]
    const p = right(pulseRateObservation(sample, ctx)).identifier?.[0]
    expect(a).toEqual({ system: OBSERVATION_ID_SYSTEM, value: `SN-42%7Cx:${sample.timeMs}:2708-6` })
    expect(b).toEqual(a)
    expect(p?.value).toBe(`SN-42%7Cx:${sample.timeMs}:8867-4`)
  })

  it('refuses a sample without a value, a missing subject, a bad NHS number or no device id', () => {
    expect(E.isLeft(spo2Observation({ ...sample, spo2: null }, ctx))).toBe(true)
    expect(E.isLeft(spo2Observation(sample, { subject: {} }))).toBe(true)
    expect(E.isLeft(spo2Observation(sample, { subject: { nhsNumber: '123' } }))).toBe(true)
    const noDevice = { ...sample, provenance: { protocol: 'x' } }
    expect(E.isLeft(spo2Observation(noDevice, ctx))).toBe(true)
    expect(right(spo2Observation(noDevice, { ...ctx, deviceId: 'bed-3' })).identifier?.[0]?.value).toMatch(/^bed-3:/)
  })

  it('records device flags in a note, and skips unusable samples with a reason', () => {
    const moving = { ...sample, flags: sampleFlags({ motion: true }) }
    expect(right(spo2Observation(moving, ctx)).note).toEqual([{ text: 'Device flags: motion' }])
    const out = samplesToObservations(
      [
        sample,
        { ...sample, timeMs: sample.timeMs + 1000, flags: sampleFlags({ fingerOut: true }) },
        { ...sample, pulseRate: null },
      ],
      ctx,
    )
    expect(out.observations).toHaveLength(3)
    expect(out.skipped.map((s) => [s.index, s.sign])).toEqual([
      [1, 'spo2'],
      [1, 'pulseRate'],
      [2, 'pulseRate'],
    ])
  })
})

describe('detector alert as an Observation with interpretation', () => {
  const alert = {
    rule: 'spo2<90 for 15s',
    severity: 'critical',
    startMs: Date.UTC(2024, 4, 1, 3, 0, 0),
    endMs: Date.UTC(2024, 4, 1, 3, 1, 30),
    nadir: 84,
    patient: { nhsNumber: '9000000009' },
  }

  it('carries the event period, the nadir, LL for critical and a stable identifier', () => {
    const obs = right(alertObservation(alert))
    expect(obs.status).toBe('final')
    expect(obs.effectivePeriod).toEqual({ start: '2024-05-01T03:00:00.000Z', end: '2024-05-01T03:01:30.000Z' })
    expect(obs.valueQuantity).toMatchObject({ value: 84, code: '%' })
    expect(obs.interpretation?.[0]?.coding?.[0]?.code).toBe('LL')
    expect(obs.method?.text).toContain('spo2<90 for 15s')
    expect(obs.identifier?.[0]?.value).toBe(`spo2%3C90%20for%2015s:${alert.startMs}:9000000009`)
    expect(E.isRight(Observation.decode(obs))).toBe(true)
  })

  it('is preliminary while open, L for lower severities, dataAbsentReason without a nadir', () => {
    const obs = right(alertObservation({ ...alert, severity: 'warning', endMs: null, nadir: null }))
    expect(obs.status).toBe('preliminary')
    expect(obs.effectivePeriod).toEqual({ start: '2024-05-01T03:00:00.000Z' })
    expect(obs.interpretation?.[0]?.coding?.[0]?.code).toBe('L')
    expect(obs.valueQuantity).toBeUndefined()
    expect(obs.dataAbsentReason?.coding?.[0]?.code).toBe('unknown')
  })

  it('refuses an event that ends before it starts', () => {
    expect(E.isLeft(alertObservation({ ...alert, endMs: alert.startMs - 1 }))).toBe(true)
  })
})

describe('per-minute summaries', () => {
  it('one Observation per sign per minute: median value, the minute as period, count/min/max in a note', async () => {
    const { minuteSummaryObservations } = await import('../../src/index.js')
    const t0 = Date.UTC(2024, 4, 1, 10, 0, 0)
    const at = (s: number, spo2: number | null, flags = sampleFlags({})) => ({
      ...sample,
      timeMs: t0 + s * 1000,
      spo2,
      flags,
    })
    const samples = [
      at(0, 97),
      at(10, 95),
      at(20, 90),
      at(30, null),
      at(40, 60, sampleFlags({ fingerOut: true })),
      at(65, 99),
    ]
    const out = right(minuteSummaryObservations(samples, ctx, ['spo2']))
    expect(out.map((o) => [o.effectivePeriod?.start, o.valueQuantity?.value, o.note?.[0]?.text])).toEqual([
      ['2024-05-01T10:00:00.000Z', 95, 'Median of 3 samples (min 90, max 97)'],
      ['2024-05-01T10:01:00.000Z', 99, 'Median of 1 samples (min 99, max 99)'],
    ])
    expect(out[0]?.effectivePeriod?.end).toBe('2024-05-01T10:01:00.000Z')
    expect(out[0]?.identifier?.[0]?.value).toBe(`SN-42%7Cx:${t0}:2708-6:1min`)
    expect(right(minuteSummaryObservations([], ctx))).toEqual([])
  })
})
