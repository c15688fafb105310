/**
 * Issue 13 class 1: builders never write a physiologically impossible value as a final
 * Observation. Rows are values a faulty decoder or device has produced; extend the table.
 */
import { makeSample, type OximetrySample, PlausibleRange } from '@openward/core'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { minuteSummaries, pulseRateObservation, samplesToObservations, spo2Observation } from '../../src/index.js'

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0)
const ctx = { subject: { reference: 'Patient/p1', nhsNumber: '9000000009' }, deviceId: 'SN-1' }
const sample = (i: number, spo2: number | null, pulseRate: number | null): OximetrySample =>
  makeSample({
    timeMs: T0 + i * 1000,
    clock: 'host',
    spo2,
    pulseRate,
    provenance: { protocol: 'plx-continuous', device: { serialNumber: 'SN-1' } },
  })

describe('single-sample builders refuse impossible values', () => {
  it.each([
    ['SpO2 118 %', 118],
    ['SpO2 −5 %', -5],
    ['SpO2 100.5 %', 100.5],
    ['SpO2 127 % (a 0x7f "no value" byte read as a value)', 127],
  ])('%s: Left Implausible, no Observation', (_name, spo2) => {
    const built = spo2Observation(sample(0, spo2, 70), ctx)
    expect(E.isLeft(built) && built.left).toMatchObject({ _tag: 'Implausible', quantity: 'spo2', value: spo2 })
  })

  it.each([
    ['pulse 422 /min', 422],
    ['pulse 0 /min', 0],
    ['pulse −1 /min', -1],
    ['pulse 511 /min (a 9-bit all-ones field)', 511],
  ])('%s: Left Implausible, no Observation', (_name, pulseRate) => {
    const built = pulseRateObservation(sample(0, 95, pulseRate), ctx)
    expect(E.isLeft(built) && built.left).toMatchObject({ _tag: 'Implausible', quantity: 'pulseRate' })
  })

  it.each([0, 70, 100])('SpO2 %i %% (range edges and inside) is built', (spo2) => {
    expect(E.isRight(spo2Observation(sample(0, spo2, 70), ctx))).toBe(true)
  })
})

describe('batch builders count and report what they refuse', () => {
  it('samplesToObservations: refused values are listed with reasons and never written', () => {
    const samples = [sample(0, 97, 70), sample(1, 118, 70), sample(2, -5, 422), sample(3, 96, 71)]
    const { observations, skipped, refused } = samplesToObservations(samples, ctx)
    expect(refused.map((r) => [r.index, r.sign, r.error.value])).toEqual([
      [1, 'spo2', 118],
      [2, 'spo2', -5],
      [2, 'pulseRate', 422],
    ])
    expect(skipped.filter((s) => s.reason.includes('outside'))).toHaveLength(3)
    const written = observations.map((o) => o.valueQuantity?.value)
    expect(written).toEqual([97, 70, 70, 96, 71])
  })

  it('minuteSummaries: impossible values never enter a median, and the note counts them', () => {
    const samples = [sample(0, 95, 70), sample(1, 118, 70), sample(2, 96, 422), sample(3, 97, 72)]
    const r = minuteSummaries(samples, ctx)
    if (E.isLeft(r)) throw new Error(r.left.message)
    const spo2 = r.right.observations.find((o) => o.code.coding?.[0]?.code === '2708-6')!
    const pulse = r.right.observations.find((o) => o.code.coding?.[0]?.code === '8867-4')!
    expect(spo2.valueQuantity?.value).toBe(96)
    expect(pulse.valueQuantity?.value).toBe(70)
    expect(spo2.note?.[0]?.text).toContain('1 implausible value(s) refused')
    expect(r.right.refused.map((x) => [x.index, x.sign])).toEqual([
      [1, 'spo2'],
      [2, 'pulseRate'],
    ])
  })

  it('property: no Observation ever carries a value outside PlausibleRange, and every refusal is reported', () => {
    const value = fc.oneof(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.integer({ min: -10, max: 600 }))
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { maxLength: 40 }), (pairs) => {
        const samples = pairs.map(([s, p], i) => sample(i, s, p))
        const { observations, refused } = samplesToObservations(samples, ctx)
        for (const o of observations) {
          const q = o.code.coding?.[0]?.code === '2708-6' ? PlausibleRange.spo2 : PlausibleRange.pulseRate
          const v = o.valueQuantity!.value!
          expect(v >= q.min && v <= q.max).toBe(true)
        }
        expect(observations.length + refused.length).toBe(samples.length * 2)
      }),
      { numRuns: 300 },
    )
  })
})
