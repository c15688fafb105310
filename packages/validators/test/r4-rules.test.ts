import { describe, expect, it } from 'vitest'

import { validateResource } from '../src/index.js'

// Base-spec rules from the text of FHIR R4 (4.0.1), each test citing the page and section or
// invariant it is built from. These are the classes where the reference (Java) validator and
// this package used to disagree (issue 17).

const XHTML = 'http://www.w3.org/1999/xhtml'
const withNarrative = (div: string): Record<string, unknown> => ({
  resourceType: 'Basic',
  code: { text: 'note' },
  text: { status: 'generated', div },
})
const ids = (r: { issues: readonly { id: string; severity: string }[] }): string[] => [
  ...new Set(r.issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => i.id)),
]

describe('narrative XHTML (R4 narrative.html#xhtml, txt-1, txt-2)', () => {
  it('accepts the basic formatting elements, tables, links, images and entities', () => {
    const div =
      `<div xmlns="${XHTML}"><h1 class="x">Title</h1><p style="color:red">a &amp; b &lt; c &nbsp;&#169;&#x00A9;</p>` +
      '<table border="1"><thead><tr><th colspan="2">h</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>' +
      '<a href="http://example.org/x" name="n">link</a><img src="#pic" alt="pic"/><br/><!-- comment --><ul><li>i</li></ul></div>'
    expect(ids(validateResource(withNarrative(div)))).toEqual([])
  })

  it('txt-1: refuses script, event handlers, forms and javascript: links', () => {
    const cases = [
      `<div xmlns="${XHTML}"><script>alert(1)</script>x</div>`,
      `<div xmlns="${XHTML}"><p onclick="alert(1)">x</p></div>`,
      `<div xmlns="${XHTML}"><form><input/></form>x</div>`,
      `<div xmlns="${XHTML}"><a href="javascript:alert(1)">x</a></div>`,
      `<div xmlns="${XHTML}"><iframe src="http://evil.example"></iframe>x</div>`,
      `<div xmlns="${XHTML}"><p data-x="1">x</p></div>`,
    ]
    for (const div of cases) {
      const r = validateResource(withNarrative(div))
      expect([div, ids(r)]).toEqual([div, ['fhir.invariant.txt-1']])
    }
    const script = validateResource(withNarrative(cases[0]!))
    expect(script.issues.find((i) => i.id === 'fhir.invariant.txt-1')?.message).toContain('scripts are not allowed')
  })

  it('txt-2: a narrative of whitespace only is an error; an image alone is content', () => {
    expect(ids(validateResource(withNarrative(`<div xmlns="${XHTML}">  <p> </p>\n</div>`)))).toEqual([
      'fhir.invariant.txt-2',
    ])
    expect(ids(validateResource(withNarrative(`<div xmlns="${XHTML}"><img src="#a" alt=""/></div>`)))).toEqual([])
  })

  it('well-formed XHTML in the XHTML namespace, with valid entities only', () => {
    const bad = [
      '<div>x</div>', // no namespace
      `<div xmlns="${XHTML}"><p>x</div>`, // misnested
      `<div xmlns="${XHTML}">a & b</div>`, // bare ampersand
      `<div xmlns="${XHTML}">&bogus;</div>`, // unknown entity
      `<div xmlns="${XHTML}"><p class=x>x</p></div>`, // unquoted attribute
      `<p xmlns="${XHTML}">x</p>`, // root is not a div
      `<div xmlns="${XHTML}">x</div><div>y</div>`, // two roots
    ]
    for (const div of bad)
      expect([div, ids(validateResource(withNarrative(div)))]).toEqual([div, ['fhir.xhtml.invalid']])
  })

  it('refuses a DOCTYPE (no DTD, no entity definitions, no expansion)', () => {
    const div = `<!DOCTYPE div [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><div xmlns="${XHTML}">&b;</div>`
    const r = validateResource(withNarrative(div))
    expect(r.issues.find((i) => i.id === 'fhir.xhtml.invalid')?.message).toContain('a DOCTYPE is not allowed')
  })
})

const coverageWithContainedPayer = {
  resourceType: 'Coverage',
  contained: [{ resourceType: 'Organization', id: 'payer', name: 'Payer Ltd' }],
  status: 'active',
  beneficiary: { reference: 'Patient/p1' },
  payor: [{ reference: '#payer' }],
}

