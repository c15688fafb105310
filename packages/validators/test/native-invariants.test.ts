import { systemClock } from '@openward/core'
import fhirpath from 'fhirpath'
import r4Model from 'fhirpath/fhir-context/r4'
import { describe, expect, it } from 'vitest'

import { CORRECTED_EXPRESSIONS } from '../src/internal/r4/invariants.js'
import { NATIVE_INVARIANTS } from '../src/internal/r4/native-invariants.js'
import { r4Constraint } from '../src/internal/r4/r4-index.js'
import { walkResource } from '../src/internal/r4/structure-walker.js'
import { WalkContext } from '../src/internal/r4/walk-context.js'
import { r4ExampleSubset, readR4Example } from './r4-examples.js'

// The native invariants must give the verdict fhirpath.js gives on the R4 snapshot expression, on
// every occurrence in the R4 examples (all 5,306 files: 28,387 occurrences, 0 disagreements when
// measured; this test runs the fixed subset plus crafted edge cases).
const KEYS = [
  'qty-3',
  'cpt-2',
  'exp-1',
  'qrs-1',
  'que-3',
  'que-4',
  'que-6',
  'que-8',
  'que-9',
  'que-11',
  'que-12',
  'que-13',
  'que-1',
  'que-10',
  'tim-1',
  'tim-2',
  'tim-4',
  'tim-5',
  'tim-6',
  'tim-7',
  'tim-8',
  'tim-10',
  'att-1',
  'obs-6',
]

function fhirpathVerdict(key: string, base: string, node: unknown, expression: string): boolean {
  const expr = (CORRECTED_EXPRESSIONS[key] ?? expression).replace(/\.trace\('[a-z]+'\)/g, '')
  const res = fhirpath.evaluate(
    node,
    { base: base.endsWith('Quantity') ? 'Quantity' : base, expression: expr },
    {},
    r4Model,
  ) as unknown[]
  return !(res.length === 1 && res[0] === false)
}

describe('native invariants agree with fhirpath.js', () => {
  it('on every occurrence in the R4 examples subset', () => {
    const natives = new Map(KEYS.map((k) => [k, NATIVE_INVARIANTS.get(k)!]))
    const registry = NATIVE_INVARIANTS as Map<string, unknown>
    for (const k of KEYS) registry.delete(k) // so the walk queues them for comparison
    let compared = 0
    const disagreements: string[] = []
    try {
      for (const f of r4ExampleSubset()) {
        const ctx = new WalkContext({
          maxDepth: 128,
          maxIssues: 1e6,
          maxNodes: 4e6,
          timeoutMs: 1e9,
          clock: systemClock,
          unknownExtensions: 'ignore',
          knownExtensions: new Set(),
        })
        walkResource(JSON.parse(readR4Example(f)), '', 0, ctx)
        for (const p of ctx.invariants) {
          const [key, , , expression] = r4Constraint(p.constraint)!
          const native = natives.get(key)
          if (native === undefined) continue
          compared++
          const verdict = native(p.node as never, p.resource as never, p.root as never)
          if (verdict !== undefined && verdict !== fhirpathVerdict(key, p.base, p.node, expression))
            disagreements.push(`${f} ${key} ${p.path}`)
        }
      }
    } finally {
      for (const [k, f] of natives) registry.set(k, f)
    }
    expect(compared).toBeGreaterThan(500)
    expect(disagreements).toEqual([])
  })

  it('on crafted edge cases (primitive extensions only, empty type, repeats false)', () => {
    const ext = { extension: [{ url: 'http://x.org/e', valueString: 'y' }] }
    const cases: [string, string, Record<string, unknown>][] = [
      ['qty-3', 'Quantity', { _code: ext }],
      ['qty-3', 'Quantity', { code: 'mg', _system: ext }],
      ['qty-3', 'Quantity', { code: 'mg' }],
      ['que-3', 'Questionnaire.item', { linkId: 'a', code: [{ code: 'x' }] }],
      ['que-3', 'Questionnaire.item', { linkId: 'a', type: 'display', code: [{ code: 'x' }] }],
      ['que-12', 'Questionnaire.item', { linkId: 'a', type: 'string', enableWhen: [{}, {}] }],
      ['que-13', 'Questionnaire.item', { linkId: 'a', type: 'string', initial: [{}, {}] }],
      ['que-13', 'Questionnaire.item', { linkId: 'a', type: 'string', repeats: false, initial: [{}, {}] }],
      ['que-13', 'Questionnaire.item', { linkId: 'a', type: 'string', repeats: true, initial: [{}, {}] }],
      ['que-1', 'Questionnaire.item', { linkId: 'a', type: 'group' }],
      ['que-1', 'Questionnaire.item', { linkId: 'a', type: 'display', item: [{ linkId: 'b', type: 'string' }] }],
      ['que-1', 'Questionnaire.item', { linkId: 'a', item: [{ linkId: 'b', type: 'string' }] }],
      ['que-10', 'Questionnaire.item', { linkId: 'a', type: 'choice', maxLength: 3 }],
      ['tim-4', 'Timing.repeat', { duration: -1, durationUnit: 'h' }],
      ['tim-4', 'Timing.repeat', { _duration: ext, durationUnit: 'h' }],
      ['obs-6', 'Observation', { _valueString: ext, dataAbsentReason: { text: 'x' } }],
      ['att-1', 'Attachment', { data: 'AAAA' }],
    ]
    for (const [key, base, node] of cases) {
      const c = [...Array(20000).keys()].map((i) => r4Constraint(i)).find((x) => x?.[0] === key)!
      const verdict = NATIVE_INVARIANTS.get(key)!(node, node, node)
      expect([key, JSON.stringify(node), verdict]).toEqual([
        key,
        JSON.stringify(node),
        fhirpathVerdict(key, base, node, c[3]),
      ])
    }
  })
})
