import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  checkIdentifier,
  IDENTIFIER_KINDS,
  MAX_UCUM_CODE_LENGTH,
  parseFhirXml,
  validateResource,
  validateUcumUnit,
} from '../../src/index.js'

// Issue 13 class 4 and issue 17 "Bad input": every validator input is bounded in size, depth and
// time, and each bound answers with a typed issue (a stable `id`), never a throw or a hang.
// Extend this file with any input that once made a validator slow or throw. Time limits are loose:
// they separate "linear" from "seconds to minutes". They are CPU time of this test process, not wall
// time: the calls are synchronous, so CPU time is the validator's own work, and a loaded CI machine
// that leaves the process waiting for a core cannot fail them (wall time could, and a hang still
// burns CPU).

const cpuMs = <A>(f: () => A): [A, number] => {
  const before = process.cpuUsage()
  const a = f()
  const used = process.cpuUsage(before)
  return [a, (used.user + used.system) / 1000]
}

const observationWithUnit = (code: string): Record<string, unknown> => ({
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'x' },
  valueQuantity: { value: 1, system: 'http://unitsofmeasure.org', code },
})

/** Repeated annotations: the shape that makes @lhncbc/ucum-lhc's parser super-linear. */
const annotations = (chars: number): string => '{a}'.repeat(Math.floor(chars / 3))

describe('adversarial: UCUM codes', () => {
  it('refuses a 100 KB UCUM code at once with ucum.too-long (it stalled validateResource for over 20 s)', () => {
    const code = annotations(100 * 1024)
    const [r, ms] = cpuMs(() => validateUcumUnit(code))
    expect(E.isLeft(r) && r.left[0].id).toBe('ucum.too-long')
    expect(ms).toBeLessThan(200)
    validateResource(observationWithUnit('mm[Hg]')) // warm up: the first call indexes the R4 types it meets
    const [v, ms2] = cpuMs(() => validateResource(observationWithUnit(code)))
    expect(v.valid).toBe(false)
    expect(v.issues.find((i) => i.id === 'fhir.quantity.ucum')?.message).toContain('longer than the limit of 256')
    expect(ms2).toBeLessThan(2000) // was over 20 s; generous for a loaded shared machine
  })

  it('still parses the worst shapes just under the limit quickly', () => {
    for (const code of [
      annotations(MAX_UCUM_CODE_LENGTH),
      `${'m.'.repeat(127)}m`,
      `${'('.repeat(127)}m${')'.repeat(127)}`,
    ]) {
      expect(code.length).toBeLessThanOrEqual(MAX_UCUM_CODE_LENGTH)
      const [r, ms] = cpuMs(() => validateUcumUnit(code))
      expect(E.isRight(r)).toBe(true)
      expect(ms).toBeLessThan(2000)
    }
  })

  it('quotes an over-long code cut with an ellipsis and its length', () => {
    const r = validateUcumUnit('m'.repeat(300))
    expect(E.isLeft(r) && r.left[0].message).toContain('"… (300 characters)')
  })
})

describe('adversarial: time budget', () => {
  it('stops with a fatal fhir.timeout once timeoutMs is spent (clock injected)', () => {
    let now = 0
    const clock = { now: () => (now += 1) } // every reading advances 1 ms
    const entries = Array.from({ length: 3000 }, (_, i) => ({
      fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      resource: { resourceType: 'Basic', code: { text: `b${i}` } },
    }))
    const r = validateResource({ resourceType: 'Bundle', type: 'collection', entry: entries }, { clock, timeoutMs: 5 })
    expect(r.valid).toBe(false)
    const timeouts = r.issues.filter((i) => i.id === 'fhir.timeout')
    expect(timeouts).toHaveLength(1)
    expect(timeouts[0]!.severity).toBe('fatal')
    expect(timeouts[0]!.message).toContain('incomplete')
  })

  it('a large Bundle with a 50 ms budget answers within a bound on the real clock', () => {
    const entries = Array.from({ length: 40_000 }, (_, i) => ({
      fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      resource: observationWithUnit('mm[Hg]'),
    }))
    const [r, ms] = cpuMs(() =>
      validateResource({ resourceType: 'Bundle', type: 'collection', entry: entries }, { timeoutMs: 50 }),
    )
    expect(r.issues.some((i) => i.id === 'fhir.timeout')).toBe(true)
    expect(ms).toBeLessThan(2000)
  })

  it('a resource that finishes in time has no timeout issue', () => {
    const r = validateResource(observationWithUnit('mm[Hg]'), { timeoutMs: 10_000 })
    expect(r.issues.some((i) => i.id === 'fhir.timeout')).toBe(false)
    expect(r.valid).toBe(true)
  })
})

