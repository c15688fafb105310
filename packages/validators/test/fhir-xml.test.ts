import { isDeepStrictEqual } from 'node:util'

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { parseFhirXml, toFhirXml, validateResource } from '../src/fhir.js'
import { r4ExampleFiles, readR4Example } from './r4-examples.js'

// FHIR R4 XML (R4 xml.html): resources in the http://hl7.org/fhir namespace, primitives as `value`
// attributes, Element.id and Extension.url as attributes, nested resources in wrapper elements, the
// narrative div as XHTML. scripts/xml-round-trip.ts runs the round trip on all 5,306 R4 examples.

const OBSERVATION_XML = `<?xml version="1.0" encoding="UTF-8"?>
<!-- R4 xml.html style -->
<Observation xmlns="http://hl7.org/fhir">
  <id value="f001"/>
  <text>
    <status value="generated"/>
    <div xmlns="http://www.w3.org/1999/xhtml"><p>Glucose <b>6.3</b> mmol/l</p></div>
  </text>
  <status value="final">
    <extension url="http://example.org/fhir/StructureDefinition/status-note">
      <valueString value="checked &amp; signed&#10;twice"/>
    </extension>
  </status>
  <code><coding id="c1"><system value="http://loinc.org"/><code value="15074-8"/></coding></code>
  <subject><reference value="Patient/f001"/></subject>
  <valueQuantity><value value="6.30"/><unit value="mmol/l"/><system value="http://unitsofmeasure.org"/><code value="mmol/L"/></valueQuantity>
  <interpretation><coding><system value="http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"/><code value="H"/></coding></interpretation>
</Observation>`

