/**
 * `@openward/validators`: offline validation of NHS identifiers, clinical codes, UCUM units and
 * FHIR R4 / UK Core resources, with results shaped as FHIR `OperationOutcome` issues.
 *
 * @packageDocumentation
 */
export type { IssueSeverity, IssueType, Issues, ValidationIssue } from './issue.js'
export { errorIssue, hasErrors, issue } from './issue.js'
export type { OperationOutcome, OperationOutcomeIssue } from './operation-outcome.js'
export { MESSAGE_ID_SYSTEM, toOperationOutcome } from './operation-outcome.js'
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
export type { ResourceProfile } from './profile.js'
export type { ResourceValidation, ValidateResourceOptions } from './validate-resource.js'
export { validateResource } from './validate-resource.js'
export { BUILT_IN_PROFILES } from './profiles/built-in-profiles.js'
export type { R4VitalSign } from './profiles/r4-vital-signs.js'
export { R4_VITAL_SIGNS } from './profiles/r4-vital-signs.js'
export type { UcumUnit } from './identifiers/ucum-unit.js'
export { COMMON_UCUM_UNITS, isUcumUnit, MAX_UCUM_CODE_LENGTH, validateUcumUnit } from './identifiers/ucum-unit.js'
export {
  NHS_NUMBER_SYSTEM,
  NHS_NUMBER_VERIFICATION_STATUS_URL,
  UK_CORE_PATIENT,
  UK_CORE_PATIENT_URL,
} from './profiles/uk-core-patient.js'
export {
  ODS_ORGANIZATION_CODE_SYSTEM,
  ODS_SITE_CODE_SYSTEM,
  UK_CORE_ORGANIZATION,
  UK_CORE_ORGANIZATION_URL,
} from './profiles/uk-core-organization.js'
export {
  UK_CORE_HEART_RATE,
  UK_CORE_HEART_RATE_URL,
  UK_CORE_OXYGEN_SATURATION,
  UK_CORE_OXYGEN_SATURATION_URL,
} from './profiles/uk-core-vital-signs.js'
export {
  UK_CORE_DOCUMENT_REFERENCE,
  UK_CORE_DOCUMENT_REFERENCE_URL,
  UK_CORE_SERVICE_REQUEST,
  UK_CORE_SERVICE_REQUEST_URL,
} from './profiles/uk-core-requests.js'
export type { IdentifierKind, IdentifierVerdict } from './identifiers/check-identifier.js'
export { checkIdentifier, IDENTIFIER_KINDS, isIdentifierKind } from './identifiers/check-identifier.js'
