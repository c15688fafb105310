import { detectorAlertObservation, type Observation } from '@openward/fhir'
import type { InvalidField } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import type { WardEventOutput } from './ward-output.js'

/**
 * The rule string the writer puts in an alert Observation (`method.text` and its identifier):
 * `<rule>@<version>/<event type>[:<level>]`, so each event of an episode is its own Observation
 * (raised and cleared of one run are two records) and a reader can tell which definition fired.
 */
export function alertRuleText(out: WardEventOutput): string {
  const e = out.event
  return `${e.rule.name}@${e.rule.version}/${e.type}${e.level === null ? '' : `:${e.level}`}`
}

/**
 * A ward alert as a FHIR Observation through `@openward/fhir`'s `detectorAlertObservation` (the one
 * builder of detector alerts): interpretation LL/L/N from the severity (a return to normal is N
 * "Normal", not "Low"), `valueQuantity` the nadir (`dataAbsentReason` when unknown), the rule text in
 * `method.text`. `effectivePeriod` is the episode (start, and end once it ended) and `issued` is when
 * the rule fired (sample time). The business identifier is rule text + firing time + patient, so
 * writing it twice stores it once, and each event of an episode is its own record.
 */
export function wardAlertObservation(out: WardEventOutput): E.Either<InvalidField, Observation> {
  const e = out.event
  const iso = (ms: number): string => new Date(ms).toISOString()
  return E.map((obs: Observation): Observation => ({
    ...obs,
    effectivePeriod: e.endMs === null ? { start: iso(e.startMs) } : { start: iso(e.startMs), end: iso(e.endMs) },
    issued: iso(e.atMs),
  }))(
    detectorAlertObservation(
      {
        rule: alertRuleText(out),
        severity: e.severity,
        // The identifier is rule + start + patient: the firing time makes each event of an episode distinct.
        startMs: e.atMs,
        endMs: e.endMs === null ? null : Math.max(e.endMs, e.atMs),
        nadirSpo2: e.nadir,
      },
      { patient: { reference: `Patient/${out.patientKey}` } },
    ),
  )
}
