import {
  CodeSystem,
  hasUnusableFlag,
  type Implausible,
  implausibility,
  type InvalidField,
  invalidField,
  type OximetrySample,
  setFlagNames,
} from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'

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
import { VITAL_SIGNS, VITAL_SIGNS_CATEGORY, type VitalSign, type VitalSignDefinition } from './vital-sign-codes.js'

/** `meta.profile` for the chosen claim. */
export function profileFor(def: VitalSignDefinition, ctx: ObservationContext): string[] | undefined {
  const claim = ctx.profile ?? 'hl7-vitals'
  if (claim === 'none') return undefined
  return [claim === 'uk-core' ? def.ukCoreProfile : def.hl7Profile]
}

/**
 * Builds one UK Core-conformant vital-sign Observation from a sample: status `final`, category
 * `vital-signs`, LOINC + SNOMED CT codes, a UCUM quantity, subject, `effectiveDateTime`, device and
 * the stable business identifier (device + time + LOINC code). Device flags that were set
 * (motion, low perfusion, …) are recorded in a note so a reader sees them.
 *
 * Left when the sample has no value for `sign`, the value is physiologically impossible
 * (`Implausible`: outside core's `PlausibleRange`, e.g. SpO2 118 % or pulse 422 /min: a decoding or
 * device fault, never written as a final Observation), or the context lacks a subject or device key.
 *
 * @example
 * vitalSignObservation('spo2', sample, { subject: { nhsNumber: '9000000009' } })
 * @category builders
 */
export function vitalSignObservation(
  sign: VitalSign,
  sample: OximetrySample,
  ctx: ObservationContext,
): E.Either<InvalidField | Implausible, Observation> {
  const def = VITAL_SIGNS[sign]
  const value = sign === 'spo2' ? sample.spo2 : sample.pulseRate
  if (value === null) return E.left(invalidField(sign, 'the sample has no value', { value }))
  const implausible = implausibility(sign, value)
  if (implausible !== undefined) return E.left(implausible)
  return pipe(
    E.Do,
    E.apS('subject', subjectReference(ctx.subject)),
    E.apS('key', deviceKey(sample, ctx)),
    E.apS('effective', fhirDateTime(sample.timeMs)),
    E.map(({ subject, key, effective }) => {
      const obs: Observation = {
        resourceType: 'Observation',
        identifier: [
          {
            system: ctx.identifierSystem ?? OBSERVATION_ID_SYSTEM,
            value: observationIdentifierValue(key, sample.timeMs, def.loinc),
          },
        ],
        status: 'final',
        category: [VITAL_SIGNS_CATEGORY],
        code: def.code,
        subject,
        effectiveDateTime: effective,
        valueQuantity: { value, unit: def.unit.unit, system: CodeSystem.ucum, code: def.unit.code },
        device: deviceReference(sample, ctx, key),
      }
      const profile = profileFor(def, ctx)
      if (profile !== undefined) obs.meta = { profile }
      const flags = setFlagNames(sample.flags)
      if (flags.length > 0) obs.note = [{ text: `Device flags: ${flags.join(', ')}` }]
      return obs
    }),
  )
}

/** SpO2 Observation from one sample. @category builders */
export const spo2Observation = (
  sample: OximetrySample,
  ctx: ObservationContext,
): E.Either<InvalidField | Implausible, Observation> => vitalSignObservation('spo2', sample, ctx)

/** Pulse-rate Observation from one sample. @category builders */
export const pulseRateObservation = (
  sample: OximetrySample,
  ctx: ObservationContext,
): E.Either<InvalidField | Implausible, Observation> => vitalSignObservation('pulseRate', sample, ctx)

/** Options of {@link samplesToObservations}. @category model */
export interface SamplesToObservationsOptions {
  /** Which vital signs to build (default both). */
  readonly signs?: readonly VitalSign[]
  /** Also build from samples flagged finger-out, searching or sensor-disconnected (default false). */
  readonly includeUnusable?: boolean
}

/** A sample that produced no Observation, and why. @category model */
export interface SkippedSample {
  readonly index: number
  readonly sign: VitalSign
  readonly reason: string
}

/** A value refused as physiologically impossible: never written. @category model */
export interface RefusedSample {
  readonly index: number
  readonly sign: VitalSign
  readonly error: Implausible
}

/** What {@link samplesToObservations} built, skipped and refused. @category model */
export interface SamplesToObservationsResult {
  readonly observations: Observation[]
  /** Every sample-and-sign that produced no Observation, with the reason (refused ones included). */
  readonly skipped: SkippedSample[]
  /** The subset of `skipped` refused as physiologically impossible, with the typed reason. */
  readonly refused: RefusedSample[]
}

/**
 * Per-sample Observations for a list of samples. Samples without a value and (by default) samples
 * whose flags make them unusable are skipped and listed, never silently dropped; impossible values
 * (core's `PlausibleRange`) are refused, listed in both `skipped` and `refused`, and never written.
 *
 * Each Observation's identifier names the device (see {@link ObservationContext.deviceId}). Samples
 * that name no device, such as a CSV import, need `deviceId` in the context; without it every
 * sample is skipped with the reason 'no device id' and `observations` is empty.
 *
 * @example
 * samplesToObservations(samples, { subject: { nhsNumber: '9000000009' }, deviceId: 'cms50-bed-4' })
 * @category builders
 */
export function samplesToObservations(
  samples: readonly OximetrySample[],
  ctx: ObservationContext,
  options: SamplesToObservationsOptions = {},
): SamplesToObservationsResult {
  const signs = options.signs ?? ['spo2', 'pulseRate']
  const observations: Observation[] = []
  const skipped: SkippedSample[] = []
  const refused: RefusedSample[] = []
  samples.forEach((sample, index) => {
    for (const sign of signs) {
      if (options.includeUnusable !== true && hasUnusableFlag(sample.flags)) {
        skipped.push({ index, sign, reason: `unusable: ${setFlagNames(sample.flags).join(', ')}` })
        continue
      }
      const built = vitalSignObservation(sign, sample, ctx)
      if (E.isRight(built)) observations.push(built.right)
      else {
        skipped.push({ index, sign, reason: built.left.message })
        if (built.left._tag === 'Implausible') refused.push({ index, sign, error: built.left })
      }
    }
  })
  return { observations, skipped, refused }
}
