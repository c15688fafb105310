import { IdentifierSystem, type InvalidField, invalidField, type OximetrySample } from '@openward/core'
import { isValidNhsNumber } from '../internal/nhs-number.js'
import * as E from 'fp-ts/lib/Either.js'

import type { Reference } from '../resources/datatypes.js'

/** Identifier system of the business identifiers Openward gives Observations. @category constants */
export const OBSERVATION_ID_SYSTEM = 'urn:openward:observation'
/** Identifier system of device references built from a sample's provenance. @category constants */
export const DEVICE_ID_SYSTEM = 'urn:openward:device'

/** Who the Observation is about: a literal reference, an NHS number, or both. @category model */
export interface SubjectInput {
  /** A literal reference such as `Patient/123`. */
  readonly reference?: string
  /** A 10-digit NHS number (sent as `subject.identifier`). */
  readonly nhsNumber?: string
  readonly display?: string
}

/** Which `meta.profile` the builders claim. @category model */
export type ProfileClaim = 'hl7-vitals' | 'uk-core' | 'none'

/** What every Observation built from samples shares. @category model */
export interface ObservationContext {
  readonly subject: SubjectInput
  /** A literal Device reference; otherwise a logical one is built from the device key. */
  readonly device?: { readonly reference: string; readonly display?: string }
  /**
   * The device key in identifiers; defaults to the sample's serial number, then id, then name.
   * Needed when the samples name no device (a CSV import without its `device` option): the
   * business identifier is device + time + code, so without a key no Observation can be built
   * and every sample is skipped with the reason 'no device id'.
   */
  readonly deviceId?: string
  /** Identifier system of the business identifier (default {@link OBSERVATION_ID_SYSTEM}). */
  readonly identifierSystem?: string
  /** Which profile to claim in `meta.profile` (default `hl7-vitals`, which our sandbox validates). */
  readonly profile?: ProfileClaim
}

/** Builds `Observation.subject` from a {@link SubjectInput}. @category builders */
export function subjectReference(subject: SubjectInput): E.Either<InvalidField, Reference> {
  if (subject.reference === undefined && subject.nhsNumber === undefined)
    return E.left(invalidField('subject', 'needs a reference or an NHS number'))
  // NHS Data Model and Dictionary "NHS NUMBER": 10 digits with a modulus-11 check digit.
  if (subject.nhsNumber !== undefined && !isValidNhsNumber(subject.nhsNumber))
    return E.left(invalidField('subject.nhsNumber', 'not a valid 10-digit NHS number', { value: subject.nhsNumber }))
  const ref: Reference = {}
  if (subject.reference !== undefined) ref.reference = subject.reference
  if (subject.nhsNumber !== undefined) ref.identifier = { system: IdentifierSystem.nhsNumber, value: subject.nhsNumber }
  if (subject.display !== undefined) ref.display = subject.display
  return E.right(ref)
}

/**
 * The device part of a business identifier: the context's `deviceId`, else the sample's serial
 * number, id or name, percent-encoded so the value is safe inside a FHIR token search
 * (`|`, `,`, `$` and `\` are search syntax, R4 §search 3.1.1.6).
 *
 * @category builders
 */
export function deviceKey(sample: OximetrySample, ctx: ObservationContext): E.Either<InvalidField, string> {
  const d = sample.provenance.device
  const raw = ctx.deviceId ?? d?.serialNumber ?? d?.id ?? d?.name
  if (raw === undefined || raw === '')
    return E.left(invalidField('provenance.device', 'no device id: pass deviceId in the context'))
  return E.right(encodeURIComponent(raw))
}

/** `Observation.device`: the context's literal reference, else a logical identifier reference. @category builders */
export function deviceReference(sample: OximetrySample, ctx: ObservationContext, key: string): Reference {
  if (ctx.device !== undefined) return { ...ctx.device }
  const d = sample.provenance.device
  const display = [d?.manufacturer, d?.model ?? d?.name].filter((s) => s !== undefined).join(' ')
  const ref: Reference = { identifier: { system: DEVICE_ID_SYSTEM, value: key } }
  if (display !== '') ref.display = display
  return ref
}

/**
 * The stable business identifier of a reading: device + time + LOINC code. The same reading always
 * gets the same value, which is what makes `ifNoneExist` writes idempotent.
 *
 * @example
 * observationIdentifierValue('SN123', 1700000000000, '2708-6') // 'SN123:1700000000000:2708-6'
 * @category builders
 */
export function observationIdentifierValue(key: string, timeMs: number, loinc: string, suffix?: string): string {
  return `${key}:${timeMs}:${loinc}${suffix === undefined ? '' : `:${suffix}`}`
}

/** FHIR `dateTime` with milliseconds in UTC, e.g. `2024-01-02T03:04:05.678Z`. @category builders */
export function fhirDateTime(timeMs: number): E.Either<InvalidField, string> {
  const d = new Date(timeMs)
  if (!Number.isFinite(timeMs) || Number.isNaN(d.getTime()))
    return E.left(invalidField('timeMs', 'not a valid time', { value: timeMs }))
  return E.right(d.toISOString())
}
