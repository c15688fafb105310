import { isOpenwardError, makeSample } from '@openward/core'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  analyzeRecording,
  checkAlertBands,
  checkAnalyzeRecordingOptions,
  checkPatientDetectorOptions,
  createPatientDetector,
  detectDesaturations,
  detectSustainedBelow,
  detectThresholdAlerts,
  gateSamples,
  type PatientDetectorOptions,
  pobmDesaturations,
  qualityGate,
  restorePatientDetector,
  staleness,
  summarizeSpo2,
  sustainedBelow,
  thresholdAlerts,
} from '../src/index.js'

const low = Array.from({ length: 120 }, (_, i) =>
  makeSample({ timeMs: i * 1000, clock: 'recording', spo2: 85, pulseRate: 80, provenance: { protocol: 'test' } }),
)

/** The field named by the `InvalidField` inside the thrown `OpenwardError`, or `'no throw'`. */
function refusedField(f: () => unknown): string {
  try {
    f()
    return 'no throw'
  } catch (e) {
    if (!isOpenwardError(e, 'InvalidField')) throw e
    return (e.error as unknown as { field: string }).field
  }
}

describe('detector settings that would silently change what alerts', () => {
  it('are refused at creation with an InvalidField naming the setting (they used to give no alert, or alerts on everything)', () => {
    const cases: [string, () => unknown, string][] = [
      // Each of these ran before: NaN durations never tripped, inverted bands never escalated,
      // a NaN threshold counted every reading as low.
      ['forMs NaN', () => detectSustainedBelow(low, { forMs: Number.NaN }), 'forMs'],
      ['threshold NaN', () => detectSustainedBelow(low, { threshold: Number.NaN }), 'threshold'],
      ['threshold as text', () => sustainedBelow({ threshold: '92' as unknown as number }), 'threshold'],
      ['threshold over 100', () => sustainedBelow({ threshold: 120 }), 'threshold'],
      ['maxGapMs 0', () => sustainedBelow({ maxGapMs: 0 }), 'maxGapMs'],
      ['persistMs NaN', () => detectThresholdAlerts(low, { persistMs: Number.NaN }), 'persistMs'],
      ['recoverMs negative', () => thresholdAlerts({ recoverMs: -1 }), 'recoverMs'],
      [
        'bands inverted',
        () => detectThresholdAlerts(low, { bands: { normalAtOrAbove: 80, reviewAtOrAbove: 95 } }),
        'bands.reviewAtOrAbove',
      ],
      ['staleAfterMs Infinity', () => staleness({ staleAfterMs: Number.POSITIVE_INFINITY }), 'staleAfterMs'],
      ['gate min above max', () => gateSamples(low, { minSpo2: 90, maxSpo2: 80 }), 'minSpo2'],
      ['gate maxJump NaN', () => qualityGate({ maxJump: Number.NaN }), 'maxJump'],
      [
        'patient: sustained threshold NaN',
        () => createPatientDetector({ patientKey: 'p', sustainedBelow: { threshold: Number.NaN } }),
        'sustainedBelow.threshold',
      ],
      [
        'patient: bands with a field missing',
        () => createPatientDetector({ patientKey: 'p', bands: { normalAtOrAbove: 92 } as never }),
        'bands.reviewAtOrAbove',
      ],
      ['patient: empty key', () => createPatientDetector({ patientKey: '' }), 'patientKey'],
    ]
    for (const [name, f, field] of cases) expect(refusedField(f), name).toBe(field)
  })

  it('settings at the edges of their ranges are accepted and still alert', () => {
    expect(detectSustainedBelow(low, { threshold: 100, forMs: 0 }).length).toBeGreaterThan(0)
    expect(
      detectThresholdAlerts(low, { bands: { normalAtOrAbove: 90, reviewAtOrAbove: 90 }, persistMs: 0 }),
    ).toHaveLength(1)
    const d = createPatientDetector({ patientKey: 'p', gate: { lockOnMs: 0 }, staleAfterMs: 1 })
    expect(low.flatMap((s) => d.push(s)).some((e) => e.source === 'sustained-below')).toBe(true)
  })

  it('checkAlertBands and checkPatientDetectorOptions give the same verdicts as an Either, for settings read from data', () => {
    expect(checkAlertBands({ normalAtOrAbove: 88, reviewAtOrAbove: 86 })).toEqual(
      E.right({ normalAtOrAbove: 88, reviewAtOrAbove: 86 }),
    )
    const bad = checkAlertBands(JSON.parse('{"normalAtOrAbove": "92", "reviewAtOrAbove": 90}') as never)
    expect(E.isLeft(bad) && bad.left).toMatchObject({ _tag: 'InvalidField', field: 'normalAtOrAbove' })
    expect(E.isLeft(checkAlertBands(null as never))).toBe(true)
    const opts = checkPatientDetectorOptions({ patientKey: 'p', thresholdAlerts: { persistMs: Number.NaN } })
    expect(E.isLeft(opts) && opts.left).toMatchObject({ field: 'thresholdAlerts.persistMs' })
  })

  it('any one non-finite number among otherwise valid settings is named (fast-check)', () => {
    const paths = [
      ['staleAfterMs'],
      ['bands', 'normalAtOrAbove'],
      ['gate', 'lockOnMs'],
      ['thresholdAlerts', 'recoverMs'],
      ['sustainedBelow', 'forMs'],
    ] as const
    fc.assert(
      fc.property(
        fc.constantFrom(...paths),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        (path, bad) => {
          const o: Record<string, unknown> = {
            patientKey: 'p',
            staleAfterMs: 30_000,
            bands: { normalAtOrAbove: 95, reviewAtOrAbove: 93 },
            gate: { lockOnMs: 5000 },
            thresholdAlerts: { recoverMs: 30_000 },
            sustainedBelow: { forMs: 15_000 },
          }
          expect(E.isRight(checkPatientDetectorOptions(o as unknown as PatientDetectorOptions))).toBe(true)
          if (path.length === 1) o[path[0]] = bad
          else (o[path[0]] as Record<string, unknown>)[path[1]] = bad
          const r = checkPatientDetectorOptions(o as unknown as PatientDetectorOptions)
          expect(E.isLeft(r) && r.left.field).toBe(path.join('.'))
        },
      ),
    )
  })

  it('a snapshot whose options are invalid is refused (SnapshotInconsistent), never restored into an inert detector', () => {
    const d = createPatientDetector({ patientKey: 'p' })
    low.slice(0, 10).forEach((s) => d.push(s))
    const snap = JSON.parse(JSON.stringify(d.snapshot())) as { options: Record<string, unknown> }
    snap.options.bands = { normalAtOrAbove: 80, reviewAtOrAbove: 95 }
    const r = restorePatientDetector(snap)
    expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'SnapshotInconsistent', stage: 'options' })
  })
})

