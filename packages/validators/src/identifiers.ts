/**
 * `@openward/validators/identifiers`: NHS, CHI and H&C numbers, SNOMED CT ids, dm+d ids, LOINC codes,
 * ODS codes and UK postcodes. Small, dependency-free (fp-ts `Either` only) and browser-first: no
 * FHIRPath, no UCUM, no R4 definitions. UCUM units are on `@openward/validators/ucum`, FHIR
 * validation on `@openward/validators/fhir`.
 *
 * @packageDocumentation
 */
export type { IssueSeverity, IssueType, Issues, ValidationIssue } from './issue.js'
export { errorIssue, hasErrors, issue } from './issue.js'
export type { NhsNumber, NhsNumberRange } from './identifiers/nhs-number.js'
export { describeNhsNumberRange, isNhsNumber, nhsNumberRange, validateNhsNumber } from './identifiers/nhs-number.js'
export type { ChiNumber, ChiOptions } from './identifiers/chi-number.js'
export { isChiNumber, validateChiNumber } from './identifiers/chi-number.js'
export type { HcNumber } from './identifiers/hc-number.js'
export { isHcNumber, validateHcNumber } from './identifiers/hc-number.js'
export type { Sctid, SctidKind, SctidParts } from './identifiers/sctid.js'
export { isSctid, sctidParts, validateSctid, validateSnomedConceptId } from './identifiers/sctid.js'
export type { DmdId } from './identifiers/dmd-id.js'
export { describeDmdId, isDmdId, UK_DRUG_NAMESPACE, validateDmdId } from './identifiers/dmd-id.js'
export type { LoincCode } from './identifiers/loinc-code.js'
export {
  describeLoincCode,
  isLoincCode,
  LOINC_CHECK_DIGIT_EXCEPTIONS,
  loincCheckDigit,
  validateLoincCode,
} from './identifiers/loinc-code.js'
export type { OdsCode } from './identifiers/ods-code.js'
export { isOdsCode, validateOdsCode } from './identifiers/ods-code.js'
export type { PostcodeOptions, UkPostcode } from './identifiers/uk-postcode.js'
export { isUkPostcode, validateUkPostcode } from './identifiers/uk-postcode.js'
export { MAX_IDENTIFIER_INPUT_LENGTH } from './internal/input-bound.js'
