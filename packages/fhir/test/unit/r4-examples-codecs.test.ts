import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { describe, expect, it } from 'vitest'

import {
  Binary,
  Bundle,
  DetectedIssue,
  DocumentReference,
  Flag,
  Media,
  Observation,
  OperationOutcome,
  Patient,
  ServiceRequest,
} from '../../src/index.js'

// The R4 examples (npm hl7.fhir.r4.examples 4.0.1, CC0), read in place from node_modules.
const dir = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'))
const files = readdirSync(dir)

const codecs: Record<string, t.Type<any, any, unknown>> = {
  Observation,
  Bundle,
  OperationOutcome,
  Patient,
  ServiceRequest,
  Media,
  DocumentReference,
  Binary,
  Flag,
  DetectedIssue,
}

describe.each(Object.keys(codecs))('%s examples of the R4 spec', (type) => {
  const codec = codecs[type]!
  const examples = files.filter((f) => f.startsWith(`${type}-`) && f.endsWith('.json'))

  it('decode every one, and re-encode losslessly', () => {
    expect(examples.length).toBeGreaterThan(0)
    const failures: string[] = []
    for (const file of examples) {
      const text = readFileSync(join(dir, file), 'utf8')
      const json: unknown = JSON.parse(text)
      const decoded = codec.decode(json)
      if (E.isLeft(decoded)) {
        failures.push(`${file}: does not decode`)
        continue
      }
      // Resources inside Bundles must decode with their own codec too.
      for (const entry of type === 'Bundle'
        ? ((json as { entry?: { resource?: { resourceType: string } }[] }).entry ?? [])
        : []) {
        const inner = entry.resource && codecs[entry.resource.resourceType]
        if (inner && E.isLeft(inner.decode(entry.resource)))
          failures.push(`${file}: entry ${entry.resource!.resourceType} does not decode`)
      }
      // Compare serialisations: same keys, same order, same values.
      if (JSON.stringify(codec.encode(decoded.right)) !== JSON.stringify(json))
        failures.push(`${file}: re-encode differs`)
    }
    expect(failures).toEqual([])
  })
})

describe('codecs reject what is not their resource', () => {
  it('refuses a Patient as an Observation and an Observation without code', () => {
    expect(E.isLeft(Observation.decode({ resourceType: 'Patient' }))).toBe(true)
    expect(E.isLeft(Observation.decode({ resourceType: 'Observation', status: 'final' }))).toBe(true)
    expect(E.isLeft(Observation.decode({ resourceType: 'Observation', status: 'done', code: {} }))).toBe(true)
    expect(E.isLeft(Bundle.decode({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: 3 }] }))).toBe(true)
    expect(
      E.isLeft(OperationOutcome.decode({ resourceType: 'OperationOutcome', issue: [{ severity: 'error' }] })),
    ).toBe(true)
  })
})
