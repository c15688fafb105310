import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { validate } from '../src/commands/validate.js'
import { main } from '../src/main.js'
import { captureIo } from './capture-io.js'

// A heart rate that meets the R4 vital-signs profile the validators apply to LOINC 8867-4.
const observation = {
  resourceType: 'Observation',
  status: 'final',
  category: [
    { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] },
  ],
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  subject: { reference: 'Patient/1' },
  effectiveDateTime: '2026-01-01T00:00:00Z',
  valueQuantity: { value: 72, unit: 'per minute', system: 'http://unitsofmeasure.org', code: '/min' },
}

describe('openward validate <file>', () => {
  it('prints an OperationOutcome and exits 0 for a valid resource from stdin', async () => {
    const c = captureIo(JSON.stringify(observation))
    expect(await main(['validate', '-'], c.io, [validate])).toBe(0)
    const outcome = JSON.parse(c.stdout()) as { resourceType: string; issue: { severity: string }[] }
    expect(outcome.resourceType).toBe('OperationOutcome')
    expect(outcome.issue.some((i) => i.severity === 'error')).toBe(false)
  })

  it('exits 1 with the located error for an invalid file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openward-validate-'))
    writeFileSync(join(dir, 'obs.json'), JSON.stringify({ ...observation, status: 'done' }))
    const c = captureIo('', dir)
    expect(await main(['validate', 'obs.json'], c.io, [validate])).toBe(1)
    const outcome = JSON.parse(c.stdout()) as { issue: { severity: string; expression?: string[] }[] }
    expect(outcome.issue.find((i) => i.severity === 'error')?.expression).toEqual(['Observation.status'])
  })

  it('exits 1 (not a crash) for non-JSON input', async () => {
    const c = captureIo('this is not json')
    expect(await main(['validate', '-'], c.io, [validate])).toBe(1)
    expect(c.stdout()).toContain('json.invalid')
  })

  it('applies --profile', async () => {
    const patient = {
      resourceType: 'Patient',
      identifier: [
        { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' },
        { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '4010232137' },
      ],
    }
    const c = captureIo(JSON.stringify(patient))
    const url = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'
    expect(await main(['validate', '--profile', url, '-'], c.io, [validate])).toBe(1)
    expect(c.stdout()).toContain('ukcore.patient.nhsNumber.max')
  })

  it('exits 3 when the file cannot be read', async () => {
    const c = captureIo('', tmpdir())
    expect(await main(['validate', 'no-such-file-openward.json'], c.io, [validate])).toBe(3)
  })
})

describe('openward validate --kind', () => {
  it.each([
    ['nhs-number', '943 476 5919', 0, '9434765919'],
    ['nhs-number', '9434765918', 1, undefined],
    ['snomed', '404684003', 0, '404684003'],
    ['loinc', '8867-4', 0, '8867-4'],
    ['ods', 'rr8', 0, 'RR8'],
    ['postcode', 'ZZ99 3VZ', 0, 'ZZ99 3VZ'],
    ['ucum', 'mm[Hg]', 0, 'mm[Hg]'],
    ['ucum', 'MM[HG]', 1, undefined],
    ['dmd', '39732311000001104', 0, '39732311000001104'],
    ['chi', '0101011237', 0, '0101011237'],
    ['hc', '3200000015', 0, '3200000015'],
  ])('%s %s → exit %i', async (kind, value, code, normalised) => {
    const c = captureIo()
    expect(await main(['validate', '--kind', kind, value], c.io, [validate])).toBe(code)
    const verdict = JSON.parse(c.stdout()) as { valid: boolean; value?: string; issues: { id: string }[] }
    expect(verdict.valid).toBe(code === 0)
    expect(verdict.value).toBe(normalised)
    if (code === 1) expect(verdict.issues.length).toBeGreaterThan(0)
  })

  it('rejects an unknown kind and missing values with exit 2', async () => {
    expect(await main(['validate', '--kind', 'iban', 'x'], captureIo().io, [validate])).toBe(2)
    expect(await main(['validate', '--kind', 'nhs-number'], captureIo().io, [validate])).toBe(2)
  })
})
