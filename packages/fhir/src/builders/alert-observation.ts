import { type InvalidField, invalidField } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'

import type { CodeableConcept } from '../resources/datatypes.js'
import type { Observation } from '../resources/observation.js'
import { fhirDateTime, type SubjectInput, subjectReference } from './observation-context.js'
import { OBSERVATION_INTERPRETATION, SPO2, UCUM, VITAL_SIGNS_CATEGORY } from './vital-sign-codes.js'

/** Identifier system of detector alert Observations. @category constants */
export const ALERT_ID_SYSTEM = 'urn:openward:alert'

/**
 * The detector event we turn into a FHIR resource. Structural on purpose: any event of
 * `@openward/spo2` (or another detector) with these fields fits, without a dependency on it.
 *
 * @category model
 */
export interface DetectorAlertInput {
  /** The rule that fired, e.g. `spo2-below-90-for-15s`. */
  readonly rule: string
  /** The detector's severity; `critical`/`high` map to "critical low", anything else to "low". */
  readonly severity: string
  readonly startMs: number
  /** Absent or null while the event is still open. */
  readonly endMs?: number | null
  /** Lowest SpO2 (%) during the event, if known. */
  readonly nadir?: number | null
  readonly patient: SubjectInput
  /** Device reference to attach, if any. */
  readonly device?: { readonly reference: string; readonly display?: string }
}

const CRITICAL = new Set(['critical', 'high', 'urgent', 'emergency'])

function interpretation(severity: string): CodeableConcept {
  // HL7 v3 ObservationInterpretation: LL = "Critical low", L = "Low".
  const critical = CRITICAL.has(severity.toLowerCase())
  return {
    coding: [
      {
        system: OBSERVATION_INTERPRETATION,
        code: critical ? 'LL' : 'L',
        display: critical ? 'Critical low' : 'Low',
      },
    ],
    text: `${severity} desaturation`,
  }
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
  if (alert.rule === '') return E.left(invalidField('rule', 'empty rule'))
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
        interpretation: [interpretation(alert.severity)],
        method: { text: `Openward detector rule: ${alert.rule}` },
      }
      if (alert.nadir != null) obs.valueQuantity = { value: alert.nadir, unit: '%', system: UCUM, code: '%' }
      else
        obs.dataAbsentReason = {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'unknown' }],
        }
      if (alert.device !== undefined) obs.device = { ...alert.device }
      return obs
    }),
  )
}