describe('parseFhirXml', () => {
  it('reads values, primitive extensions, attributes, typed numbers and the XHTML div', () => {
    const r = parseFhirXml(OBSERVATION_XML)
    expect(E.isRight(r)).toBe(true)
    const o = (r as E.Right<Record<string, unknown>>).right
    expect(o).toMatchObject({
      resourceType: 'Observation',
      id: 'f001',
      status: 'final',
      _status: {
        extension: [
          { url: 'http://example.org/fhir/StructureDefinition/status-note', valueString: 'checked & signed\ntwice' },
        ],
      },
      code: { coding: [{ id: 'c1', system: 'http://loinc.org', code: '15074-8' }] },
      valueQuantity: { value: 6.3, unit: 'mmol/l' },
    })
    expect((o['text'] as { div: string }).div).toBe(
      '<div xmlns="http://www.w3.org/1999/xhtml"><p>Glucose <b>6.3</b> mmol/l</p></div>',
    )
    expect(Array.isArray(o['interpretation'])).toBe(true) // 0..* in R4: an array even with one item
  })

  it('refuses a DOCTYPE, entity definitions and undefined entities with a typed error', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Patient xmlns="http://hl7.org/fhir"><id value="&lol2;"/></Patient>`
    const r = parseFhirXml(laughs)
    expect(E.isLeft(r) && [r.left._tag, r.left.kind]).toEqual(['FhirXmlError', 'doctype'])
    const entity = parseFhirXml('<Patient xmlns="http://hl7.org/fhir"><id value="&nbsp;"/></Patient>')
    expect(E.isLeft(entity) && entity.left.kind).toBe('entity')
    const external = parseFhirXml('<!DOCTYPE p SYSTEM "file:///etc/passwd"><Patient xmlns="http://hl7.org/fhir"/>')
    expect(E.isLeft(external) && external.left.kind).toBe('doctype')
  })

  it('bounds nesting and size, and wants the FHIR namespace', () => {
    const deep = `<Parameters xmlns="http://hl7.org/fhir">${'<parameter>'.repeat(10_000)}${'</parameter>'.repeat(10_000)}</Parameters>`
    const r = parseFhirXml(deep)
    expect(E.isLeft(r) && r.left.kind).toBe('too-deep')
    const long = parseFhirXml(OBSERVATION_XML, { maxLength: 100 })
    expect(E.isLeft(long) && long.left.kind).toBe('too-large')
    const plain = parseFhirXml('<Patient><id value="x"/></Patient>')
    expect(E.isLeft(plain) && plain.left.kind).toBe('not-fhir')
  })

  it('text content in a FHIR element is an error, not silently dropped (values go in value="...")', () => {
    const r = parseFhirXml('<Observation xmlns="http://hl7.org/fhir"><status>final</status></Observation>')
    expect(E.isLeft(r) && [r.left.kind, r.left.message]).toEqual([
      'malformed',
      'text inside <status>: FHIR XML puts values in value="..."',
    ])
  })

  it('an attribute FHIR XML does not define is an error, not silently dropped', () => {
    const r = parseFhirXml('<Observation xmlns="http://hl7.org/fhir"><status value="final" unit="x"/></Observation>')
    expect(E.isLeft(r) && r.left.message).toBe('attribute unit is not allowed on <status> in FHIR XML')
  })

  it('malformed XML is a typed error with an offset', () => {
    for (const text of [
      '<Patient xmlns="http://hl7.org/fhir"><id value="x"></Patient>',
      '<Patient xmlns="http://hl7.org/fhir">',
      'not xml <',
    ]) {
      const r = parseFhirXml(text)
      expect(E.isLeft(r) && r.left._tag).toBe('FhirXmlError')
    }
  })
})

describe('toFhirXml and the round trip', () => {
  it('writes elements in definition order whatever the JSON order', () => {
    const xml = toFhirXml({ status: 'final', code: { text: 'x' }, id: 'a', resourceType: 'Observation' })
    expect(xml).toEqual(
      E.right(
        '<Observation xmlns="http://hl7.org/fhir"><id value="a"/><status value="final"/><code><text value="x"/></code></Observation>',
      ),
    )
  })

  it('JSON -> XML -> JSON is lossless on every 10th R4 example but Bundles (all 5,306 in scripts/xml-round-trip.ts)', () => {
    const files = r4ExampleFiles().filter((f, i) => i % 10 === 0 && !f.startsWith('Bundle-'))
    const lossy: string[] = []
    for (const f of files) {
      const json = JSON.parse(readR4Example(f)) as Record<string, unknown>
      const xml = toFhirXml(json)
      const back = E.isRight(xml) ? parseFhirXml(xml.right) : xml
      if (!(E.isRight(back) && isDeepStrictEqual(back.right, json))) lossy.push(f)
    }
    expect(files.length).toBeGreaterThan(500)
    expect(lossy).toEqual([])
  }, 60_000)

  it('keeps primitive arrays with extensions only, and resources inside resources', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          fullUrl: 'urn:uuid:6b1d1e64-1f0e-4f2a-9d54-0c6f2f0a8a11',
          resource: {
            resourceType: 'Patient',
            name: [
              {
                given: ['Ann', null, 'Bo'],
                _given: [null, { extension: [{ url: 'http://x.org/e', valueBoolean: true }] }, null],
              },
            ],
          },
        },
      ],
    }
    const xml = toFhirXml(bundle)
    const back = E.isRight(xml) ? parseFhirXml(xml.right) : xml
    expect(back).toEqual(E.right(bundle))
  })
})

describe('validateResource on XML input', () => {
  it('validates XML and reports XPath-like locations', () => {
    const bad = OBSERVATION_XML.replace('<status value="final">', '<status value="done">')
    const r = validateResource(bad)
    const issue = r.issues.find((i) => i.id === 'fhir.binding.required')
    expect(issue?.expression).toBe('/f:Observation/f:status')
    const component = validateResource(
      '<Observation xmlns="http://hl7.org/fhir"><status value="final"/><code><text value="x"/></code><component><code><text value="a"/></code></component><component/></Observation>',
    )
    expect(component.issues.find((i) => i.id === 'fhir.cardinality.min')?.expression).toBe(
      '/f:Observation/f:component[2]/f:code',
    )
  })

  it('a DOCTYPE in XML input is a fatal xml.doctype issue', () => {
    const r = validateResource('<!DOCTYPE x [<!ENTITY a "b">]><Patient xmlns="http://hl7.org/fhir"/>')
    expect(r.valid).toBe(false)
    expect(r.issues.map((i) => [i.severity, i.id])).toEqual([['fatal', 'xml.doctype']])
  })
})

describe('XPath-like locations', () => {
  it('name the nested resource element inside a Bundle entry', () => {
    const xml =
      '<Bundle xmlns="http://hl7.org/fhir"><type value="collection"/><entry><fullUrl value="urn:uuid:6b1d1e64-1f0e-4f2a-9d54-0c6f2f0a8a11"/>' +
      '<resource><Observation xmlns="http://hl7.org/fhir"><status value="done"/><code><text value="x"/></code></Observation></resource></entry></Bundle>'
    const r = validateResource(xml)
    expect(r.issues.find((i) => i.id === 'fhir.binding.required')?.expression).toBe(
      '/f:Bundle/f:entry[1]/f:resource/f:Observation/f:status',
    )
  })
})
