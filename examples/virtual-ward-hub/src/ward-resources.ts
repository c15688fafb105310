import { alertObservation, type Observation, samplesToObservations } from '@openward/fhir'
import * as E from 'fp-ts/lib/Either.js'

import type { PatientOutput } from './patient-pipeline.js'

/** What one pipeline output becomes in FHIR, and why nothing was built when nothing was. */
export interface WardResources {
  readonly observations: readonly Observation[]
  /** Reasons a sample or alert gave no Observation (no value, unusable flags): reported, never silent. */
  readonly skipped: readonly string[]
}

/**
 * Builds what each pipeline output becomes in FHIR. Samples are thinned to the first usable one per
 * device per `storeEveryMs` (default 1 000 ms): a bedside device may send dozens of frames a second,
 * the detector sees them all, the record keeps one reading per interval. It also keeps two frames
 * that arrived in one chunk (same receipt time, hence the same business identifier) from
 * being merged on the server.
 *
 * - a sample → one SpO2 and one pulse-rate Observation (UK Core vital signs, stable business
 *   identifier device + time + LOINC), unusable or empty values listed as skipped;
 * - an escalation → one alert Observation (interpretation L for `review`, LL for `urgent`) whose
 *   period is the run that fired it and whose value is the run's nadir. The target level is part of
 *   the rule, so a `review` and an `urgent` escalation never share an identifier.
 *
 * De-escalations and staleness are hub events, not Observations: they say nothing new about the
 * patient's saturation that the per-sample Observations do not already hold.
 */
export function wardResources(storeEveryMs = 1_000): (out: PatientOutput) => WardResources {
  const lastInterval = new Map<string, number>()
  return (out) => {
    const subject = { nhsNumber: out.feed.patient.nhsNumber }
    if (out.kind === 'alert') return alertResources(out, subject)
    const interval = Math.floor(out.sample.timeMs / storeEveryMs)
    if (interval <= (lastInterval.get(out.feed.deviceId) ?? Number.NEGATIVE_INFINITY))
      return { observations: [], skipped: [] }
    const { observations, skipped } = samplesToObservations([out.sample], { subject, deviceId: out.feed.deviceId })
    if (observations.length > 0) lastInterval.set(out.feed.deviceId, interval)
    return { observations, skipped: skipped.map((s) => `${out.feed.deviceId} ${s.sign}: ${s.reason}`) }
  }
}

function alertResources(
  out: Extract<PatientOutput, { kind: 'alert' }>,
  subject: { readonly nhsNumber: string },
): WardResources {
  const e = out.event
  if (e.type !== 'escalated') return { observations: [], skipped: [] }
  const built = alertObservation({
    rule: `${e.rule.name}@${e.rule.version}:${e.to}`,
    severity: e.to,
    startMs: e.sinceMs,
    endMs: e.atMs,
    nadir: out.nadir,
    patient: subject,
  })
  return E.isRight(built)
    ? { observations: [built.right], skipped: [] }
    : { observations: [], skipped: [`alert ${e.to} at ${e.atMs}: ${built.left.message}`] }
}