describe('ref-1 resolves #id in the resource that holds the reference (R4 references.html#contained, fhirpath.html %rootResource)', () => {
  it('a Coverage with a contained payer is clean alone, in a Bundle entry and in a Parameters resource', () => {
    expect(ids(validateResource(coverageWithContainedPayer))).toEqual([])
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ fullUrl: 'urn:uuid:6b1d1e64-1f0e-4f2a-9d54-0c6f2f0a8a11', resource: coverageWithContainedPayer }],
    }
    expect(ids(validateResource(bundle))).toEqual([])
    const parameters = {
      resourceType: 'Parameters',
      parameter: [{ name: 'coverage', resource: coverageWithContainedPayer }],
    }
    expect(ids(validateResource(parameters))).toEqual([])
  })

  it('still fails when the #id is only in another entry or the outer resource', () => {
    const { contained: _, ...withoutPayer } = coverageWithContainedPayer
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:6b1d1e64-1f0e-4f2a-9d54-0c6f2f0a8a11', resource: withoutPayer },
        { fullUrl: 'urn:uuid:1e6ae0a4-93c4-4a0d-8a40-31a1c1b7fd02', resource: coverageWithContainedPayer },
      ],
    }
    expect(ids(validateResource(bundle))).toEqual(['fhir.invariant.ref-1'])
  })
})

describe('primitive extensions where R4 forbids them (json.html#primitive; Resource.id, Element.id, Extension.url are System.String)', () => {
  it('refuses _id on a resource and on an element, and _url on an extension', () => {
    const ext = [{ url: 'http://example.org/x', valueString: 'y' }]
    expect(
      ids(validateResource({ resourceType: 'Basic', id: 'a', _id: { extension: ext }, code: { text: 'x' } })),
    ).toEqual(['fhir.primitive-extension.not-allowed'])
    expect(
      ids(validateResource({ resourceType: 'Basic', code: { id: 'c', _id: { extension: ext }, text: 'x' } })),
    ).toEqual(['fhir.primitive-extension.not-allowed'])
    const extensionUrl = {
      resourceType: 'Basic',
      code: { text: 'x' },
      extension: [{ ...ext[0], _url: { extension: ext } }],
    }
    expect(ids(validateResource(extensionUrl))).toEqual(['fhir.primitive-extension.not-allowed'])
    expect(
      ids(validateResource({ resourceType: 'Basic', code: { text: 'x' }, _language: { extension: ext } })),
    ).toEqual([])
  })
})

describe('per-1 across precisions (Period: start <= end; FHIRPath comparison at the common precision)', () => {
  const period = (start: string, end: string) => ({
    resourceType: 'Encounter',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    period: { start, end },
  })
  const cases: [string, string, boolean][] = [
    ['2020-01-01T10:00:00Z', '2020-01-01', true], // same day at date precision: empty, passes
    ['2020-01-02T10:00:00Z', '2020-01-01', false], // a later day
    ['2020-01', '2020-01-15T00:00:00Z', true], // same month, different precision: empty
    ['2020-02', '2020-01-15', false],
    ['2021', '2020-12-31', false],
    ['2020-01-01T10:00:00+02:00', '2020-01-01T09:00:00Z', true], // 08:00Z before 09:00Z
    ['2020-01-01T10:00:00-02:00', '2020-01-01T11:00:00Z', false], // 12:00Z after 11:00Z
    ['2020-01-01T10:00:00.5Z', '2020-01-01T10:00:00.25Z', false],
  ]
  it.each(cases)('start %s, end %s: valid %s', (start, end, valid) => {
    const r = validateResource(period(start, end))
    expect(ids(r).includes('fhir.invariant.per-1')).toBe(!valid)
  })
})

describe('que-12 as its text says: more than one enableWhen needs enableBehavior (R4 Questionnaire que-12)', () => {
  const questionnaire = (enableWhen: number, behaviour?: string) => ({
    resourceType: 'Questionnaire',
    status: 'active',
    item: [
      { linkId: 'a', type: 'boolean' },
      {
        linkId: 'b',
        type: 'string',
        enableWhen: Array.from({ length: enableWhen }, () => ({ question: 'a', operator: '=', answerBoolean: true })),
        ...(behaviour === undefined ? {} : { enableBehavior: behaviour }),
      },
    ],
  })
  it('two enableWhen without enableBehavior fail; one passes; two with it pass', () => {
    expect(ids(validateResource(questionnaire(2)))).toEqual(['fhir.invariant.que-12'])
    expect(ids(validateResource(questionnaire(1)))).toEqual([])
    expect(ids(validateResource(questionnaire(2, 'all')))).toEqual([])
  })
})

