import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { createSandbox, type Sandbox } from '@openward/fhir-sandbox'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { main } from '../src/main.js'
import { captureIo } from './capture-io.js'

const recording = fileURLToPath(
  new URL('../../../examples/demo/data/ubicomp_varied_fio2_100001_masimo_1hz.csv', import.meta.url),
)
const rows = readFileSync(recording, 'utf8').trim().split('\n').length - 1

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await createSandbox({ port: 0 })
})
afterAll(() => sandbox.close())
beforeEach(() => sandbox.reset())

const count = async (query: string): Promise<number> =>
  ((await (await fetch(`${sandbox.baseUrl}/Observation?${query}&_summary=count`)).json()) as { total: number }).total

function push(dir: string, ...extra: string[]) {
  const c = captureIo('', dir)
  const args = ['push', recording, '--fhir', sandbox.baseUrl, '--nhs-number', '9000000009', '--device-id', 'masimo-1']
  return main([...args, '--outbox', 'outbox.ndjson', '--json', ...extra], c.io).then((code) => ({
    code,
    out: code === 2 ? null : (JSON.parse(c.stdout()) as Record<string, unknown>),
  }))
}

describe('openward push', () => {
  it('sends every sample and alert once, and a second push stores nothing new', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-push-'))
    const first = await push(dir)
    expect(first.code).toBe(0)
    expect(first.out).toMatchObject({ observations: 2 * rows, remaining: 0, error: null })
    const alerts = first.out?.alerts as number
    expect(alerts).toBeGreaterThan(0)
    expect(await count('code=http://loinc.org|8867-4')).toBe(rows)
    expect(await count('identifier=urn:openward:alert|')).toBe(alerts)
    const again = await push(dir)
    expect(again.code).toBe(0)
    expect(await count('code=http://loinc.org|8867-4')).toBe(rows)
    expect(await count('identifier=urn:openward:alert|')).toBe(alerts)
  })

  it('keeps what a failing server did not take in the outbox, exits 3, and a re-run completes with no duplicates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-push-'))
    sandbox.injectFault({ method: 'POST', status: 503, times: 1000 })
    const failed = await push(dir)
    expect(failed.code).toBe(3)
    expect(failed.out?.remaining).toBe(failed.out?.queued)
    expect(await count('code=http://loinc.org|8867-4')).toBe(0)
    sandbox.clearFaults()
    const resumed = await push(dir)
    expect(resumed.code).toBe(0)
    expect(resumed.out?.remaining).toBe(0)
    expect(await count('code=http://loinc.org|8867-4')).toBe(rows)
  })

  it('needs a patient and a device id', async () => {
    const c = captureIo()
    expect(await main(['push', recording, '--fhir', sandbox.baseUrl, '--device-id', 'x'], c.io)).toBe(2)
    expect(c.stderr()).toContain('--nhs-number or --patient')
  })

  it('a server refusing every write (400): nothing is reported as pushed, a non-zero exit, nothing stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-push-'))
    sandbox.injectFault({ method: 'POST', status: 400, times: 1_000_000 })
    const refused = await push(dir)
    // The outbox either parks the entries as dead letters (exit 1, "refused") or stops with the
    // error and keeps them queued (exit 3): which one is the outbox's rule; never a 0.
    expect([1, 3]).toContain(refused.code)
    expect(refused.out?.sent ?? 0).toBe(0)
    expect((refused.out?.refused as number) + (refused.out?.remaining as number)).toBe(refused.out?.queued)
    expect(await count('code=http://loinc.org|8867-4')).toBe(0)
  })

  it('--sandbox: a dry run against a throwaway validating sandbox, its journal kept apart from the real one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-push-'))
    const c = captureIo('', dir)
    const args = ['push', recording, '--sandbox', '--nhs-number', '9000000009', '--device-id', 'masimo-1', '--json']
    expect(await main(args, c.io)).toBe(0)
    const out = JSON.parse(c.stdout()) as { observations: number; sent: number; refused: number; outbox: string }
    expect(out).toMatchObject({ observations: 2 * rows, refused: 0 })
    expect(out.sent).toBe(out.observations + (out as unknown as { alerts: number }).alerts)
    expect(out.outbox.startsWith(dir)).toBe(false)
    expect(existsSync(out.outbox)).toBe(false) // nothing refused: the scratch journal is gone
    expect(c.stderr()).toMatch(/dry run against a throwaway validating sandbox at http:\/\/127\.0\.0\.1:\d+\/fhir/)
    const usage = captureIo('', dir)
    expect(await main([...args, '--fhir', sandbox.baseUrl], usage.io)).toBe(2)
    expect(usage.stderr()).toContain('give --fhir <base-url> or --sandbox')
  })
})
