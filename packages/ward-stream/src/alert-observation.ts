import { alertObservation, type Observation } from '@openward/fhir'
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
 * A ward alert as a FHIR Observation through `@openward/fhir`'s alert builder: `effectivePeriod` is
 * the episode (start, and end once it ended), `issued` is when the rule fired (sample time),
 * `valueQuantity` the nadir, interpretation LL for urgent, L otherwise. The business identifier is
 * derived from rule, event type, time and patient, so writing it twice stores it once.
 */
export function wardAlertObservation(out: WardEventOutput): E.Either<InvalidField, Observation> {
  const e = out.event
  const iso = (ms: number): string => new Date(ms).toISOString()
  return E.map((obs: Observation): Observation => ({
    ...obs,
    effectivePeriod: e.endMs === null ? { start: iso(e.startMs) } : { start: iso(e.startMs), end: iso(e.endMs) },
    issued: iso(e.atMs),
  }))(
    alertObservation({
      rule: alertRuleText(out),
      severity: e.severity,
      // The identifier is rule + start + patient: the firing time makes each event of an episode distinct.
      startMs: e.atMs,
      endMs: e.endMs === null ? null : Math.max(e.endMs, e.atMs),
      nadir: e.nadir,
      patient: { reference: `Patient/${out.patientKey}` },
    }),
  )
}
