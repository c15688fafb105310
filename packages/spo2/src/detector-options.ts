import { type InvalidField, invalidField, OpenwardError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import type { AlertBands } from './alert-bands.js'
import type { AnalyzeRecordingOptions } from './analyze-recording.js'
import type { ClinicalDesaturationOptions } from './clinical-desaturations.js'
import type { DesaturationOptions } from './desaturations.js'
import type { PobmDesaturationOptions } from './pobm-desaturations.js'
import type { PatientDetectorOptions } from './patient/patient-snapshot.js'
import type { QualityGateOptions } from './quality-gate.js'
import type { SustainedBelowOptions } from './sustained-below.js'
import type { ThresholdAlertOptions } from './threshold-alerts.js'

// What a detector setting may be. Before these checks a setting that is not a number made a rule
// silently inert (`forMs: NaN` or `persistMs: NaN` never trips; inverted bands never escalate) or fire
// on everything (`threshold: NaN` counts every reading as low): a wrong alert state with no error.

type Check = (value: number) => string | null

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const spo2Percent: Check = (v) => (v > 0 && v <= 100 ? null : 'must be an SpO2 in (0, 100] %')
const nonNegative: Check = (v) => (v >= 0 ? null : 'must be ≥ 0')
const positive: Check = (v) => (v > 0 ? null : 'must be > 0')

/** The first problem among `[field, value, rule]` rows whose value is set (`undefined` = the default). */
function firstProblem(rows: readonly (readonly [string, unknown, Check])[]): InvalidField | null {
  for (const [field, value, check] of rows) {
    if (value === undefined) continue
    if (!finite(value)) return invalidField(field, `must be a finite number, got ${shown(value)}`, { value })
    const problem = check(value)
    if (problem !== null) return invalidField(field, `${problem}, got ${value}`, { value })
  }
  return null
}

const shown = (v: unknown): string => (typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v)))

const either = <A>(problem: InvalidField | null, a: A): E.Either<InvalidField, A> =>
  problem === null ? E.right(a) : E.left(problem)

const at = (prefix: string, field: string): string => (prefix === '' ? field : `${prefix}.${field}`)

function bandsProblem(bands: AlertBands, prefix: string): InvalidField | null {
  // Both limits are required: a missing one is not "the default" but a half-written record.
  for (const field of ['normalAtOrAbove', 'reviewAtOrAbove'] as const)
    if (bands[field] === undefined) return invalidField(at(prefix, field), 'is required')
  const p = firstProblem([
    [at(prefix, 'normalAtOrAbove'), bands.normalAtOrAbove, spo2Percent],
    [at(prefix, 'reviewAtOrAbove'), bands.reviewAtOrAbove, spo2Percent],
  ])
  if (p !== null) return p
  return bands.reviewAtOrAbove <= bands.normalAtOrAbove
    ? null
    : invalidField(
        at(prefix, 'reviewAtOrAbove'),
        `must be ≤ normalAtOrAbove (${bands.normalAtOrAbove}), got ${bands.reviewAtOrAbove}: the review band would be empty or inverted`,
        { value: bands.reviewAtOrAbove },
      )
}

/**
 * Checks band limits, e.g. a patient's own limits read from a database, a KV bucket or a FHIR
 * resource: both finite SpO2 values in (0, 100] with `reviewAtOrAbove ≤ normalAtOrAbove`.
 *
 * @example
 * checkAlertBands({ normalAtOrAbove: 88, reviewAtOrAbove: 86 }) // Right
 * checkAlertBands({ normalAtOrAbove: 86, reviewAtOrAbove: 88 }) // Left(InvalidField 'reviewAtOrAbove')
 * @category options
 */
export function checkAlertBands(bands: AlertBands): E.Either<InvalidField, AlertBands> {
  if (typeof bands !== 'object' || bands === null)
    return E.left(invalidField('bands', 'must be { normalAtOrAbove, reviewAtOrAbove }', { value: bands }))
  return either(bandsProblem(bands, ''), bands)
}

