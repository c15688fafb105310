import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { Sandbox } from '@openward/fhir-sandbox'
import { afterAll, describe, expect, it } from 'vitest'

import { sandboxCommand } from '../src/commands/sandbox.js'
import { main } from '../src/main.js'
import { captureIo } from './capture-io.js'

const dir = mkdtempSync(join(tmpdir(), 'openward-sandbox-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the command; `whileUp` talks to the live server, then the command is told to stop. */
async function runWith(argv: string[], whileUp: (sandbox: Sandbox) => Promise<void>) {
  const { io, stdout, stderr } = captureIo('', dir)
  const command = sandboxCommand(whileUp)
  const code = await main(['sandbox', ...argv], io, [command])
  return { code, stdout: stdout(), stderr: stderr() }
}

describe('openward sandbox', () => {
  it('prints the base URL, serves FHIR on 127.0.0.1 until stopped, and journals writes', async () => {
    let status = 0
    const first = await runWith(['--port', '0', '--journal', 'fhir.ndjson'], async (sandbox) => {
      const res = await fetch(`${sandbox.baseUrl}/Patient`, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json' },
        body: JSON.stringify({ resourceType: 'Patient' }),
      })
      status = res.status
    })
    expect(first.code).toBe(0)
    expect(status).toBe(201)
    expect(first.stdout).toMatch(/FHIR sandbox listening at http:\/\/127\.0\.0\.1:\d+\/fhir\n/)
    expect(first.stdout).toContain(`Journal: ${join(dir, 'fhir.ndjson')}`)
    let total = -1
    await runWith(['--port', '0', '--journal', 'fhir.ndjson'], async (sandbox) => {
      total = ((await (await fetch(`${sandbox.baseUrl}/Patient?_summary=count`)).json()) as { total: number }).total
    })
    expect(total).toBe(1)
  })

  it('requires tokens with --auth and validates with --validate', async () => {
    const auth = join(dir, 'clients.json')
    writeFileSync(
      auth,
      JSON.stringify({ clients: [{ clientId: 'c', publicJwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'k' } }] }),
    )
    const statuses: number[] = []
    const run = await runWith(['--port', '0', '--auth', auth, '--validate'], async (sandbox) => {
      statuses.push((await fetch(`${sandbox.baseUrl}/Patient`)).status)
      statuses.push((await fetch(`${sandbox.baseUrl}/metadata`)).status)
    })
    expect(run.code).toBe(0)
    expect(statuses).toEqual([401, 200])
    expect(run.stdout).toMatch(/Token endpoint: http:\/\/127\.0\.0\.1:\d+\/oauth2\/token/)
  })

  it('refuses a non-loopback host, bad numbers and a bad auth file', async () => {
    const never = async () => {
      throw new Error('should not start')
    }
    const remote = await runWith(['--host', '0.0.0.0'], never)
    expect(remote.code).toBe(3)
    expect(remote.stderr).toContain('non-loopback')
    expect((await runWith(['--port', 'eighty'], never)).code).toBe(2)
    writeFileSync(join(dir, 'bad.json'), '{"clients":[]}')
    const badAuth = await runWith(['--auth', 'bad.json'], never)
    expect(badAuth.code).toBe(2)
    expect(badAuth.stderr).toContain('clients')
  })
})
