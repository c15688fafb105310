import { type InvalidField, invalidField, isPlausible } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'

import type { CodeableConcept } from '../resources/datatypes.js'
import type { Observation } from '../resources/observation.js'
import { fhirDateTime, type SubjectInput, subjectReference } from './observation-context.js'
import { OBSERVATION_INTERPRETATION, SPO2, UCUM, VITAL_SIGNS_CATEGORY } from './vital-sign-codes.js'

/** Identifier system of detector alert Observations. @category constants */
export const ALERT_ID_SYSTEM = 'urn:openward:alert'

/**
 * The alert fields of a detector event, under the names `@openward/spo2` gives every alert event
 * (`AlertEventFields`: sustained-low `raised`/`cleared`, threshold `escalated`/`de-escalated`, `AlertSpan`).
 * Structural, so this package needs no dependency on spo2: a spo2 alert event fits as it is, and a
 * value of another shape does not compile.
 *
 * @category model
 */
export interface DetectorAlertEvent {
  /** The rule that fired: spo2's `{ name, version }`, or its `name@version` text (an `AlertSpan`'s `rule`). */
  readonly rule: string | { readonly name: string; readonly version: string }
  /** The band the alert stands for: `urgent` → LL "Critical low", `review` → L "Low", `normal` → N. */
  readonly severity: DetectorAlertSeverity
  readonly startMs: number
  /** `null` while the episode is open. */
  readonly endMs: number | null
  /** Lowest SpO2 (%) of the episode; `null` when the rule does not track it (then `dataAbsentReason`). */
  readonly nadirSpo2: number | null
}

/** The severities of {@link DetectorAlertEvent} (spo2's `AlertLevel`). @category model */
export type DetectorAlertSeverity = 'normal' | 'review' | 'urgent'

/** Whose alert it is, and from which device. @category model */
export interface DetectorAlertContext {
  readonly patient: SubjectInput
  /** Device reference to attach, if any. */
  readonly device?: { readonly reference: string; readonly display?: string }
}

/**
 * The loose input of {@link alertObservation}: rule text, free-text severity, `nadir` as a number.
 * No spo2 event has this shape; use {@link detectorAlertObservation} to pass one directly.
 *
 * @deprecated Use {@link detectorAlertObservation} with a {@link DetectorAlertEvent} and a {@link DetectorAlertContext}.
 * @category model
 */
export interface DetectorAlertInput extends DetectorAlertContext {
  /** The rule that fired, e.g. `spo2-below-90-for-15s`. */
  readonly rule: string
  /** The detector's severity; `critical`/`high`/`urgent`/`emergency` map to "critical low", anything else to "low". */
  readonly severity: string
  readonly startMs: number
  /** Absent or null while the event is still open. */
  readonly endMs?: number | null
  /** Lowest SpO2 (%) during the event, if known. */
  readonly nadir?: number | null
}

const CRITICAL = /* @__PURE__ */ new Set(['critical', 'high', 'urgent', 'emergency'])

// HL7 v3 ObservationInterpretation: LL = "Critical low", L = "Low", N = "Normal".
const INTERPRETATION = { LL: 'Critical low', L: 'Low', N: 'Normal' } as const

function interpretation(code: keyof typeof INTERPRETATION, text: string): CodeableConcept {
  return { coding: [{ system: OBSERVATION_INTERPRETATION, code, display: INTERPRETATION[code] }], text }
}

const SEVERITY_CODE: Record<DetectorAlertSeverity, keyof typeof INTERPRETATION> = {
  urgent: 'LL',
  review: 'L',
  normal: 'N',
}

/**
 * A detector alert as an Observation with interpretation (see the README for why not Flag or
 * DetectedIssue): SpO2 codes, `effectivePeriod` = the event, `valueQuantity` = the nadir,
 * `interpretation` L or LL, the rule in `method.text`. `status` is `preliminary` while the event is
 * open and `final` once it has ended. Its identifier (rule + start + patient) is stable, so an open
 * event can be rewritten by conditional update when it ends.
 *
 * @category builders
 */
export function alertObservation(alert: DetectorAlertInput): E.Either<InvalidField, Observation> {
  const code = CRITICAL.has(alert.severity.toLowerCase()) ? 'LL' : 'L'
  return buildAlert(alert, interpretation(code, `${alert.severity} desaturation`), alert.nadir ?? null)
}

/**
 * A spo2 alert event as an Observation, the event passed as it is (see {@link DetectorAlertEvent}):
 * the same resource and identifier as {@link alertObservation}, with the rule as `name@version`,
 * interpretation LL/L/N from the severity and the nadir from `nadirSpo2`.
 *
 * @example
 * for (const e of detectSustainedBelow(samples)) detectorAlertObservation(e, { patient: { nhsNumber } })
 * @category builders
 */
export function detectorAlertObservation(
  event: DetectorAlertEvent,
  context: DetectorAlertContext,
): E.Either<InvalidField, Observation> {
  const rule = typeof event.rule === 'string' ? event.rule : `${event.rule.name}@${event.rule.version}`
  const alert = { ...context, rule, severity: event.severity, startMs: event.startMs, endMs: event.endMs }
  const text = event.severity === 'normal' ? 'return to normal' : `${event.severity} desaturation`
  return buildAlert(alert, interpretation(SEVERITY_CODE[event.severity], text), event.nadirSpo2)
}

function buildAlert(
  alert: Omit<DetectorAlertInput, 'nadir'>,
  interp: CodeableConcept,
  nadir: number | null,
): E.Either<InvalidField, Observation> {
  if (alert.rule === '') return E.left(invalidField('rule', 'empty rule'))
  // A nadir outside 0–100 % (core's PlausibleRange) is a detector bug, never a value to store.
  if (nadir !== null && !isPlausible('spo2', nadir))
    return E.left(invalidField('nadir', 'outside the plausible SpO2 range 0–100 %', { value: nadir }))
  if (alert.endMs != null && alert.endMs < alert.startMs)
    return E.left(invalidField('endMs', 'ends before it starts', { value: alert.endMs }))
  return pipe(
    E.Do,
    E.apS('subject', subjectReference(alert.patient)),
    E.apS('start', fhirDateTime(alert.startMs)),
    E.apS('end', alert.endMs == null ? E.right(undefined) : fhirDateTime(alert.endMs)),
    E.map(({ subject, start, end }) => {
      const patientKey = alert.patient.nhsNumber ?? alert.patient.reference ?? ''
      const obs: Observation = {
        resourceType: 'Observation',
        identifier: [
          {
            system: ALERT_ID_SYSTEM,
            value: `${encodeURIComponent(alert.rule)}:${alert.startMs}:${encodeURIComponent(patientKey)}`,
          },
        ],
        status: end === undefined ? 'preliminary' : 'final',
        category: [VITAL_SIGNS_CATEGORY],
        code: { coding: SPO2.code.coding, text: 'Oxygen saturation nadir during a desaturation event' },
        subject,
        effectivePeriod: end === undefined ? { start } : { start, end },
        interpretation: [interp],
        method: { text: `Openward detector rule: ${alert.rule}` },
      }
      if (nadir !== null) obs.valueQuantity = { value: nadir, unit: '%', system: UCUM, code: '%' }
      else
        obs.dataAbsentReason = {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'unknown' }],
        }
      if (alert.device !== undefined) obs.device = { ...alert.device }
      return obs
    }),
  )
}
