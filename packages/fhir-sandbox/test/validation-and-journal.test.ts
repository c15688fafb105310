import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createSandbox, JournalCorrupt, type Sandbox } from '../src/index.js'
import { call, idempotentTransaction, post, put, spo2Observation } from './fixtures.js'

const OXYGENSAT = 'http://hl7.org/fhir/StructureDefinition/oxygensat'

let sandbox: Sandbox
let strictSandbox: Sandbox
let dir: string
beforeAll(async () => {
  sandbox = await createSandbox({ port: 0 })
  strictSandbox = await createSandbox({ port: 0, validateOnWrite: true })
  dir = mkdtempSync(join(tmpdir(), 'fhir-sandbox-journal-'))
})
afterAll(async () => {
  await sandbox.close()
  await strictSandbox.close()
  rmSync(dir, { recursive: true, force: true })
})

const errors = (outcome: any) => outcome.issue.filter((i: any) => i.severity === 'error')

describe('$validate', () => {
  it('passes a well-formed SpO2 Observation against the base spec and the oxygensat profile', async () => {
    const res = await post(
      `${sandbox.baseUrl}/Observation/$validate?profile=${encodeURIComponent(OXYGENSAT)}`,
      spo2Observation('v', 96),
    )
    expect(res.status).toBe(200)
    expect(errors(res.body)).toEqual([])
  })

  it('the oxygensat profile catches a missing category and effective time', async () => {
    const { category: _c, effectiveDateTime: _e, ...bare } = spo2Observation('v', 96)
    // Like `openward validate`, the base check applies the R4 vital-signs profile by LOINC code.
    const base = await post(`${sandbox.baseUrl}/Observation/$validate`, bare)
    expect(errors(base.body).length).toBeGreaterThan(0)
    const profiled = await post(`${sandbox.baseUrl}/Observation/$validate`, {
      resourceType: 'Parameters',
      parameter: [
        { name: 'resource', resource: bare },
        { name: 'profile', valueUri: OXYGENSAT },
      ],
    })
    const messages = errors(profiled.body).map((i: any) => `${i.expression?.join() ?? ''} ${i.details?.text ?? ''}`)
    expect(messages.some((m: string) => m.includes('category'))).toBe(true)
    expect(messages.some((m: string) => m.includes('effective'))).toBe(true)
  })

  it('reports base-spec errors (unknown property, wrong type) and unknown profiles', async () => {
    const res = await post(`${sandbox.baseUrl}/$validate`, {
      resourceType: 'Observation',
      status: 'final',
      code: {},
      colour: 'red',
    })
    expect(errors(res.body).length).toBeGreaterThan(0)
    const unknown = await post(
      `${sandbox.baseUrl}/Observation/$validate?profile=http://example.org/nope`,
      spo2Observation('v', 96),
    )
    expect(unknown.body.issue.some((i: any) => i.severity === 'warning' && i.diagnostics.includes('not known'))).toBe(
      true,
    )
  })
})

describe('validation on write', () => {
  it('refuses an invalid resource with 422 and stores nothing; a valid one is stored', async () => {
    const base = strictSandbox.baseUrl
    const bad = await post(`${base}/Observation`, {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      wrong: 1,
    })
    expect(bad.status).toBe(422)
    expect(bad.body.resourceType).toBe('OperationOutcome')
    const { category: _c, ...noCategory } = spo2Observation('w', 96)
    const profiled = await post(`${base}/Observation`, { ...noCategory, meta: { profile: [OXYGENSAT] } })
    expect(profiled.status).toBe(422)
    expect((await call(`${base}/Observation?_summary=count`)).body.total).toBe(0)
    expect((await post(`${base}/Observation`, spo2Observation('ok', 96))).status).toBe(201)
  })

  it('one invalid entry makes a whole transaction fail with 422', async () => {
    const bundle = idempotentTransaction(['t1', 't2'])
    ;(bundle.entry[1]!.resource as any).status = undefined
    const res = await post(strictSandbox.baseUrl, bundle)
    expect(res.status).toBe(422)
    expect((await call(`${strictSandbox.baseUrl}/Observation?identifier=t1`)).body.total).toBe(0)
  })
})

