import { describe, expect, it } from 'vitest'

import { validateResource } from '../src/fhir.js'
import { REFERENCE_CASES } from './reference-cases.js'

// Agreement with the reference validator's verdicts as its rule text states them (reference-cases.ts).
// scripts/differential-reference.ts runs the same cases through @medplum/core for comparison.
describe('differential: reference validator rule text', () => {
  it('agrees on at least 90 % of the cases, and lists the ones it does not', () => {
    const disagreements = REFERENCE_CASES.filter((c) => validateResource(c.resource).valid !== c.referenceValid).map(
      (c) => `${c.name} (${c.rule})`,
    )
    expect(REFERENCE_CASES.length).toBeGreaterThanOrEqual(60)
    expect(disagreements.length / REFERENCE_CASES.length).toBeLessThanOrEqual(0.1)
    expect(disagreements).toEqual([])
  })
})