function thresholdProblem(o: ThresholdAlertOptions, prefix: string): InvalidField | null {
  return (
    firstProblem([
      [at(prefix, 'persistMs'), o.persistMs, nonNegative],
      [at(prefix, 'hysteresisPoints'), o.hysteresisPoints, nonNegative],
      [at(prefix, 'recoverMs'), o.recoverMs, nonNegative],
      [at(prefix, 'maxGapMs'), o.maxGapMs, positive],
      [at(prefix, 'staleAfterMs'), o.staleAfterMs, positive],
    ]) ?? (o.bands === undefined ? null : bandsProblem(o.bands, at(prefix, 'bands')))
  )
}

function sustainedProblem(o: SustainedBelowOptions, prefix: string): InvalidField | null {
  return firstProblem([
    [at(prefix, 'threshold'), o.threshold, spo2Percent],
    [at(prefix, 'forMs'), o.forMs, nonNegative],
    [at(prefix, 'maxGapMs'), o.maxGapMs, positive],
  ])
}

function gateProblem(o: QualityGateOptions, prefix: string): InvalidField | null {
  const p = firstProblem([
    [at(prefix, 'minSpo2'), o.minSpo2, (v) => (v >= 0 && v < 100 ? null : 'must be in [0, 100)')],
    [at(prefix, 'maxSpo2'), o.maxSpo2, spo2Percent],
    [at(prefix, 'maxJump'), o.maxJump, positive],
    [at(prefix, 'lockOnMs'), o.lockOnMs, nonNegative],
    [at(prefix, 'reattachAfterMs'), o.reattachAfterMs, positive],
  ])
  if (p !== null) return p
  const min = o.minSpo2 ?? 0
  const max = o.maxSpo2 ?? 100
  return min < max
    ? null
    : invalidField(
        at(prefix, 'minSpo2'),
        `must be below maxSpo2 (${max}), got ${min}: every reading would be rejected`,
        {
          value: min,
        },
      )
}

/** Checks the options of `thresholdAlerts` / `detectThresholdAlerts`. @category options */
export function checkThresholdAlertOptions(o: ThresholdAlertOptions): E.Either<InvalidField, ThresholdAlertOptions> {
  return either(thresholdProblem(o, ''), o)
}

/** Checks the options of `sustainedBelow` / `detectSustainedBelow`. @category options */
export function checkSustainedBelowOptions(o: SustainedBelowOptions): E.Either<InvalidField, SustainedBelowOptions> {
  return either(sustainedProblem(o, ''), o)
}

/** Checks the options of `staleness`. @category options */
export function checkStalenessOptions(o: { readonly staleAfterMs?: number }): E.Either<InvalidField, typeof o> {
  return either(firstProblem([['staleAfterMs', o.staleAfterMs, positive]]), o)
}

/** Checks the options of `qualityGate` / `gateSamples`. @category options */
export function checkQualityGateOptions(o: QualityGateOptions): E.Either<InvalidField, QualityGateOptions> {
  return either(gateProblem(o, ''), o)
}

/**
 * Checks a patient detector's options, every stage's included (field paths such as
 * `sustainedBelow.threshold`). Use it on settings read from data before `createPatientDetector`,
 * which throws on the same problems.
 *
 * @category options
 */
export function checkPatientDetectorOptions(o: PatientDetectorOptions): E.Either<InvalidField, PatientDetectorOptions> {
  if (typeof o.patientKey !== 'string' || o.patientKey === '')
    return E.left(invalidField('patientKey', 'must be a non-empty string', { value: o.patientKey }))
  const problem =
    firstProblem([['staleAfterMs', o.staleAfterMs, positive]]) ??
    (o.bands === undefined ? null : bandsProblem(o.bands, 'bands')) ??
    (o.gate === undefined || o.gate === false ? null : gateProblem(o.gate, 'gate')) ??
    (o.thresholdAlerts === undefined || o.thresholdAlerts === false
      ? null
      : thresholdProblem(o.thresholdAlerts, 'thresholdAlerts')) ??
    (o.sustainedBelow === undefined || o.sustainedBelow === false
      ? null
      : sustainedProblem(o.sustainedBelow, 'sustainedBelow'))
  return either(problem, o)
}