describe('markdown (R4 datatypes.html#markdown)', () => {
  const described = (description: string) => ({ resourceType: 'Questionnaire', status: 'draft', description })
  it('plain markdown and HTML inside code spans are clean', () => {
    const r = validateResource(described('**Bold** and `<b>` as code, 3 < 4'))
    expect(r.issues.filter((i) => i.id.startsWith('fhir.markdown'))).toEqual([])
  })
  it('an HTML tag is a warning; active content is an error', () => {
    const tag = validateResource(described('Some <b>bold</b> text'))
    expect(tag.valid).toBe(true)
    expect(tag.issues.filter((i) => i.id === 'fhir.markdown.html').map((i) => i.severity)).toEqual(['warning'])
    for (const text of [
      'x <script>alert(1)</script>',
      '<img src=x onerror="alert(1)">',
      '<a href="javascript:alert(1)">x</a>',
    ])
      expect(ids(validateResource(described(text)))).toEqual(['fhir.markdown.active-html'])
  })
})

describe('Attachment size and hash agree with data (R4 datatypes.html#Attachment)', () => {
  // "Hello world" is 11 bytes; its SHA-1 in base64 is e1AsOh9IyGCa4hLN+2Od7jlnP14= (checked with node:crypto).
  const attachment = (extra: Record<string, unknown>) => ({
    resourceType: 'Media',
    status: 'completed',
    content: { contentType: 'text/plain', data: 'SGVsbG8gd29ybGQ=', ...extra },
  })
  it('accepts the true size and hash', () => {
    expect(ids(validateResource(attachment({ size: 11, hash: 'e1AsOh9IyGCa4hLN+2Od7jlnP14=' })))).toEqual([])
  })
  it('refuses a wrong size and a wrong hash', () => {
    expect(ids(validateResource(attachment({ size: 12 })))).toEqual(['fhir.attachment.size'])
    expect(ids(validateResource(attachment({ hash: '2jmj7l5rSw0yVb/vlWAYkK/YBwk=' })))).toEqual([
      'fhir.attachment.hash',
    ])
  })
})

describe('Bundle rules (R4 bundle.html, Bundle.entry.fullUrl, documents.html)', () => {
  const patient = { resourceType: 'Patient', id: 'p1' }
  it('fullUrl must be absolute and agree with the resource id', () => {
    const bundle = (fullUrl: string) => ({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ fullUrl, resource: patient }],
    })
    expect(ids(validateResource(bundle('Patient/p1')))).toEqual(['fhir.bundle.fullurl-relative'])
    expect(ids(validateResource(bundle('https://example.org/fhir/Patient/p2')))).toEqual(['fhir.bundle.fullurl-id'])
    expect(ids(validateResource(bundle('https://example.org/fhir/Patient/p1')))).toEqual([])
  })
  it('a link relation appears at most once', () => {
    const link = (relation: string) => ({ relation, url: `https://example.org/fhir/Patient?page=${relation}` })
    const bundle = (links: unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', link: links })
    expect(ids(validateResource(bundle([link('self'), link('next'), link('next')])))).toEqual([
      'fhir.bundle.link-relation',
    ])
    expect(ids(validateResource(bundle([link('self'), link('next')])))).toEqual([])
  })
  it('a document Bundle carries every resource its entries reference', () => {
    const document = (subject: string) => ({
      resourceType: 'Bundle',
      type: 'document',
      identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0' },
      timestamp: '2024-05-01T10:00:00Z',
      entry: [
        {
          fullUrl: 'https://example.org/fhir/Composition/c1',
          resource: {
            resourceType: 'Composition',
            id: 'c1',
            status: 'final',
            type: { text: 'note' },
            subject: { reference: subject },
            date: '2024-05-01',
            author: [{ reference: 'Patient/p1' }],
            title: 'Note',
          },
        },
        { fullUrl: 'https://example.org/fhir/Patient/p1', resource: patient },
      ],
    })
    expect(ids(validateResource(document('Patient/p1')))).toEqual([])
    expect(ids(validateResource(document('Patient/elsewhere')))).toEqual(['fhir.bundle.document-reference'])
  })
})

