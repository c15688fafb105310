import { IdentifierSystem } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { validateNhsNumber } from '../identifiers/nhs-number.js'
import type { ValidationIssue } from '../issue.js'
import type { ResourceProfile } from '../profile.js'
import { type Json, objectAt, objectsAt, profileError, profileWarning } from './profile-helpers.js'

/** Canonical URL of UKCore-Patient. @category profiles */
export const UK_CORE_PATIENT_URL = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'
/** NamingSystem of NHS numbers (`IdentifierSystem.nhsNumber` in @openward/core). @category profiles */
export const NHS_NUMBER_SYSTEM = IdentifierSystem.nhsNumber
/** Extension-UKCore-NHSNumberVerificationStatus. @category profiles */
export const NHS_NUMBER_VERIFICATION_STATUS_URL =
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus'
export const ETHNIC_CATEGORY_URL = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory'

// ValueSet UKCore-NHSNumberVerificationStatus: England and Wales code systems (01-08) and NullFlavor NI.
const VERIFICATION_CODES: Readonly<Record<string, ReadonlySet<string>>> = {
  'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland': new Set([
    '01',
    '02',
    '03',
    '04',
    '05',
    '06',
    '07',
    '08',
  ]),
  'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusWales': new Set([
    '01',
    '02',
    '03',
    '04',
    '05',
    '06',
    '07',
    '08',
  ]),
  'http://terminology.hl7.org/CodeSystem/v3-NullFlavor': new Set(['NI']),
}

const P = 'ukcore.patient'

/**
 * UKCore-Patient 2.6.1 (NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN, structuredefinitions/UKCore-Patient):
 * identifier slice nhsNumber (by system, max 1, value required, verification-status extension
 * max 1 with its required binding), ethnicCategory max 1. The profile has no check-digit rule, so a
 * bad NHS number check digit is a warning here: conformance and NHS-number validity are separate.
 *
 * @category profiles
 */
export const UK_CORE_PATIENT: ResourceProfile = {
  url: UK_CORE_PATIENT_URL,
  resourceType: 'Patient',
  title: 'UK Core Patient',
  validate: (patient, path) => [
    ...checkNhsNumberSlice(patient, path),
    ...checkMaxExtension(patient, ETHNIC_CATEGORY_URL, 'ethnicCategory', path),
  ],
}

function checkNhsNumberSlice(patient: Json, path: string): ValidationIssue[] {
  const slice = objectsAt(patient, 'identifier').filter(({ item }) => item['system'] === NHS_NUMBER_SYSTEM)
  const issues: ValidationIssue[] = []
  if (slice.length > 1)
    issues.push(
      profileError(
        P,
        'nhsNumber.max',
        `at most one identifier with system ${NHS_NUMBER_SYSTEM} (found ${slice.length})`,
        `${path}.identifier`,
      ),
    )
  for (const { item, index } of slice) {
    const at = `${path}.identifier[${index}]`
    const value = item['value']
    if (typeof value !== 'string') {
      issues.push(profileError(P, 'nhsNumber.value', 'the NHS number identifier needs a value', `${at}.value`))
      continue
    }
    const checked = validateNhsNumber(value)
    if (E.isLeft(checked)) {
      const why = checked.left[0].message
      issues.push(
        profileWarning(
          P,
          'nhsNumber.invalid',
          `${why} (the profile does not require a valid check digit; the number is not a valid NHS number)`,
          `${at}.value`,
        ),
      )
    } else if (checked.right !== value) {
      issues.push(
        profileError(
          P,
          'nhsNumber.format',
          'the NHS number identifier value must be the 10 digits without spaces',
          `${at}.value`,
        ),
      )
    }
    issues.push(...checkVerificationStatus(item, at))
  }
  return issues
}

function checkVerificationStatus(identifier: Json, at: string): ValidationIssue[] {
  const exts = objectsAt(identifier, 'extension').filter(
    ({ item }) => item['url'] === NHS_NUMBER_VERIFICATION_STATUS_URL,
  )
  const issues: ValidationIssue[] = []
  if (exts.length > 1)
    issues.push(
      profileError(
        P,
        'verificationStatus.max',
        'at most one NHS number verification status extension',
        `${at}.extension`,
      ),
    )
  for (const { item, index } of exts) {
    const where = `${at}.extension[${index}].valueCodeableConcept`
    const codings = objectsAt(objectAt(item, 'valueCodeableConcept') ?? {}, 'coding')
    const ok = codings.some(({ item: c }) => VERIFICATION_CODES[String(c['system'])]?.has(String(c['code'])) === true)
    if (!ok) {
      issues.push(
        profileError(
          P,
          'verificationStatus.binding',
          'verification status must be a code from UKCore-NHSNumberVerificationStatus (England/Wales 01-08 or NullFlavor NI)',
          where,
        ),
      )
    }
  }
  return issues
}

function checkMaxExtension(resource: Json, url: string, name: string, path: string): ValidationIssue[] {
  const n = objectsAt(resource, 'extension').filter(({ item }) => item['url'] === url).length
  return n > 1
    ? [profileError(P, `${name}.max`, `at most one ${name} extension (found ${n})`, `${path}.extension`)]
    : []
}
