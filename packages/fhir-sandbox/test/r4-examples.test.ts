import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { call, post, put, useSandbox } from './fixtures.js'

// Real data: the HL7 FHIR R4 examples package (hl7.fhir.r4.examples 4.0.1, CC0).
const examplesDir = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'))
const example = (file: string) => JSON.parse(readFileSync(join(examplesDir, file), 'utf8'))
const filesOf = (type: string) =>
  readdirSync(examplesDir).filter((f) => f.startsWith(`${type}-`) && f.endsWith('.json'))

const env = useSandbox()

const errors = (outcome: any) => outcome.issue.filter((i: any) => i.severity === 'error')

describe('HL7 R4 examples', () => {
  it('stores every Observation and Patient example by PUT Type/id and finds them again', async () => {
    const files = [...filesOf('Observation'), ...filesOf('Patient')]
    expect(files.length).toBeGreaterThan(80)
    for (const file of files) {
      const resource = example(file)
      const res = await put(`${env.base}/${resource.resourceType}/${resource.id}`, resource, {
        prefer: 'return=minimal',
      })
      expect(res.status, file).toBe(201)
    }
    expect((await call(`${env.base}/Observation?_summary=count`)).body.total).toBe(filesOf('Observation').length)
    expect((await call(`${env.base}/Patient?_summary=count`)).body.total).toBe(filesOf('Patient').length)
    const satO2 = await call(`${env.base}/Observation?code=http://loinc.org|59408-5`)
    expect(satO2.body.entry.map((e: any) => e.resource.id)).toContain('satO2')
    const patientObs = await call(`${env.base}/Observation?patient=example&code=http://loinc.org|8867-4`)
    expect(patientObs.body.entry.map((e: any) => e.resource.id)).toContain('heart-rate')
  })

  it('Observation-satO2 and Observation-heart-rate validate cleanly against oxygensat and heartrate', async () => {
    const sat = await post(
      `${env.base}/Observation/$validate?profile=http://hl7.org/fhir/StructureDefinition/oxygensat`,
      example('Observation-satO2.json'),
    )
    expect(errors(sat.body)).toEqual([])
    const hr = await post(
      `${env.base}/Observation/$validate?profile=http://hl7.org/fhir/StructureDefinition/heartrate`,
      example('Observation-heart-rate.json'),
    )
    expect(errors(hr.body)).toEqual([])
  })

  it('Bundle-bundle-transaction fails as it should (it deletes and If-Matches Patients that do not exist) and leaves nothing behind', async () => {
    const res = await post(env.base, example('Bundle-bundle-transaction.json'))
    expect(res.status).toBe(404)
    // DELETEs run first (FHIR R4 http §3.1.0.11.2): entry 5 deletes Patient/234, which was never created.
    expect(res.body.issue[0].diagnostics).toContain('entry 5 failed with 404')
    expect((await call(`${env.base}/Patient?_summary=count`)).body.total).toBe(0)
  })
})