describe('R4 core vital-signs profiles apply by LOINC code (observation-vitalsigns.html)', () => {
  const spo2 = (extra: Record<string, unknown>) => ({
    resourceType: 'Observation',
    status: 'final',
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: '2708-6' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2024-05-01T10:00:00Z',
    ...extra,
  })
  const value = { valueQuantity: { value: 96, unit: '%', system: 'http://unitsofmeasure.org', code: '%' } }

  it('a conforming SpO2 Observation without meta.profile is clean', () => {
    expect(ids(validateResource(spo2(value)))).toEqual([])
  })

  it('vs-3: an SpO2 component with neither value nor dataAbsentReason fails, without meta.profile', () => {
    const component = [{ code: { coding: [{ system: 'http://loinc.org', code: '3151-8' }] } }]
    const r = validateResource(spo2({ ...value, component }))
    expect(ids(r)).toEqual(['fhir.vitalsigns.vs-3'])
    expect(r.issues.find((i) => i.id === 'fhir.vitalsigns.vs-3')?.expression).toBe('Observation.component[0]')
    const absent = [{ ...component[0], dataAbsentReason: { text: 'not measured' } }]
    expect(ids(validateResource(spo2({ ...value, component: absent })))).toEqual([])
  })

  it('vs-2, vs-1, category, subject and the unit binding', () => {
    expect(ids(validateResource(spo2({})))).toEqual(['fhir.vitalsigns.vs-2'])
    expect(ids(validateResource(spo2({ ...value, effectiveDateTime: '2024-05' })))).toEqual(['fhir.vitalsigns.vs-1'])
    expect(ids(validateResource(spo2({ ...value, category: [{ text: 'x' }] })))).toEqual(['fhir.vitalsigns.category'])
    expect(ids(validateResource(spo2({ ...value, subject: { reference: 'Group/g1' } })))).toContain(
      'fhir.vitalsigns.subject',
    )
    const percentWrong = {
      valueQuantity: { value: 0.96, unit: 'ratio', system: 'http://unitsofmeasure.org', code: '1' },
    }
    expect(ids(validateResource(spo2(percentWrong)))).toEqual(['fhir.vitalsigns.value'])
  })

  it('can be switched off', () => {
    expect(ids(validateResource(spo2({}), { vitalSigns: false }))).toEqual([])
  })
})

describe('extensions against their definitions (R4 extensibility.html; StructureDefinition.context)', () => {
  const patient = (extension: unknown[]) => ({ resourceType: 'Patient', extension })
  const birthPlace = 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace'
  it('a core extension in its context with an allowed value type is clean', () => {
    // patient-birthPlace: context Patient, value[x] Address (R4 extension-patient-birthplace.html)
    expect(ids(validateResource(patient([{ url: birthPlace, valueAddress: { city: 'Leeds' } }])))).toEqual([])
  })
  it('refuses a core extension with the wrong value type or outside its context', () => {
    expect(ids(validateResource(patient([{ url: birthPlace, valueString: 'Leeds' }])))).toEqual([
      'fhir.extension.value-type',
    ])
    const onObservation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      extension: [{ url: birthPlace, valueAddress: { city: 'Leeds' } }],
    }
    expect(ids(validateResource(onObservation))).toEqual(['fhir.extension.context'])
  })
  it('an unknown URL is a warning by default, configurable, and an error in the core namespace', () => {
    const unknown = patient([{ url: 'https://example.org/fhir/StructureDefinition/shoe-size', valueInteger: 9 }])
    const byDefault = validateResource(unknown)
    expect(byDefault.valid).toBe(true)
    expect(byDefault.issues.filter((i) => i.id === 'fhir.extension.unknown').map((i) => i.severity)).toEqual([
      'warning',
    ])
    expect(ids(validateResource(unknown, { unknownExtensions: 'error' }))).toEqual(['fhir.extension.unknown'])
    const known = validateResource(unknown, {
      knownExtensions: ['https://example.org/fhir/StructureDefinition/shoe-size'],
    })
    expect(known.issues.filter((i) => i.id === 'fhir.extension.unknown')).toEqual([])
    const fakeCore = patient([{ url: 'http://hl7.org/fhir/StructureDefinition/patient-shoeSize', valueInteger: 9 }])
    expect(ids(validateResource(fakeCore, { unknownExtensions: 'ignore' }))).toEqual(['fhir.extension.unknown'])
  })
})

