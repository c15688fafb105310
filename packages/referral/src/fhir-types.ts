import { CodeSystem, IdentifierSystem } from '@openward/core'

/** A FHIR R4 resource as plain JSON. @category fhir */
export interface FhirResource {
  readonly resourceType: string
  readonly [element: string]: unknown
}

/** One entry of a transaction Bundle (R4 Bundle.entry with request). @category fhir */
export interface TransactionEntry {
  readonly fullUrl: string
  readonly resource: FhirResource
  readonly request: { readonly method: 'POST'; readonly url: string; readonly ifNoneExist?: string }
}

/** A FHIR R4 transaction Bundle (R4 Bundle, type "transaction"). @category fhir */
export interface TransactionBundle {
  readonly resourceType: 'Bundle'
  readonly type: 'transaction'
  readonly timestamp: string
  readonly entry: readonly TransactionEntry[]
}

/** FHIR code systems and identifier systems used in the bundle. @category fhir */
export const FHIR_SYSTEMS = {
  nhsNumber: IdentifierSystem.nhsNumber,
  ubrn: IdentifierSystem.ubrn,
  odsCode: IdentifierSystem.odsOrganizationCode,
  snomed: CodeSystem.snomedCt,
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
  mediaType: 'http://terminology.hl7.org/CodeSystem/media-type',
  uri: 'urn:ietf:rfc:3986',
} as const
