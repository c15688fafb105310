/**
 * Identifier and code-system URIs every Openward package writes or checks, stated once.
 *
 * Sources: NHS England FHIR identifier systems (https://fhir.nhs.uk/Id/…, UK Core "Identifier"
 * guidance); HL7 FHIR R4 terminologies (http://hl7.org/fhir/R4/terminologies-systems.html) for
 * LOINC, SNOMED CT and UCUM.
 *
 * @category model
 */
export const IdentifierSystem = {
  /** NHS number (England, Wales, Isle of Man). */
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  /** e-Referral Service Unique Booking Reference Number. */
  ubrn: 'https://fhir.nhs.uk/Id/UBRN',
  /** ODS organisation code. */
  odsOrganizationCode: 'https://fhir.nhs.uk/Id/ods-organization-code',
  /** ODS site code. */
  odsSiteCode: 'https://fhir.nhs.uk/Id/ods-site-code',
} as const
/** @category model */
export type IdentifierSystem = (typeof IdentifierSystem)[keyof typeof IdentifierSystem]

/**
 * Code systems (R4 terminologies-systems.html).
 *
 * @category model
 */
export const CodeSystem = {
  loinc: 'http://loinc.org',
  snomedCt: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
} as const
/** @category model */
export type CodeSystem = (typeof CodeSystem)[keyof typeof CodeSystem]