// The batch side. A NaN `minCoverage` or `minValidS` switched the "too little data" gate off (every
// comparison with NaN is false), so a night with 5 % valid time got an ODI: "no data" as a number.
const whole =
  (min: number): Check =>
  (v) =>
    Number.isInteger(v) && v >= min ? null : `must be a whole number ≥ ${min}`
const fraction: Check = (v) => (v >= 0 && v <= 1 ? null : 'must be a fraction in [0, 1]')

function clinicalDesatProblem(o: ClinicalDesaturationOptions, prefix: string): InvalidField | null {
  return firstProblem([
    [at(prefix, 'threshold'), o.threshold, (v) => (v > 0 && v < 100 ? null : 'must be a drop in (0, 100) points')],
    [at(prefix, 'baselineS'), o.baselineS, positive],
    [at(prefix, 'minBaselineS'), o.minBaselineS, nonNegative],
    [at(prefix, 'minDurationS'), o.minDurationS, nonNegative],
    [at(prefix, 'baselineResetGapS'), o.baselineResetGapS, positive],
  ])
}

/** Checks the options of `desaturations` / `detectDesaturations` / `sampleDesaturations`. @category options */
export function checkDesaturationOptions(o: DesaturationOptions): E.Either<InvalidField, DesaturationOptions> {
  return either(firstProblem([['medianWindow', o.medianWindow, whole(1)]]) ?? clinicalDesatProblem(o, ''), o)
}

/** Checks the options of `pobmDesaturations`. @category options */
export function checkPobmDesaturationOptions(
  o: PobmDesaturationOptions,
): E.Either<InvalidField, PobmDesaturationOptions> {
  return either(
    firstProblem([
      ['threshold', o.threshold, (v) => (v > 0 && v < 100 ? null : 'must be a drop in (0, 100) points')],
      ['maxLength', o.maxLength, whole(1)],
      ['minDistMetaEvent', o.minDistMetaEvent, nonNegative],
      ['minLength', o.minLength, nonNegative],
    ]),
    o,
  )
}

/**
 * Checks the options of the summaries (`analyzeRecording`, `summarizeColumns`, `summarizeSpo2`,
 * `summarizeSeconds`), the quality gate's included.
 *
 * @category options
 */
export function checkAnalyzeRecordingOptions(
  o: AnalyzeRecordingOptions,
): E.Either<InvalidField, AnalyzeRecordingOptions> {
  if (o.profile !== undefined && o.profile !== 'clinical' && o.profile !== 'pobm')
    return E.left(
      invalidField('profile', `must be 'clinical' or 'pobm', got ${shown(o.profile)}`, { value: o.profile }),
    )
  const problem =
    firstProblem([
      ['medianWindow', o.medianWindow, whole(1)],
      ['minValidS', o.minValidS, nonNegative],
      ['minCoverage', o.minCoverage, fraction],
      ['samplingIntervalMs', o.samplingIntervalMs, positive],
      ['maxDesaturationIntervalMs', o.maxDesaturationIntervalMs, positive],
      ['maxHoldMs', o.maxHoldMs, positive],
    ]) ??
    (o.clinical === undefined ? null : clinicalDesatProblem(o.clinical, 'clinical')) ??
    (o.gate === undefined ? null : gateProblem(o.gate, 'gate'))
  return either(problem, o)
}

/**
 * @internal Options given in code are set-up (docs/architecture.md, "Errors"): a detector is never
 * built on a setting that would make it silently inert, so the factories throw `OpenwardError`
 * carrying the `InvalidField`. Settings read from data go through the `check…` functions first.
 */
export function optionsOrThrow<A>(checked: E.Either<InvalidField, A>): A {
  if (E.isLeft(checked)) throw new OpenwardError(checked.left)
  return checked.right
}
