import { hasUnusableFlag, type InvalidField, type OximetrySample } from '@openward/core'
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
import { UCUM, VITAL_SIGNS, VITAL_SIGNS_CATEGORY, type VitalSign } from './vital-sign-codes.js'
import { profileFor } from './vital-sign-observation.js'

const MINUTE_MS = 60_000

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * One Observation per vital sign per clock minute, instead of one per sample: `effectivePeriod` is
 * the minute, `valueQuantity` the median of the usable values in it (samples with no value or an
 * unusable flag are left out), and a note gives the count, minimum and maximum, so a reader sees how
 * much the value moved. The identifier (device + minute start + LOINC + `1min`) is stable.
 * Minutes with no usable value produce nothing. Samples must share one device.
 *
 * @category builders
 */
export function minuteSummaryObservations(
  samples: readonly OximetrySample[],
  ctx: ObservationContext,
  signs: readonly VitalSign[] = ['spo2', 'pulseRate'],
): E.Either<InvalidField, Observation[]> {
  const first = samples[0]
  if (first === undefined) return E.right([])
  const subject = subjectReference(ctx.subject)
  if (E.isLeft(subject)) return subject
  const key = deviceKey(first, ctx)
  if (E.isLeft(key)) return key
  const buckets = new Map<number, OximetrySample[]>()
  for (const s of samples) {
    const minute = Math.floor(s.timeMs / MINUTE_MS) * MINUTE_MS
    buckets.set(minute, [...(buckets.get(minute) ?? []), s])
  }
  const out: Observation[] = []
  for (const [minute, inMinute] of [...buckets.entries()].sort((a, b) => a[0] - b[0])) {
    for (const sign of signs) {
      const values = inMinute
        .filter((s) => !hasUnusableFlag(s.flags))
        .map((s) => (sign === 'spo2' ? s.spo2 : s.pulseRate))
        .filter((v): v is number => v !== null)
        .sort((a, b) => a - b)
      if (values.length === 0) continue
      const start = fhirDateTime(minute)
      const end = fhirDateTime(minute + MINUTE_MS)
      if (E.isLeft(start)) return start
      if (E.isLeft(end)) return end
      const def = VITAL_SIGNS[sign]
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
        valueQuantity: { value: median(values), unit: def.unit.unit, system: UCUM, code: def.unit.code },
        device: deviceReference(first, ctx, key.right),
        note: [{ text: `Median of ${values.length} samples (min ${values[0]}, max ${values[values.length - 1]})` }],
      }
      const profile = profileFor(def, ctx)
      if (profile !== undefined) obs.meta = { profile }
      out.push(obs)
    }
  }
  return E.right(out)
}
