import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'

// The published FHIR R4 examples (npm hl7.fhir.r4.examples@4.0.1, HL7, CC0).
const require = createRequire(import.meta.url)
export const R4_EXAMPLES_DIR = dirname(require.resolve('hl7.fhir.r4.examples/package.json'))

/** All example file names (the package's own package.json excluded), sorted. */
export function r4ExampleFiles(): string[] {
  return readdirSync(R4_EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'package.json')
    .sort()
}

export function readR4Example(file: string): string {
  return readFileSync(join(R4_EXAMPLES_DIR, file), 'utf8')
}

/**
 * Examples our validator reports errors on, each checked by hand and judged genuinely invalid
 * against the R4 rules (not a validator bug). Key: file; value: why.
 */
export const KNOWN_INVALID_EXAMPLES: Readonly<Record<string, string>> = {
  'ImplementationGuide-fhir.json': 'the build IG lacks name and status (both 1..1)',
  'ig-r4.json': 'the build IG lacks name and status (both 1..1)',
  'Questionnaire-qs1.json': 'nested items lack linkId (1..1)',
  'SearchParameter-questionnaireresponse-extensions-QuestionnaireResponse-item-subject.json':
    'id is 67 characters; ids are at most 64',
  'SearchParameter-codesystem-extensions-CodeSystem-author.json': 'base (1..*) is missing',
  'SearchParameter-codesystem-extensions-CodeSystem-effective.json': 'base (1..*) is missing',
  'SearchParameter-codesystem-extensions-CodeSystem-end.json': 'base (1..*) is missing',
  'SearchParameter-codesystem-extensions-CodeSystem-keyword.json': 'base (1..*) is missing',
  'SearchParameter-codesystem-extensions-CodeSystem-workflow.json': 'base (1..*) is missing',
  'SearchParameter-valueset-extensions-ValueSet-author.json': 'base (1..*) is missing',
  'SearchParameter-valueset-extensions-ValueSet-effective.json': 'base (1..*) is missing',
  'SearchParameter-valueset-extensions-ValueSet-end.json': 'base (1..*) is missing',
  'SearchParameter-valueset-extensions-ValueSet-keyword.json': 'base (1..*) is missing',
  'SearchParameter-valueset-extensions-ValueSet-workflow.json': 'base (1..*) is missing',
  'Bundle-father.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'Claim-760151.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'Claim-760152.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'VisionPrescription-33124.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationDispense-meddisp0309.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationDispense-meddisp0313.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationDispense-meddisp0318.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationDispense-meddisp0324.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationDispense-meddisp0327.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationDispense-meddisp0328.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationDispense-meddisp0329.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationRequest-medrx0304.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationRequest-medrx0314.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationRequest-medrx0319.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationRequest-medrx0322.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationRequest-medrx0325.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationRequest-medrx0326.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationRequest-medrx0328.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationRequest-medrx0329.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationRequest-medrx0334.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'MedicationRequest-medrx0335.json': 'Quantity.system is http://unitsofmeasure.org but the code is not UCUM',
  'DeviceMetric-example.json': 'parent references DeviceDefinition; R4 allows Device only',
  'DeviceUseStatement-example.json': 'reasonReference references Procedure, not an allowed target',
  'MedicationRequest-medrx0301.json': 'dispenseRequest.performer references Practitioner; R4 allows Organization only',
  'Observation-clinical-gender.json': 'performer references Encounter, not an allowed target',
  'OrganizationAffiliation-orgrole1.json':
    'network references "Network", which is not a resource type (allowed: Organization)',
  'StructureDefinition-Definition.json': 'sdf-4: a non-abstract logical model without baseDefinition',
  'StructureDefinition-Event.json': 'sdf-4: a non-abstract logical model without baseDefinition',
  'StructureDefinition-FiveWs.json': 'sdf-4: a non-abstract logical model without baseDefinition',
  'StructureDefinition-Request.json': 'sdf-4: a non-abstract logical model without baseDefinition',
  'ActivityDefinition-blood-tubes-supply.json': 'txt-2: the narrative div holds only whitespace',
  'ActivityDefinition-heart-valve-replacement.json': 'txt-2: the narrative div holds only whitespace',
  'EventDefinition-example.json': 'txt-2: the narrative div holds only whitespace',
  'Observation-f202.json':
    'a body temperature (LOINC 8310-5) without effective[x]: the R4 bodytemp profile requires it (observation-vitalsigns.html)',
  'DiagnosticReport-example-pgx.json': 'presentedForm hash is not the SHA-1 of its data (datatypes.html#Attachment)',
  'Questionnaire-zika-virus-exposure-assessment.json': 'txt-2: the narrative is an empty <pre> (whitespace only)',
}

/**
 * The R4 build places structuredefinition-normative-version (context: StructureDefinition) on its own
 * ValueSets, CodeSystems and OperationDefinitions: 131 spec artefacts use it outside its declared
 * context. True when that misuse is a resource's only error.
 */
export function onlyNormativeVersionContext(
  issues: readonly { id: string; severity: string; message: string }[],
): boolean {
  const errors = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal')
  return (
    errors.length > 0 &&
    errors.every(
      (i) => i.id === 'fhir.extension.context' && i.message.includes('structuredefinition-normative-version'),
    )
  )
}

/** A fixed, deterministic subset for the normal suite: every Nth file plus all Observations and Patients. */
export function r4ExampleSubset(step = 10): string[] {
  const all = r4ExampleFiles()
  return all.filter(
    (f, i) =>
      (i % step === 0 || f.startsWith('Observation-') || f.startsWith('Patient-')) &&
      !f.startsWith('Bundle-') &&
      !f.startsWith('StructureDefinition-') &&
      !f.startsWith('ig-') &&
      !f.startsWith('ImplementationGuide-'),
  )
}
