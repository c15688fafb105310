/**
 * Property tests on the decoders of outside JSON (issue 13 class 1): whatever text or value
 * arrives, they return a typed answer and never throw.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { DEFAULT_RESPONSE_LIMITS, decodeBody, Patient } from '../../src/index.js'
import { jsonDepthExceeds, parseBoundedJson } from '../../src/internal/bounded-json.js'
import { deepAssignerPatient } from './hostile-server.js'

// Reference depth, computed recursively on small values only (fast-check keeps them shallow).
function depthOf(v: unknown): number {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depthOf))
  if (typeof v === 'object' && v !== null) return 1 + Math.max(0, ...Object.values(v).map(depthOf))
  return 0
}

describe('bounded JSON', () => {
  it('the iterative depth scan agrees with the structural depth of any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), fc.integer({ min: 0, max: 14 }), (value, limit) => {
        const text = JSON.stringify(value)
        const exceeded = jsonDepthExceeds(text, limit) !== undefined
        expect(exceeded).toBe(depthOf(value) > limit)
      }),
      { numRuns: 2000 },
    )
  })

  it('brackets and escaped quotes inside strings do not count as nesting', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('[', '{', '"', '\\', ']', '}', 'a') }), (s) => {
        expect(jsonDepthExceeds(JSON.stringify({ s }), 1)).toBeUndefined()
      }),
    )
  })

  it('parseBoundedJson never throws, on any string, and agrees with JSON.parse when within limits', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json({ maxDepth: 6 })), (text) => {
        const r = parseBoundedJson(text, DEFAULT_RESPONSE_LIMITS)
        let expected: unknown
        let parses = true
        try {
          expected = JSON.parse(text)
        } catch {
          parses = false
        }
        if (r.ok) expect(r.value).toEqual(expected)
        else expect(r.reason === 'malformed-json').toBe(!parses)
      }),
      { numRuns: 3000 },
    )
  })

  it('any depth from 1 to 20,000 of nested arrays or objects is refused or parsed, never thrown', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.boolean(), (depth, arrays) => {
        const [o, c] = arrays ? ['[', ']'] : ['{"a":', '}']
        const r = parseBoundedJson(`${o.repeat(depth)}${arrays ? '' : '1'}${c.repeat(depth)}`, DEFAULT_RESPONSE_LIMITS)
        expect(r.ok).toBe(depth <= DEFAULT_RESPONSE_LIMITS.maxDepth)
      }),
      { numRuns: 200 },
    )
  })
})

describe('decodeBody', () => {
  it('a 5,000-deep assigner chain handed in already parsed is a typed Left (too-deep), not a RangeError', () => {
    const body = JSON.parse(deepAssignerPatient(5000)) as unknown
    const r = decodeBody(Patient, { status: 200, body, attempts: 1 })
    expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'InvalidResponse', reason: 'too-deep' })
  })

  it('never throws on arbitrary JSON bodies', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.boolean(), (value, asPatient) => {
        const body =
          asPatient && typeof value === 'object' && value !== null ? { ...value, resourceType: 'Patient' } : value
        const r = decodeBody(Patient, { status: 200, body, attempts: 1 })
        expect(r._tag === 'Left' || r._tag === 'Right').toBe(true)
      }),
      { numRuns: 2000 },
    )
  })
})
