import { describe, expect, it } from 'vitest'

import { type ValidationIssue, validateResource } from '../src/index.js'
import { BROKEN_OBSERVATIONS, HEART_RATE } from './broken-observations.js'
import { KNOWN_INVALID_EXAMPLES, onlyNormativeVersionContext, r4ExampleSubset, readR4Example } from './r4-examples.js'

const errors = (issues: readonly ValidationIssue[]) =>
  issues.filter((i) => i.severity === 'error' || i.severity === 'fatal')

describe('validateResource on the R4 examples', () => {
  const subset = r4ExampleSubset()
  it(`validates a fixed subset (${subset.length} files) with no errors except the known-invalid ones`, () => {
    const unexpected: string[] = []
    for (const f of subset) {
      const r = validateResource(readR4Example(f))
      if (!r.valid && !(f in KNOWN_INVALID_EXAMPLES) && !onlyNormativeVersionContext(r.issues))
        unexpected.push(`${f}: ${errors(r.issues)[0]?.message}`)
    }
    expect(unexpected).toEqual([])
    expect(subset.length).toBeGreaterThan(500)
  })

  it('reports the known-invalid examples', () => {
    for (const f of ['Questionnaire-qs1.json', 'SearchParameter-valueset-extensions-ValueSet-author.json']) {
      expect(validateResource(readR4Example(f)).valid).toBe(false)
    }
  })
})

describe('deliberately broken Observations', () => {
  it('accepts the unbroken heart-rate Observation', () => {
    expect(errors(validateResource(HEART_RATE).issues)).toEqual([])
  })

  it.each(BROKEN_OBSERVATIONS)('catches $name at $expression', ({ resource, id, expression }) => {
    const found = errors(validateResource(resource).issues)
    expect(found.map((i) => [i.id, i.expression ?? ''])).toContainEqual([id, expression])
  })
})

describe('OperationOutcome output', () => {
  it('gives one information issue when all is well', () => {
    const r = validateResource(HEART_RATE)
    expect(r.valid).toBe(true)
    expect(r.outcome.resourceType).toBe('OperationOutcome')
    expect(r.outcome.issue.length).toBeGreaterThan(0)
  })

  it('maps issues to OperationOutcome.issue with expression, details and diagnostics', () => {
    const r = validateResource({ ...HEART_RATE, status: 'done' })
    const i = r.outcome.issue.find((x) => x.severity === 'error')!
    expect(i).toMatchObject({ severity: 'error', code: 'code-invalid', expression: ['Observation.status'] })
    expect(i.details.coding[0].code).toBe('fhir.binding.required')
    expect(i.diagnostics).toContain('"done"')
    // The outcome itself is a valid R4 OperationOutcome.
    expect(validateResource(r.outcome).valid).toBe(true)
  })
})

describe('bad input never throws', () => {
  const fatalId = (input: unknown) => errors(validateResource(input).issues)[0]?.id
  it.each([
    ['non-JSON text', 'hello {', 'json.invalid'],
    ['empty text', '', 'json.invalid'],
    ['JSON null', 'null', 'fhir.resource.not-object'],
    ['a JSON array', '[1,2]', 'fhir.resource.not-object'],
    ['a number', 42, 'fhir.resource.not-object'],
    ['undefined', undefined, 'fhir.resource.not-object'],
    ['no resourceType', {}, 'fhir.resource.type-missing'],
  ])('%s', (_name, input, id) => {
    expect(fatalId(input)).toBe(id)
  })

  it('tolerates a UTF-8 byte order mark', () => {
    expect(validateResource('\uFEFF' + JSON.stringify(HEART_RATE)).valid).toBe(true)
  })

  it('bounds 10,000-deep nesting', () => {
    const deep = '{"resourceType":"Observation","extension":'.repeat(1) + '['.repeat(10_000) + ']'.repeat(10_000) + '}'
    const r = validateResource(deep)
    expect(r.valid).toBe(false)
    let nested: Record<string, unknown> = { resourceType: 'Parameters' }
    const root = nested
    for (let i = 0; i < 10_000; i++) {
      const next: Record<string, unknown> = { name: 'p' }
      nested[nested === root ? 'parameter' : 'part'] = [next]
      nested = next
    }
    const r2 = validateResource(root)
    expect(r2.issues.map((i) => i.id)).toContain('fhir.too-deep')
  })

  it('survives a cyclic object', () => {
    const o: Record<string, unknown> = { resourceType: 'Basic', code: { text: 'x' } }
    ;(o['code'] as Record<string, unknown>)['coding'] = [o]
    expect(validateResource(o).valid).toBe(false)
  })

  it('refuses text above the size limit without parsing it', () => {
    const r = validateResource('x'.repeat(1000), { maxLength: 100 })
    expect(r.issues[0]).toMatchObject({ severity: 'fatal', id: 'json.too-large' })
  })
})

describe('references', () => {
  it('rejects a literal reference to a type the element does not allow', () => {
    const r = validateResource({ ...HEART_RATE, performer: [{ reference: 'Encounter/1' }] })
    expect(errors(r.issues).map((i) => [i.id, i.expression])).toEqual([
      ['fhir.reference.target', 'Observation.performer[0].reference'],
    ])
  })

  it('requires urn:uuid references inside a Bundle to match a fullUrl: error in a transaction, warning in a collection', () => {
    const uuid = 'urn:uuid:6b1d1e64-1f0e-4f2a-9d54-0c6f2f0a8a11'
    const bundle = (ref: string, type: 'collection' | 'transaction') => {
      const request = (url: string) => (type === 'transaction' ? { request: { method: 'POST', url } } : {})
      return {
        resourceType: 'Bundle',
        type,
        entry: [
          { fullUrl: uuid, resource: { resourceType: 'Patient' }, ...request('Patient') },
          {
            fullUrl: 'urn:uuid:1e6ae0a4-93c4-4a0d-8a40-31a1c1b7fd02',
            resource: { ...HEART_RATE, subject: { reference: ref } },
            ...request('Observation'),
          },
        ],
      }
    }
    const missing = 'urn:uuid:00000000-0000-4000-8000-000000000000'
    expect(errors(validateResource(bundle(uuid, 'transaction')).issues)).toEqual([])
    const bad = errors(validateResource(bundle(missing, 'transaction')).issues)
    expect(bad.map((i) => [i.id, i.expression])).toEqual([
      ['fhir.reference.unresolved', 'Bundle.entry[1].resource.subject.reference'],
    ])
    // R4 bundle.html#references: a collection may leave targets out; the reference validator warns.
    const collection = validateResource(bundle(missing, 'collection'))
    expect(collection.valid).toBe(true)
    expect(collection.issues.filter((i) => i.id === 'fhir.reference.unresolved').map((i) => i.severity)).toEqual([
      'warning',
    ])
  })

  it('requires contained resources to be referenced (dom-3) and #refs to resolve (ref-1)', () => {
    const contained = {
      resourceType: 'Device',
      id: 'ox1',
      deviceName: [{ name: 'oximeter', type: 'user-friendly-name' }],
    }
    const ok = { ...HEART_RATE, contained: [contained], device: { reference: '#ox1' } }
    expect(errors(validateResource(ok).issues)).toEqual([])
    const unreferenced = errors(validateResource({ ...HEART_RATE, contained: [contained] }).issues).map((i) => i.id)
    expect(unreferenced).toContain('fhir.invariant.dom-3')
    const dangling = errors(validateResource({ ...HEART_RATE, device: { reference: '#nope' } }).issues).map((i) => i.id)
    expect(dangling).toContain('fhir.invariant.ref-1')
  })
})
