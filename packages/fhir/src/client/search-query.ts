import { isValidNhsNumber } from '../internal/nhs-number.js'

import { CodeSystem, IdentifierSystem } from '@openward/core'

import { VITAL_SIGNS, type VitalSign } from '../builders/vital-sign-codes.js'

/**
 * Search parameters as ordered name/value pairs: a name may repeat (`date=ge…&date=lt…`), which a
 * plain object cannot express.
 *
 * @category search
 */
export type SearchQuery = readonly (readonly [string, string])[]

/** Serialises a query for a URL (`a=1&b=2`), percent-encoding names and values. @category search */
export function queryString(query: SearchQuery): string {
  return query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
}

/**
 * Escapes FHIR search syntax in a token value: `\`, `|`, `,`, `$` (R4 §search 3.1.1.6). The one
 * place the client escapes search values.
 *
 * @category search
 */
export function escapeSearchValue(value: string): string {
  return value.replace(/[\\|,$]/g, (c) => `\\${c}`)
}

/**
 * The token search value of an identifier, `system|value` escaped (R4 §search 3.1.1.4.2), or
 * undefined without a value. Used by idempotent writes and outbox reconciliation alike.
 *
 * @category search
 */
export function identifierSearchToken(identifier: { system?: string; value?: string } | undefined): string | undefined {
  if (identifier?.value === undefined) return undefined
  const value = escapeSearchValue(identifier.value)
  return identifier.system === undefined ? value : `${escapeSearchValue(identifier.system)}|${value}`
}

/**
 * `Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|…`; undefined for an invalid NHS number,
 * so a typo never becomes a search that silently matches nobody.
 *
 * @example
 * patientByNhsNumber('9000000009') // [['identifier', 'https://fhir.nhs.uk/Id/nhs-number|9000000009']]
 * @category search
 */
export function patientByNhsNumber(nhsNumber: string): SearchQuery | undefined {
  if (!isValidNhsNumber(nhsNumber)) return undefined
  return [['identifier', `${IdentifierSystem.nhsNumber}|${nhsNumber}`]]
}

/** A time range; `from` inclusive, `to` exclusive, both epoch ms. @category search */
export interface TimeRange {
  readonly from?: number
  readonly to?: number
}

/** `date=ge…&date=lt…` for a range (R4 §search 3.1.1.4.6 prefixes). @category search */
export function dateRange(range: TimeRange, param = 'date'): SearchQuery {
  const out: [string, string][] = []
  if (range.from !== undefined) out.push([param, `ge${new Date(range.from).toISOString()}`])
  if (range.to !== undefined) out.push([param, `lt${new Date(range.to).toISOString()}`])
  return out
}

/** Who a vital-signs search is about. @category search */
export type PatientSelector =
  | { readonly reference: string }
  /** `subject:identifier=…`: matches the NHS number written inside Observation.subject. */
  | { readonly nhsNumber: string }

/**
 * Vital-sign Observations of one patient: category `vital-signs`, the LOINC code of `sign`, an
 * optional time range, newest first. Undefined for an invalid NHS number.
 *
 * @example
 * vitalSignsQuery({ nhsNumber: '9000000009' }, 'spo2', { from: Date.parse('2024-05-01') })
 * @category search
 */
export function vitalSignsQuery(
  patient: PatientSelector,
  sign?: VitalSign,
  range: TimeRange = {},
): SearchQuery | undefined {
  let who: [string, string]
  if ('reference' in patient) who = ['subject', patient.reference]
  else {
    if (patientByNhsNumber(patient.nhsNumber) === undefined) return undefined
    who = ['subject:identifier', `${IdentifierSystem.nhsNumber}|${patient.nhsNumber}`]
  }
  const query: [string, string][] = [who, ['category', 'vital-signs']]
  if (sign !== undefined) query.push(['code', `${CodeSystem.loinc}|${VITAL_SIGNS[sign].loinc}`])
  return [...query, ...dateRange(range), ['_sort', '-date']]
}
