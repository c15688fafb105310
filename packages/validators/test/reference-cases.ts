import { BROKEN_OBSERVATIONS, HEART_RATE } from './broken-observations.js'

// Cases for the differential against the HL7 reference (Java) validator, which could not be run
// here (a JVM jar outside this environment). Each expected verdict is read from the rule text the
// reference validator implements (FHIR R4 4.0.1, page and section or invariant cited), for resources
// that need no external package or terminology server. Expected values are written by hand from the
// text; none is computed by the code under test.

export interface ReferenceCase {
  readonly name: string
  /** Where the rule is stated. */
  readonly rule: string
  readonly resource: unknown
  /** The reference validator's verdict per the rule text: true = no error. */
  readonly referenceValid: boolean
}

const XHTML = 'http://www.w3.org/1999/xhtml'
const uuid = (n: number): string => `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const basic = (extra: Record<string, unknown>) => ({ resourceType: 'Basic', code: { text: 'note' }, ...extra })
const narrative = (div: string) => basic({ text: { status: 'generated', div } })
const coverage = {
  resourceType: 'Coverage',
  contained: [{ resourceType: 'Organization', id: 'payer', name: 'Payer Ltd' }],
  status: 'active',
  beneficiary: { reference: 'Patient/p1' },
  payor: [{ reference: '#payer' }],
}
const encounter = (start: string, end: string) => ({
  resourceType: 'Encounter',
  status: 'finished',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
  period: { start, end },
})
const questionnaire = (enableWhen: number) => ({
  resourceType: 'Questionnaire',
  status: 'active',
  item: [
    { linkId: 'a', type: 'boolean' },
    {
      linkId: 'b',
      type: 'string',
      enableWhen: Array.from({ length: enableWhen }, () => ({ question: 'a', operator: '=', answerBoolean: true })),
    },
  ],
})
const media = (content: Record<string, unknown>) => ({
  resourceType: 'Media',
  status: 'completed',
  content: { contentType: 'text/plain', data: 'SGVsbG8gd29ybGQ=', ...content },
})
const spo2 = (extra: Record<string, unknown>) => ({
  resourceType: 'Observation',
  status: 'final',
  category: [
    { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] },
  ],
  code: { coding: [{ system: 'http://loinc.org', code: '2708-6' }] },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: '2024-05-01T10:00:00Z',
  valueQuantity: { value: 96, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
  ...extra,
})
const collection = (resources: unknown[]) => ({
  resourceType: 'Bundle',
  type: 'collection',
  entry: resources.map((resource, i) => ({ fullUrl: uuid(i + 1), resource })),
})
const birthPlace = 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace'

export const REFERENCE_CASES: readonly ReferenceCase[] = [
  // ref-1 and %rootResource (references.html#contained; fhirpath.html variables)
  { name: 'contained payer, alone', rule: 'ref-1', resource: coverage, referenceValid: true },
  {
    name: 'contained payer in a Bundle entry',
    rule: 'ref-1; %rootResource',
    resource: collection([coverage]),
    referenceValid: true,
  },
  {
    name: 'contained payer in Parameters',
    rule: 'ref-1; %rootResource',
    resource: { resourceType: 'Parameters', parameter: [{ name: 'c', resource: coverage }] },
    referenceValid: true,
  },
  {
    name: '#payer not contained',
    rule: 'ref-1',
    resource: { ...coverage, contained: undefined },
    referenceValid: false,
  },
  {
    name: 'unresolved urn:uuid in a collection (warning only)',
    rule: 'bundle.html#references',
    resource: collection([{ ...spo2({}), subject: { reference: uuid(99) } }]),
    referenceValid: true,
  },
  // Narrative (narrative.html#xhtml, txt-1, txt-2)
  {
    name: 'plain narrative',
    rule: 'narrative.html',
    resource: narrative(`<div xmlns="${XHTML}"><p>ok &amp; fine</p></div>`),
    referenceValid: true,
  },
  {
    name: 'script in narrative',
    rule: 'txt-1',
    resource: narrative(`<div xmlns="${XHTML}"><script>x()</script>a</div>`),
    referenceValid: false,
  },
  {
    name: 'onclick in narrative',
    rule: 'txt-1',
    resource: narrative(`<div xmlns="${XHTML}"><p onclick="x()">a</p></div>`),
    referenceValid: false,
  },
  {
    name: 'iframe in narrative',
    rule: 'narrative.html#xhtml',
    resource: narrative(`<div xmlns="${XHTML}"><iframe src="x"></iframe>a</div>`),
    referenceValid: false,
  },
  {
    name: 'bare & in narrative',
    rule: 'narrative.html (well-formed XHTML)',
    resource: narrative(`<div xmlns="${XHTML}">a & b</div>`),
    referenceValid: false,
  },
  {
    name: 'unknown entity in narrative',
    rule: 'narrative.html (well-formed XHTML)',
    resource: narrative(`<div xmlns="${XHTML}">&bogus;</div>`),
    referenceValid: false,
  },
  {
    name: 'whitespace-only narrative',
    rule: 'txt-2',
    resource: narrative(`<div xmlns="${XHTML}">  </div>`),
    referenceValid: false,
  },
  {
    name: 'narrative without XHTML namespace',
    rule: 'narrative.html#xhtml',
    resource: narrative('<div>a</div>'),
    referenceValid: false,
  },
  // Primitive extensions (json.html#primitive; Resource.id / Element.id / Extension.url are System.String)
  {
    name: '_id on a resource',
    rule: 'json.html#primitive; Resource.id type',
    resource: basic({ id: 'a', _id: { extension: [{ url: 'https://example.org/x', valueString: 'y' }] } }),
    referenceValid: false,
  },
  {
    name: '_language extension is fine',
    rule: 'json.html#primitive',
    resource: basic({ language: 'en', _language: { extension: [{ url: 'https://example.org/x', valueString: 'y' }] } }),
    referenceValid: true,
  },
  // 1 MB strings (datatypes.html#string)
  {
    name: 'string over 1 MB',
    rule: 'datatypes.html#string',
    resource: { resourceType: 'Patient', name: [{ text: 'a'.repeat(1024 * 1024 + 1) }] },
    referenceValid: false,
  },
  // per-1 across precisions (datatypes.html#dateTime; FHIRPath comparison)
  {
    name: 'per-1 same day, different precision',
    rule: 'per-1',
    resource: encounter('2020-01-01T10:00:00Z', '2020-01-01'),
    referenceValid: true,
  },
  {
    name: 'per-1 end a day before start',
    rule: 'per-1',
    resource: encounter('2020-01-02T10:00:00Z', '2020-01-01'),
    referenceValid: false,
  },
  {
    name: 'per-1 across time zones',
    rule: 'per-1',
    resource: encounter('2020-01-01T10:00:00+02:00', '2020-01-01T09:00:00Z'),
    referenceValid: true,
  },
  {
    name: 'per-1 across time zones, reversed',
    rule: 'per-1',
    resource: encounter('2020-01-01T10:00:00-02:00', '2020-01-01T11:00:00Z'),
    referenceValid: false,
  },
  // que-12 as its text says
  {
    name: 'que-12 two enableWhen without enableBehavior',
    rule: 'que-12 (text)',
    resource: questionnaire(2),
    referenceValid: false,
  },
  { name: 'que-12 one enableWhen', rule: 'que-12', resource: questionnaire(1), referenceValid: true },
  // markdown (datatypes.html#markdown)
  {
    name: 'markdown with a script',
    rule: 'datatypes.html#markdown',
    resource: { resourceType: 'Questionnaire', status: 'draft', description: 'x <script>alert(1)</script>' },
    referenceValid: false,
  },
  // Required bindings (terminologies.html#required)
  {
    name: 'required code absent, _status with data-absent-reason',
    rule: 'terminologies.html#required; extension-data-absent-reason',
    resource: {
      resourceType: 'Observation',
      code: { text: 'x' },
      _status: {
        extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }],
      },
    },
    referenceValid: true,
  },
  {
    name: 'required CodeableConcept with text only',
    rule: 'terminologies.html#required',
    resource: { resourceType: 'Condition', subject: { reference: 'Patient/p1' }, clinicalStatus: { text: 'active' } },
    referenceValid: false,
  },
  // Attachment (datatypes.html#Attachment)
  {
    name: 'attachment size and hash true',
    rule: 'datatypes.html#Attachment',
    resource: media({ size: 11, hash: 'e1AsOh9IyGCa4hLN+2Od7jlnP14=' }),
    referenceValid: true,
  },
  {
    name: 'attachment size wrong',
    rule: 'datatypes.html#Attachment',
    resource: media({ size: 12 }),
    referenceValid: false,
  },
  {
    name: 'attachment hash wrong',
    rule: 'datatypes.html#Attachment',
    resource: media({ hash: '2jmj7l5rSw0yVb/vlWAYkK/YBwk=' }),
    referenceValid: false,
  },
  // Bundle (Bundle.entry.fullUrl; bundle.html)
  {
    name: 'relative fullUrl',
    rule: 'Bundle.entry.fullUrl',
    resource: {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ fullUrl: 'Patient/p1', resource: { resourceType: 'Patient', id: 'p1' } }],
    },
    referenceValid: false,
  },
  {
    name: 'fullUrl disagrees with id',
    rule: 'Bundle.entry.fullUrl',
    resource: {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ fullUrl: 'https://example.org/fhir/Patient/p2', resource: { resourceType: 'Patient', id: 'p1' } }],
    },
    referenceValid: false,
  },
  // Vital signs (observation-vitalsigns.html)
  {
    name: 'SpO2 conforming, no meta.profile',
    rule: 'observation-vitalsigns.html',
    resource: spo2({}),
    referenceValid: true,
  },
  {
    name: 'SpO2 component without value or dataAbsentReason',
    rule: 'vs-3',
    resource: spo2({ component: [{ code: { coding: [{ system: 'http://loinc.org', code: '3151-8' }] } }] }),
    referenceValid: false,
  },
  { name: 'SpO2 without a value', rule: 'vs-2', resource: spo2({ valueQuantity: undefined }), referenceValid: false },
  {
    name: 'SpO2 without vital-signs category',
    rule: 'observation-vitalsigns.html',
    resource: spo2({ category: [{ text: 'x' }] }),
    referenceValid: false,
  },
  {
    name: 'SpO2 in ratio units',
    rule: 'oxygensat profile unit binding',
    resource: spo2({ valueQuantity: { value: 0.96, unit: '1', system: 'http://unitsofmeasure.org', code: '1' } }),
    referenceValid: false,
  },
  // Extensions (extensibility.html; StructureDefinition.context)
  {
    name: 'core extension, right context and type',
    rule: 'extensibility.html',
    resource: { resourceType: 'Patient', extension: [{ url: birthPlace, valueAddress: { city: 'Leeds' } }] },
    referenceValid: true,
  },
  {
    name: 'core extension, wrong value type',
    rule: 'extensibility.html',
    resource: { resourceType: 'Patient', extension: [{ url: birthPlace, valueString: 'Leeds' }] },
    referenceValid: false,
  },
  {
    name: 'core extension, wrong context',
    rule: 'StructureDefinition.context',
    resource: {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      extension: [{ url: birthPlace, valueAddress: { city: 'Leeds' } }],
    },
    referenceValid: false,
  },
  // The unbroken heart rate and the 23 single-defect mutations of it (specs/validators.md 2.3)
  {
    name: 'heart rate (R4 example)',
    rule: 'observation-example-heart-rate',
    resource: HEART_RATE,
    referenceValid: true,
  },
  ...BROKEN_OBSERVATIONS.map((c) => ({
    name: `broken: ${c.name}`,
    rule: c.id,
    resource: c.resource,
    referenceValid: false,
  })),
]
