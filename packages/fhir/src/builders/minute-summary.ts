import {
  CodeSystem,
  hasUnusableFlag,
  type Implausible,
  implausibility,
  type InvalidField,
  type OximetrySample,
} from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import type { Observation } from '../resources/observation.js'
import {
  deviceKey,
  deviceReference,
  fhirDateTime,
  OBSERVATION_ID_SYSTEM,
  type ObservationContext,
  observationIdentifierValue,
  subjectReference,
} from './observation-context.js'
import { VITAL_SIGNS, VITAL_SIGNS_CATEGORY, type VitalSign } from './vital-sign-codes.js'
import { profileFor, type RefusedSample } from './vital-sign-observation.js'

const MINUTE_MS = 60_000

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Options of {@link minuteSummaries}. @category model */
export interface MinuteSummaryOptions {
  /** Which vital signs to summarise (default both). */
  readonly signs?: readonly VitalSign[]
}

/**
 * One Observation per vital sign per clock minute, instead of one per sample: `effectivePeriod` is
 * the minute, `valueQuantity` the median of the usable values in it (samples with no value or an
 * unusable flag are left out), and a note gives the count, minimum and maximum, so a reader sees how
 * much the value moved. The identifier (device + minute start + LOINC + `1min`) is stable.
 * Physiologically impossible values (core's `PlausibleRange`) never enter a median: they are
 * refused, listed with their sample index, and counted in the minute's note. Minutes with no usable
 * value produce nothing. Samples must share one device.
 *
 * @category builders
 */
export function minuteSummaries(
  samples: readonly OximetrySample[],
  ctx: ObservationContext,
  options: MinuteSummaryOptions = {},
): E.Either<InvalidField, { observations: Observation[]; refused: RefusedSample[] }> {
  const signs = options.signs ?? ['spo2', 'pulseRate']
  const first = samples[0]
  const refused: RefusedSample[] = []
  if (first === undefined) return E.right({ observations: [], refused })
  const subject = subjectReference(ctx.subject)
  if (E.isLeft(subject)) return subject
  const key = deviceKey(first, ctx)
  if (E.isLeft(key)) return key
  const buckets = new Map<number, { sample: OximetrySample; index: number }[]>()
  samples.forEach((sample, index) => {
    const minute = Math.floor(sample.timeMs / MINUTE_MS) * MINUTE_MS
    const bucket = buckets.get(minute)
    if (bucket === undefined) buckets.set(minute, [{ sample, index }])
    else bucket.push({ sample, index })
  })
  const out: Observation[] = []
  for (const [minute, inMinute] of [...buckets.entries()].sort((a, b) => a[0] - b[0])) {
    for (const sign of signs) {
      const values: number[] = []
      let refusedHere = 0
      for (const { sample, index } of inMinute) {
        if (hasUnusableFlag(sample.flags)) continue
        const v = sign === 'spo2' ? sample.spo2 : sample.pulseRate
        if (v === null) continue
        const bad: Implausible | undefined = implausibility(sign, v)
        if (bad === undefined) values.push(v)
        else {
          refused.push({ index, sign, error: bad })
          refusedHere++
        }
      }
      values.sort((a, b) => a - b)
      if (values.length === 0) continue
      const start = fhirDateTime(minute)
      const end = fhirDateTime(minute + MINUTE_MS)
      if (E.isLeft(start)) return start
      if (E.isLeft(end)) return end
      const def = VITAL_SIGNS[sign]
      const refusedNote = refusedHere > 0 ? `; ${refusedHere} implausible value(s) refused` : ''
      const obs: Observation = {
        resourceType: 'Observation',
        identifier: [
          {
            system: ctx.identifierSystem ?? OBSERVATION_ID_SYSTEM,
            value: observationIdentifierValue(key.right, minute, def.loinc, '1min'),
          },
        ],
        status: 'final',
        category: [VITAL_SIGNS_CATEGORY],
        code: def.code,
        subject: subject.right,
        effectivePeriod: { start: start.right, end: end.right },
        valueQuantity: { value: median(values), unit: def.unit.unit, system: CodeSystem.ucum, code: def.unit.code },
        device: deviceReference(first, ctx, key.right),
        note: [
          {
            text: `Median of ${values.length} samples (min ${values[0]}, max ${values[values.length - 1]})${refusedNote}`,
          },
        ],
      }
      const profile = profileFor(def, ctx)
      if (profile !== undefined) obs.meta = { profile }
      out.push(obs)
    }
  }
  return E.right({ observations: out, refused })
}

/**
 * {@link minuteSummaries} returning only the Observations (impossible values are still refused
 * and counted in each minute's note).
 *
 * @category builders
 */
export function minuteSummaryObservations(
  samples: readonly OximetrySample[],
  ctx: ObservationContext,
  signs: readonly VitalSign[] = ['spo2', 'pulseRate'],
): E.Either<InvalidField, Observation[]> {
  return E.map((r: { observations: Observation[] }) => r.observations)(minuteSummaries(samples, ctx, { signs }))
}
