/**
 * Adversarial suite, issue 13 class 2 for the sandbox: a write reported as failed is never
 * committed, a damaged journal is named line by line and never replays garbage, and the sandbox's
 * validation agrees with `openward validate` (@openward/validators). Add a row to extend.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { validateResource } from '@openward/validators'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createSandbox, JournalCorrupt, type Sandbox } from '../../src/index.js'
import { call, idempotentTransaction, post, spo2Observation } from '../fixtures.js'

let dir: string
let strict: Sandbox
let n = 0
const fresh = () => join(dir, `j${n++}.ndjson`)
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sandbox-adversarial-'))
  strict = await createSandbox({ port: 0, validateOnWrite: true })
})
afterAll(async () => {
  await strict.close()
  rmSync(dir, { recursive: true, force: true })
})

const errorsOf = (outcome: { issue: { severity: string }[] }) =>
  outcome.issue.filter((i) => i.severity === 'error' || i.severity === 'fatal')
const count = async (base: string, q = '') =>
  (await call(`${base}/Observation?_summary=count${q}`)).body.total as number

const valid = spo2Observation('ok', 96)
const invalid: [string, unknown][] = [
  ['an invalid status (required binding)', { ...valid, status: 'bogus' }],
  ['no code (Observation.code 1..1)', { ...valid, code: undefined }],
  ['an unknown element', { ...valid, colour: 'red' }],
  ['a string where a decimal belongs', { ...valid, valueQuantity: { ...valid.valueQuantity, value: '96' } }],
  ['an empty array', { ...valid, category: [] }],
  ['SpO2 in mmHg (vital-signs unit rule)', { ...valid, valueQuantity: { ...valid.valueQuantity, code: 'mm[Hg]' } }],
]

describe('the sandbox validates as `openward validate` does', () => {
  it.each(invalid)('%s: validators, $validate and validate-on-write all refuse it', async (_name, resource) => {
    const body = JSON.parse(JSON.stringify(resource)) as { resourceType: string }
    expect(validateResource(body).valid).toBe(false)
    const checked = await post(`${strict.baseUrl}/Observation/$validate`, body)
    expect(errorsOf(checked.body).length).toBeGreaterThan(0)
    const before = await count(strict.baseUrl)
    const written = await post(`${strict.baseUrl}/Observation`, body)
    expect(written.status).toBe(422)
    expect(await count(strict.baseUrl)).toBe(before)
  })

  it('a valid SpO2 Observation passes all three', async () => {
    expect(validateResource(valid).valid).toBe(true)
    expect(errorsOf((await post(`${strict.baseUrl}/Observation/$validate`, valid)).body)).toEqual([])
    expect((await post(`${strict.baseUrl}/Observation`, valid)).status).toBe(201)
  })
})

describe('a write reported as failed is never committed', () => {
  it('a transaction with one invalid entry among 20 (validate on write): 422, none of the 20 stored', async () => {
    const bundle = idempotentTransaction(Array.from({ length: 20 }, (_, i) => `tx-bad-${i}`))
    ;(bundle.entry[13]!.resource as { status: string }).status = 'bogus'
    const res = await post(strict.baseUrl, bundle)
    expect(res.status).toBe(422)
    expect(await count(strict.baseUrl, '&identifier=urn:openward:test|tx-bad-0')).toBe(0)
    expect(await count(strict.baseUrl, '&identifier=urn:openward:test|tx-bad-19')).toBe(0)
  })

  it.each([
    ['503', { status: 503 }],
    ['500 with an HTML body', { status: 500, body: '<html>oops</html>', contentType: 'text/html' }],
    ['429 with Retry-After', { status: 429, retryAfter: '1' }],
  ])('an injected %s on a write executes nothing: not stored, not journalled', async (_name, fault) => {
    const journalPath = fresh()
    const s = await createSandbox({ port: 0, journalPath })
    try {
      s.injectFault({ method: 'POST', ...fault })
      expect((await post(`${s.baseUrl}/Observation`, spo2Observation('faulted', 95))).status).toBe(fault.status)
      s.injectFault({ method: 'POST', ...fault })
      expect((await post(s.baseUrl, idempotentTransaction(['f1', 'f2']))).status).toBe(fault.status)
      expect(await count(s.baseUrl)).toBe(0)
    } finally {
      await s.close()
    }
    expect(existsSync(journalPath) ? readFileSync(journalPath, 'utf8') : '').toBe('')
  })

  it.each([
    ['POST Patient', 'POST', 'Patient', (r: string) => r],
    [
      'PUT Patient/deep',
      'PUT',
      'Patient/deep',
      (r: string) => r.replace('{"resourceType":"Patient"', '{"resourceType":"Patient","id":"deep"'),
    ],
    [
      'a transaction entry',
      'POST',
      '',
      (r: string) =>
        `{"resourceType":"Bundle","type":"transaction","entry":[{"resource":${r},"request":{"method":"POST","url":"Patient"}}]}`,
    ],
  ])(
    '%s nested 5,000 deep: refused with 400 before anything is stored; the type stays searchable',
    async (_name, method, path, wrap) => {
      // Reproduction: this used to be stored, then overflow the stack while being answered (a 400
      // for a committed write) and on every later search of Patient.
      const s = await createSandbox({ port: 0 })
      try {
        const deep = `{"resourceType":"Patient","extension":[${'{"url":"u","extension":['.repeat(5000)}${']}'.repeat(5000)}]}`
        const res = await call(`${s.baseUrl}/${path}`.replace(/\/$/, ''), {
          method,
          headers: { 'content-type': 'application/fhir+json' },
          body: wrap(deep),
        })
        expect(res.status).toBe(400)
        const search = await call(`${s.baseUrl}/Patient?_summary=count`)
        expect([search.status, search.body.total]).toEqual([200, 0])
      } finally {
        await s.close()
      }
    },
  )

  it('a transaction whose journal append fails at commit is rolled back: 500, nothing stored, nothing replayed', async () => {
    const sub = join(dir, 'vanish-tx')
    mkdirSync(sub)
    const journalPath = join(sub, 'journal.ndjson')
    const s = await createSandbox({ port: 0, journalPath })
    await post(`${s.baseUrl}/Observation`, spo2Observation('before', 95))
    const kept = readFileSync(journalPath, 'utf8')
    rmSync(sub, { recursive: true })
    try {
      expect((await post(s.baseUrl, idempotentTransaction(['r1', 'r2', 'r3']))).status).toBe(500)
      expect(await count(s.baseUrl)).toBe(1)
    } finally {
      await s.close()
    }
    mkdirSync(sub)
    writeFileSync(journalPath, kept)
    const again = await createSandbox({ port: 0, journalPath })
    try {
      expect(await count(again.baseUrl)).toBe(1)
    } finally {
      await again.close()
    }
  })
})

describe('a damaged journal is named line by line, and recovery keeps every valid line', () => {
  async function journalOf3(path: string): Promise<string[]> {
    const s = await createSandbox({ port: 0, journalPath: path })
    for (const k of ['a', 'b', 'c']) await post(`${s.baseUrl}/Observation`, spo2Observation(k, 95))
    await s.close()
    return readFileSync(path, 'utf8').split('\n')
  }

  it.each([
    ['a changed value in a checksummed line', (l: string) => l.replace('"value":95', '"value":99'), 'checksum'],
    ['garbage', () => 'garbage', 'not-json'],
    ['a complete line cut short (it has its newline)', (l: string) => l.slice(0, 50), 'checksum'],
    [
      'a legacy line with no versionId',
      () =>
        '{"resourceType":"Patient","id":"p","method":"POST","lastUpdated":"2024-01-01T00:00:00Z","resource":{"resourceType":"Patient"}}',
      'bad-record',
    ],
    [
      'a legacy line whose resource type disagrees',
      () =>
        '{"resourceType":"Patient","id":"p","method":"POST","versionId":"1","lastUpdated":"2024-01-01T00:00:00Z","resource":{"resourceType":"Observation"}}',
      'bad-record',
    ],
    [
      'a legacy line nested 5,000 deep',
      () =>
        `{"resourceType":"Patient","id":"p","method":"POST","versionId":"1","lastUpdated":"2024-01-01T00:00:00Z","resource":{"resourceType":"Patient","x":${'['.repeat(5000)}${']'.repeat(5000)}}}`,
      'too-deep',
    ],
  ])('%s on line 2: JournalCorrupt names line 2; recover keeps lines 1 and 3', async (_name, damage, reason) => {
    const path = fresh()
    const lines = await journalOf3(path)
    lines[1] = damage(lines[1]!)
    writeFileSync(path, lines.join('\n'))
    const refused = await createSandbox({ port: 0, journalPath: path }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(JournalCorrupt)
    expect(refused).toMatchObject({ _tag: 'JournalCorrupt', lines: [{ line: 2, reason }] })
    const s = await createSandbox({ port: 0, journalPath: path, journalRecovery: 'recover' })
    try {
      expect(s.recoveredJournalLines).toEqual([{ line: 2, reason }])
      expect(await count(s.baseUrl)).toBe(2)
      expect(await count(s.baseUrl, '&identifier=urn:openward:test|a')).toBe(1)
      expect(await count(s.baseUrl, '&identifier=urn:openward:test|c')).toBe(1)
      await post(`${s.baseUrl}/Observation`, spo2Observation('d', 95))
    } finally {
      await s.close()
    }
    expect(readFileSync(`${path}.corrupt`, 'utf8')).toContain(lines[1]!.slice(0, 20))
    // The journal was rewritten without the bad line: a plain restart replays cleanly, later write included.
    const clean = await createSandbox({ port: 0, journalPath: path })
    try {
      expect(await count(clean.baseUrl)).toBe(3)
    } finally {
      await clean.close()
    }
  })

  it('two lines claiming the same version of a resource: the second is duplicate-version', async () => {
    const path = fresh()
    const lines = await journalOf3(path)
    writeFileSync(path, [lines[0], lines[0], ...lines.slice(1)].join('\n'))
    await expect(createSandbox({ port: 0, journalPath: path })).rejects.toMatchObject({
      lines: [{ line: 2, reason: 'duplicate-version' }],
    })
  })

  it('a torn tail (no newline, never acknowledged) is dropped silently and the journal healed', async () => {
    const path = fresh()
    await journalOf3(path)
    appendFileSync(path, '0badf00d {"resourceType":"Observation","id":"ha')
    const s = await createSandbox({ port: 0, journalPath: path })
    try {
      expect(s.recoveredJournalLines).toEqual([])
      expect(await count(s.baseUrl)).toBe(3)
      await post(`${s.baseUrl}/Observation`, spo2Observation('e', 95))
    } finally {
      await s.close()
    }
    const again = await createSandbox({ port: 0, journalPath: path })
    try {
      expect(await count(again.baseUrl)).toBe(4)
    } finally {
      await again.close()
    }
  })
})