describe('adversarial: sizes and depth', () => {
  it('a string over 1 MB is an error (R4 datatypes.html#string); exactly 1 MB is allowed', () => {
    const patient = (text: string) => ({ resourceType: 'Patient', name: [{ text }] })
    const over = validateResource(patient('a'.repeat(1024 * 1024 + 1)))
    expect(over.issues.find((i) => i.id === 'fhir.primitive.string')?.message).toContain('must not exceed 1 MB')
    expect(validateResource(patient('a'.repeat(1024 * 1024))).valid).toBe(true)
  })

  it('JSON text nested 100,000 deep stops with fhir.too-deep', () => {
    const text = `{"resourceType":"Parameters","parameter":[${'{"name":"p","part":['.repeat(100_000)}${']}'.repeat(100_000)}]}`
    const [r, ms] = cpuMs(() => validateResource(text))
    expect(r.issues.filter((i) => i.id === 'fhir.too-deep' || i.id === 'fhir.internal').length).toBeGreaterThan(0)
    expect(r.valid).toBe(false)
    expect(ms).toBeLessThan(5000)
  })

  it('text over maxLength is refused before parsing with json.too-large', () => {
    const r = validateResource(`{"resourceType":"Basic","x":"${'a'.repeat(2000)}"}`, { maxLength: 1000 })
    expect(r.issues.map((i) => i.id)).toEqual(['json.too-large'])
  })

  it('long pathological strings in regex-checked primitives answer in linear time', () => {
    const n = 200_000
    const cases: Record<string, unknown>[] = [
      { resourceType: 'Observation', status: 'final', code: { text: 'x' }, effectiveDateTime: '2020-'.repeat(n / 5) },
      { resourceType: 'Observation', status: ` ${' '.repeat(n)}x`, code: { text: 'x' } },
      { resourceType: 'Basic', id: 'a'.repeat(n), code: { text: 'x' } },
      {
        resourceType: 'Basic',
        code: { text: 'x' },
        text: { status: 'generated', div: `<div>${'</div> '.repeat(n / 6)}x` },
      },
      {
        resourceType: 'Basic',
        code: { text: 'x' },
        text: { status: 'generated', div: `<div>${'<b>'.repeat(n / 3)}</div>` },
      },
      { resourceType: 'Binary', contentType: 'text/plain', data: `${'A'.repeat(n)}!` },
      { resourceType: 'Basic', code: { text: 'x' }, implicitRules: `${'a'.repeat(n)} ` },
    ]
    for (const c of cases) {
      const [r, ms] = cpuMs(() => validateResource(c))
      expect([JSON.stringify(c).slice(0, 80), r.valid]).toEqual([JSON.stringify(c).slice(0, 80), false])
      expect(ms).toBeLessThan(2000)
    }
  })

  it('FHIRPath matches() invariants (sdf-0, eld-20 path) on long strings answer within a bound', () => {
    const sd = (path: string, name: string) => ({
      resourceType: 'StructureDefinition',
      url: 'http://example.org/sd',
      name,
      status: 'draft',
      kind: 'logical',
      abstract: true,
      type: 'X',
      differential: { element: [{ path }] },
    })
    for (const r of [
      sd(`a${'.a'.repeat(200_000)}`, 'X'),
      sd(`a${'.aaaaaaaaa1'.repeat(50_000)}!`, 'X'),
      sd('X', 'a'.repeat(500_000)),
    ]) {
      const [v, ms] = cpuMs(() => validateResource(r))
      expect(v.outcome.resourceType).toBe('OperationOutcome')
      expect(ms).toBeLessThan(3000)
    }
  })

  it('every identifier validator answers a 1 MB hostile string quickly with an issue', () => {
    const hostile = ['9'.repeat(1 << 20), ' '.repeat(1 << 20) + '1', '1-'.repeat(1 << 19), 'A1 '.repeat(349_525)]
    for (const kind of IDENTIFIER_KINDS) {
      for (const input of hostile) {
        const [r, ms] = cpuMs(() => checkIdentifier(kind, input))
        expect([kind, input.slice(0, 10), r.valid]).toEqual([kind, input.slice(0, 10), false])
        expect(ms).toBeLessThan(500)
        for (const i of r.issues) expect(i.message.length).toBeLessThan(400)
      }
    }
  })
})

describe('adversarial: property', () => {
  it('arbitrary JSON never throws and returns within a bound', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 6 }),
        fc.constantFrom('Observation', 'Bundle', 'Patient', 'Parameters'),
        (json, rt) => {
          for (const input of [
            json,
            {
              resourceType: rt,
              ...(typeof json === 'object' && json !== null && !Array.isArray(json) ? json : { x: json }),
            },
          ]) {
            const [r, ms] = cpuMs(() => validateResource(input, { timeoutMs: 200 }))
            expect(r.outcome.resourceType).toBe('OperationOutcome')
            expect(ms).toBeLessThan(2000)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('adversarial: XML', () => {
  it('arbitrary text after "<" never throws from parseFhirXml or validateResource', () => {
    const xmlish = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            '<',
            '>',
            '/',
            '"',
            "'",
            '=',
            '&',
            ';',
            '<!DOCTYPE',
            '<!--',
            '-->',
            '<![CDATA[',
            ']]>',
            '<?',
            '?>',
          ),
          fc.constantFrom(
            '<Patient xmlns="http://hl7.org/fhir">',
            '</Patient>',
            '<id value="x"/>',
            '<name>',
            '</name>',
            '&amp;',
            '&#x41;',
          ),
          fc.string({ maxLength: 8 }),
        ),
        { maxLength: 30 },
      )
      .map((parts) => `<${parts.join('')}`)
    fc.assert(
      fc.property(xmlish, (text) => {
        const parsed = parseFhirXml(text)
        expect(E.isLeft(parsed) ? parsed.left._tag : 'ok').toMatch(/^(FhirXmlError|ok)$/)
        const [r, ms] = cpuMs(() => validateResource(text, { timeoutMs: 200 }))
        expect(r.outcome.resourceType).toBe('OperationOutcome')
        expect(ms).toBeLessThan(2000)
      }),
      { numRuns: 300 },
    )
  })

  it('a billion-laughs document is refused before any expansion', () => {
    const laughs = `<!DOCTYPE l [<!ENTITY a "${'a'.repeat(1000)}">${Array.from({ length: 9 }, (_, i) => `<!ENTITY e${i + 1} "${`&${i === 0 ? 'a' : `e${i}`};`.repeat(10)}">`).join('')}]><Patient xmlns="http://hl7.org/fhir"><id value="&e9;"/></Patient>`
    const [r, ms] = cpuMs(() => parseFhirXml(laughs))
    expect(E.isLeft(r) && r.left.kind).toBe('doctype')
    expect(ms).toBeLessThan(200)
  })
})