describe('summary and desaturation settings', () => {
  // Four hours at 1 Hz with SpO2 (and desaturations) in the first 12 minutes only: 5 % coverage, above the
  // 10-minute floor, so only the coverage gate stands between this night and an index. With
  // `minCoverage: NaN` it read ODI3 35/h (clinical) and 0/h (pobm) instead of null, low-coverage.
  const sparse = Array.from({ length: 4 * 3600 }, (_, i) =>
    makeSample({
      timeMs: i * 1000,
      clock: 'recording',
      spo2: i < 720 ? 93 + ((i >> 4) % 5) - (i % 97 < 15 ? 6 : 0) : null,
      pulseRate: 70,
      provenance: { protocol: 'test' },
    }),
  )

  it('that would switch the no-data gate off are refused (a NaN minCoverage gave a 5 %-valid night an ODI)', () => {
    const gated = analyzeRecording(sparse)
    expect(gated.odi3).toBeNull()
    expect(gated.insufficient?.reason).toBe('low-coverage')
    const cases: [string, () => unknown, string][] = [
      ['minCoverage NaN', () => analyzeRecording(sparse, { minCoverage: Number.NaN }), 'minCoverage'],
      ['minCoverage over 1', () => summarizeSpo2([97, 96], { minCoverage: 2 }), 'minCoverage'],
      ['minValidS NaN', () => summarizeSpo2([97, 96], { profile: 'pobm', minValidS: Number.NaN }), 'minValidS'],
      ['medianWindow 0', () => summarizeSpo2([97, 96], { medianWindow: 0 }), 'medianWindow'],
      ['an unknown profile', () => summarizeSpo2([97], { profile: 'POBM' as never }), 'profile'],
      [
        'a clinical baseline of 0 s',
        () => analyzeRecording(sparse, { clinical: { baselineS: 0 } }),
        'clinical.baselineS',
      ],
      ['a gate setting', () => analyzeRecording(sparse, { gate: { lockOnMs: Number.NaN } }), 'gate.lockOnMs'],
      ['desaturation threshold NaN', () => detectDesaturations([], { threshold: Number.NaN }), 'threshold'],
      ['pobm maxLength 0', () => pobmDesaturations([97, 96], { maxLength: 0 }), 'maxLength'],
    ]
    for (const [name, f, field] of cases) expect(refusedField(f), name).toBe(field)
  })

  it('give the same verdict as an Either, and defaults pass', () => {
    expect(E.isRight(checkAnalyzeRecordingOptions({}))).toBe(true)
    expect(E.isRight(checkAnalyzeRecordingOptions({ profile: 'pobm', minCoverage: 0, minValidS: 0 }))).toBe(true)
    const bad = checkAnalyzeRecordingOptions({ maxHoldMs: -1 })
    expect(E.isLeft(bad) && bad.left).toMatchObject({ _tag: 'InvalidField', field: 'maxHoldMs' })
  })
})
