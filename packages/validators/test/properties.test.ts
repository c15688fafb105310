import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { verhoeffCheckDigit } from '../src/internal/verhoeff.js'
import {
  checkIdentifier,
  IDENTIFIER_KINDS,
  isNhsNumber,
  isSctid,
  validateNhsNumber,
  validateResource,
  validateSctid,
} from '../src/index.js'

const RESOURCE_TYPES = ['Observation', 'Patient', 'Bundle', 'Questionnaire', 'Parameters', 'Basic', 'Nonsense']
const KEYS = [
  'status',
  'code',
  'value',
  'valueQuantity',
  'component',
  'entry',
  'resource',
  'contained',
  'extension',
  '_status',
  'id',
  'item',
  'x',
]

/** Arbitrary JSON shaped loosely like a resource, so the walker goes deep into real types. */
const resourceLike = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue(),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('node'), { maxKeys: 4 }),
    fc
      .record({ resourceType: fc.constantFrom(...RESOURCE_TYPES) })
      .chain((r) => fc.dictionary(fc.constantFrom(...KEYS), tie('node'), { maxKeys: 4 }).map((d) => ({ ...d, ...r }))),
  ),
})).node

describe('properties', () => {
  it('validateResource never throws and always returns an OperationOutcome, for any JSON value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), resourceLike), (json) => {
        const r = validateResource(json)
        expect(r.outcome.resourceType).toBe('OperationOutcome')
        expect(r.outcome.issue.length).toBeGreaterThan(0)
        expect(r.valid).toBe(!r.issues.some((i) => i.severity === 'error' || i.severity === 'fatal'))
      }),
      { numRuns: 300 },
    )
  })

  it('validateResource never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        expect(validateResource(text).outcome.resourceType).toBe('OperationOutcome')
      }),
      { numRuns: 300 },
    )
  })

  it('nesting deeper than maxDepth stops with one too-costly issue', () => {
    fc.assert(
      fc.property(fc.integer({ min: 130, max: 3000 }), (depth) => {
        let node: Record<string, unknown> = { name: 'leaf', valueString: 'x' }
        for (let i = 0; i < depth; i++) node = { name: `p${i}`, part: [node] }
        const r = validateResource({ resourceType: 'Parameters', parameter: [node] })
        expect(r.issues.filter((i) => i.id === 'fhir.too-deep')).toHaveLength(1)
      }),
      { numRuns: 20 },
    )
  })

  it('identifier validators are total and agree with their is* twins', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{3}[ -]?\d{3}[ -]?\d{4}$/), fc.anything()), (input) => {
        expect(isNhsNumber(input)).toBe(E.isRight(validateNhsNumber(input)))
        expect(isSctid(input)).toBe(E.isRight(validateSctid(input)))
        for (const kind of IDENTIFIER_KINDS) expect(typeof checkIdentifier(kind, input).valid).toBe('boolean')
      }),
      { numRuns: 300 },
    )
  })

  it('modulus 11 catches every single-digit substitution in an NHS number', () => {
    const validNhs = fc
      .stringMatching(/^\d{9}$/)
      .map((body) => {
        let sum = 0
        for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i)
        const check = 11 - (sum % 11)
        return check === 10 ? undefined : body + String(check === 11 ? 0 : check)
      })
      .filter((n): n is string => n !== undefined)
    fc.assert(
      fc.property(validNhs, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (n, pos, delta) => {
        expect(isNhsNumber(n)).toBe(true)
        const changed = n.slice(0, pos) + String((Number(n[pos]) + delta) % 10) + n.slice(pos + 1)
        expect(isNhsNumber(changed)).toBe(false)
      }),
    )
  })

  it('Verhoeff catches every single-digit substitution and adjacent transposition in an SCTID', () => {
    const sctid = fc
      .tuple(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^\d{4,14}$/), fc.constantFrom('00', '01', '02'))
      .map(([first, rest, partition]) => {
        const body = `${first}${rest}${partition}`
        return body + String(verhoeffCheckDigit(body))
      })
    fc.assert(
      fc.property(sctid, fc.nat(), fc.integer({ min: 1, max: 9 }), (id, p, delta) => {
        expect(validateSctid(id)).toEqual(E.right(id))
        const pos = p % id.length
        const changed = id.slice(0, pos) + String((Number(id[pos]) + delta) % 10) + id.slice(pos + 1)
        expect(isSctid(changed)).toBe(false)
        const i = p % (id.length - 1)
        if (id[i] !== id[i + 1]) {
          const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2)
          expect(isSctid(swapped)).toBe(false)
        }
      }),
    )
  })
})
