/**
 * `@openward/validators/fhir`: FHIR R4 / UK Core resource validation (`validateResource`), results as
 * FHIR OperationOutcome. Brings FHIRPath (fhirpath.js), UCUM (@lhncbc/ucum-lhc) and the compact R4
 * definitions; import identifiers from `@openward/validators/identifiers` to keep a page small.
 *
 * @packageDocumentation
 */
export type { IssueSeverity, IssueType, Issues, ValidationIssue } from './issue.js'
export { errorIssue, hasErrors, issue } from './issue.js'
export type { OperationOutcome, OperationOutcomeIssue } from './operation-outcome.js'
export { MESSAGE_ID_SYSTEM, toOperationOutcome } from './operation-outcome.js'
export type { ResourceProfile } from './profile.js'
export type { ResourceValidation, ValidateResourceOptions } from './validate-resource.js'
export { validateResource } from './validate-resource.js'
export { BUILT_IN_EXTENSIONS, BUILT_IN_PROFILES } from './profiles/built-in-profiles.js'
export type { R4VitalSign } from './profiles/r4-vital-signs.js'
export { R4_VITAL_SIGNS } from './profiles/r4-vital-signs.js'
export {
  ETHNIC_CATEGORY_URL,
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
export type { FhirXmlError, FhirXmlErrorKind } from './xml/fhir-xml-error.js'
export type { ParseFhirXmlOptions } from './xml/fhir-xml.js'
export { FHIR_NAMESPACE, parseFhirXml, toFhirXml } from './xml/fhir-xml.js'