describe('required bindings left without a code only with a data-absent-reason (R4 terminologies.html#required)', () => {
  const dar = { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }
  const other = { url: 'https://example.org/fhir/StructureDefinition/note', valueString: 'x' }
  const observation = (extra: Record<string, unknown>) => ({
    resourceType: 'Observation',
    code: { text: 'x' },
    ...extra,
  })
  it('a required code present only as _status needs a data-absent-reason extension', () => {
    expect(ids(validateResource(observation({ _status: { extension: [dar] } })))).toEqual([])
    expect(ids(validateResource(observation({ _status: { extension: [other] } })))).toEqual([
      'fhir.binding.required-missing',
    ])
  })
  it('a CodeableConcept with a required binding (Condition.clinicalStatus) and text only needs one too', () => {
    const condition = (clinicalStatus: unknown) => ({
      resourceType: 'Condition',
      subject: { reference: 'Patient/p1' },
      clinicalStatus,
    })
    expect(ids(validateResource(condition({ text: 'active, probably' })))).toEqual(['fhir.binding.required-missing'])
    expect(ids(validateResource(condition({ text: 'not recorded', extension: [dar] })))).toEqual([])
    const coded = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] }
    expect(ids(validateResource(condition(coded)))).toEqual([])
  })
})

describe('SearchParameter and CapabilityStatement consistency (R4 searchparameter.html, search.html, capabilitystatement.html)', () => {
  const sp = (extra: Record<string, unknown>) => ({
    resourceType: 'SearchParameter',
    url: 'https://example.org/fhir/SearchParameter/Patient-shoe',
    name: 'Shoe',
    status: 'active',
    description: 'shoe size',
    code: 'shoe',
    base: ['Patient'],
    type: 'number',
    expression: "Patient.extension('https://example.org/shoe').value",
    ...extra,
  })
  it('a well-formed SearchParameter is clean', () => {
    expect(validateResource(sp({})).issues.filter((i) => i.id.startsWith('fhir.searchparameter'))).toEqual([])
  })
  it('composite needs components, components need composite, and the code is a URL parameter name', () => {
    expect(ids(validateResource(sp({ type: 'composite', expression: undefined })))).toContain(
      'fhir.searchparameter.component',
    )
    const component = [{ definition: 'http://hl7.org/fhir/SearchParameter/Patient-birthdate', expression: 'birthDate' }]
    expect(ids(validateResource(sp({ component })))).toContain('fhir.searchparameter.component')
    expect(ids(validateResource(sp({ code: 'shoe size' })))).toEqual(['fhir.searchparameter.code'])
  })
  it('a CapabilityStatement search parameter agrees with its definition', () => {
    const capability = (type: string, definition: string, resource = 'Patient') => ({
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: '2024-05-01',
      kind: 'instance',
      implementation: { description: 'test' },
      fhirVersion: '4.0.1',
      format: ['json'],
      rest: [{ mode: 'server', resource: [{ type: resource, searchParam: [{ name: 'shoe', definition, type }] }] }],
    })
    const bundle = (cs: unknown) => ({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:6b1d1e64-1f0e-4f2a-9d54-0c6f2f0a8a11', resource: cs },
        { fullUrl: 'urn:uuid:1e6ae0a4-93c4-4a0d-8a40-31a1c1b7fd02', resource: sp({}) },
      ],
    })
    const url = 'https://example.org/fhir/SearchParameter/Patient-shoe'
    expect(ids(validateResource(bundle(capability('number', url))))).toEqual([])
    expect(ids(validateResource(bundle(capability('token', url))))).toEqual([
      'fhir.capabilitystatement.searchparam-type',
    ])
    expect(ids(validateResource(bundle(capability('number', url, 'Observation'))))).toEqual([
      'fhir.capabilitystatement.searchparam-base',
    ])
    const core = 'http://hl7.org/fhir/SearchParameter/Patient-birthdate'
    expect(ids(validateResource(capability('date', core, 'Observation')))).toEqual([
      'fhir.capabilitystatement.searchparam-base',
    ])
    expect(ids(validateResource(capability('date', core)))).toEqual([])
  })
})