describe('NDJSON journal', () => {
  it('replays committed writes (creates, updates, deletes, transactions) on restart; rolled-back ones are absent', async () => {
    const journalPath = join(dir, 'replay.ndjson')
    const first = await createSandbox({ port: 0, journalPath })
    const patient = await post(`${first.baseUrl}/Patient`, { resourceType: 'Patient', gender: 'male' })
    const pid = patient.body.id
    await put(`${first.baseUrl}/Patient/${pid}`, { resourceType: 'Patient', id: pid, gender: 'female' })
    const gone = await post(`${first.baseUrl}/Patient`, { resourceType: 'Patient' })
    await call(`${first.baseUrl}/Patient/${gone.body.id}`, { method: 'DELETE' })
    await post(first.baseUrl, idempotentTransaction(Array.from({ length: 30 }, (_, i) => `j${i}`)))
    const failing = idempotentTransaction(['x1'])
    failing.entry.push({ request: { method: 'DELETE', url: 'Patient/nope' } } as any)
    expect((await post(first.baseUrl, failing)).status).toBeGreaterThanOrEqual(400)
    await first.close()

    const second = await createSandbox({ port: 0, journalPath })
    try {
      const read = await call(`${second.baseUrl}/Patient/${pid}`)
      expect(read.body.gender).toBe('female')
      expect(read.body.meta.versionId).toBe(
        (await call(`${second.baseUrl}/Patient/${pid}/_history`)).body.entry[0].resource.meta.versionId,
      )
      expect((await call(`${second.baseUrl}/Patient/${pid}/_history`)).body.total).toBe(2)
      expect((await call(`${second.baseUrl}/Patient/${gone.body.id}`)).status).toBe(410)
      expect((await call(`${second.baseUrl}/Observation?_summary=count`)).body.total).toBe(30)
      expect((await call(`${second.baseUrl}/Observation?identifier=x1`)).body.total).toBe(0)
      // idempotent resubmission still recognises the replayed resources
      const again = await post(second.baseUrl, idempotentTransaction(Array.from({ length: 30 }, (_, i) => `j${i}`)))
      expect(again.body.entry.every((e: any) => e.response.status === '200')).toBe(true)
    } finally {
      await second.close()
    }
  })

  it('a write the journal cannot record fails and leaves the store unchanged', async () => {
    const sub = join(dir, 'vanishing')
    mkdirSync(sub)
    const broken = await createSandbox({ port: 0, journalPath: join(sub, 'journal.ndjson') })
    try {
      rmSync(sub, { recursive: true }) // every append now fails with ENOENT
      const single = await post(`${broken.baseUrl}/Observation`, spo2Observation('j', 95))
      expect(single.status).toBeGreaterThanOrEqual(500)
      const tx = await post(broken.baseUrl, idempotentTransaction(['t1', 't2']))
      expect(tx.status).toBeGreaterThanOrEqual(500)
      expect((await call(`${broken.baseUrl}/Observation?_summary=count`)).body.total).toBe(0)
    } finally {
      await broken.close()
    }
  })

  it('a transaction torn by a crash mid-append replays not at all', async () => {
    const journalPath = join(dir, 'torn.ndjson')
    const first = await createSandbox({ port: 0, journalPath })
    await post(`${first.baseUrl}/Patient`, { resourceType: 'Patient' })
    expect(
      (await post(first.baseUrl, idempotentTransaction(Array.from({ length: 30 }, (_, i) => `torn${i}`)))).status,
    ).toBe(200)
    await first.close()
    // A SIGKILL during appendFileSync leaves a prefix of what was being written: cut the last write in half.
    const text = readFileSync(journalPath, 'utf8')
    const lastStart = text.lastIndexOf('\n', text.length - 2) + 1
    truncateSync(journalPath, Buffer.byteLength(text.slice(0, lastStart + Math.floor((text.length - lastStart) / 2))))
    const second = await createSandbox({ port: 0, journalPath })
    try {
      expect((await call(`${second.baseUrl}/Patient?_summary=count`)).body.total).toBe(1)
      expect((await call(`${second.baseUrl}/Observation?_summary=count`)).body.total).toBe(0)
    } finally {
      await second.close()
    }
  })

  it('drops a partial last line left by a crash, refuses a corrupt middle line, and reset() empties it', async () => {
    const journalPath = join(dir, 'partial.ndjson')
    const first = await createSandbox({ port: 0, journalPath })
    await post(`${first.baseUrl}/Patient`, { resourceType: 'Patient' })
    await first.close()
    appendFileSync(journalPath, '{"resourceType":"Patient","id":"half')
    const second = await createSandbox({ port: 0, journalPath })
    expect((await call(`${second.baseUrl}/Patient?_summary=count`)).body.total).toBe(1)
    await post(`${second.baseUrl}/Patient`, { resourceType: 'Patient' })
    await second.reset()
    expect(readFileSync(journalPath, 'utf8')).toBe('')
    await second.close()

    appendFileSync(journalPath, 'not json\n{"resourceType":"Patient"}\n')
    await expect(createSandbox({ port: 0, journalPath })).rejects.toBeInstanceOf(JournalCorrupt)
  })
})
