import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { Kvm } from '@nats-io/kv'
import { connect } from '@nats-io/transport-node'
import { ensureWardAt, readNatsAuthFile, startNatsServer } from '@openward/ward-stream/node'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { ward } from '../src/commands/ward.js'
import { captureIo } from './capture-io.js'

const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

// `ward simulate` starts nats-server, workers and a writer of its own: a run that overruns this deadline
// is ended with its whole process group (it is spawned detached, as the group's leader) and fails with
// its stderr, instead of holding the test until vitest's timeout and leaving the services running.
const RUN_MS = 100_000

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@openward/source', bin, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // the group has already gone
      }
    }
    const overrun = setTimeout(() => {
      killGroup()
      reject(new Error(`openward ${args.join(' ')} did not finish within ${RUN_MS} ms:\n${stderr.slice(-4000)}`))
    }, RUN_MS)
    child.on('error', (e) => {
      clearTimeout(overrun)
      reject(e)
    })
    // 'close', not 'exit': the output pipes may still hold the end of stdout when 'exit' fires.
    child.on('close', (code) => {
      clearTimeout(overrun)
      killGroup() // services the CLI started and failed to stop must not outlive the test
      resolve({ code, stdout, stderr })
    })
  })
}

describe('openward ward', () => {
  it('simulate --json: real nats-server, 2 worker processes (one SIGKILLed), writer and FHIR sandbox; one JSON object, exit 0, nothing missing or doubled', async () => {
    const r = await run([
      'ward',
      'simulate',
      '--patients',
      '6',
      '--workers',
      '2',
      '--kill-worker',
      '1',
      '--duration',
      '6',
      '--max-samples',
      '500',
      '--partitions',
      '4',
      '--json',
    ])
    expect(r.stderr.split('\n').filter((l) => l.includes('"level":"error"'))).toEqual([])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as Record<string, unknown>
    expect(out).toMatchObject({ patients: 6, workerKills: 1, missing: 0, duplicates: 0, drained: true })
    for (const k of ['samples', 'alertsExpected', 'alertsStored', 'p99LatencyMs']) expect(typeof out[k]).toBe('number')
    expect(out['alertsStored']).toBe(out['alertsExpected'])
    expect(out['alertsExpected'] as number).toBeGreaterThan(0)
  }, 120_000)

  it("thresholds sets a patient's own bands in the ward's bucket and --clear removes them; bands a detector cannot use are a usage error", async () => {
    const nats = await startNatsServer()
    const nc = await connect({ servers: nats.url })
    try {
      const made = await ensureWardAt([nats.url], 'north', { partitions: 2 })()
      if (E.isLeft(made)) throw new Error(made.left.message)
      const kv = await new Kvm(nc).open('ward_north_thresholds')
      const args = ['thresholds', '--servers', nats.url, '--tenant', 'north', '--patient', 'p-0042']

      const set = captureIo()
      expect(await ward.run([...args, '--normal', '88', '--review', '86', '--json'], set.io)).toBe(0)
      const out = JSON.parse(set.stdout()) as { revision: number }
      expect(out).toMatchObject({
        tenant: 'north',
        patientKey: 'p-0042',
        bands: { normalAtOrAbove: 88, reviewAtOrAbove: 86 },
      })
      const entry = await kv.get('p-0042')
      expect(entry?.revision).toBe(out.revision)
      expect(entry?.json()).toEqual({ normalAtOrAbove: 88, reviewAtOrAbove: 86 })

      const cleared = captureIo()
      expect(await ward.run([...args, '--clear'], cleared.io)).toBe(0)
      expect(cleared.stdout()).toMatch(/NHSE @home bands \(95\/93\) apply/)
      expect((await kv.get('p-0042'))?.operation).toBe('DEL')

      // Review not below normal: refused before anything is written (the entry stays deleted).
      await expect(ward.run([...args, '--normal', '86', '--review', '88'], captureIo().io)).rejects.toThrow(
        /reviewAtOrAbove/,
      )
      expect((await kv.get('p-0042'))?.operation).toBe('DEL')
      await expect(ward.run([...args, '--normal', '88'], captureIo().io)).rejects.toThrow(/both --normal and --review/)
      await expect(ward.run([...args, '--clear', '--normal', '88', '--review', '86'], captureIo().io)).rejects.toThrow(
        /either/,
      )
      await expect(ward.run(['thresholds', '--servers', nats.url, '--clear'], captureIo().io)).rejects.toThrow(
        /--patient/,
      )
    } finally {
      await nc.close()
      await nats.stop()
    }
  })

  it('an unknown sub-command is a usage error naming the five sub-commands', async () => {
    const io = captureIo()
    await expect(ward.run(['launch'], io.io)).rejects.toThrow(/worker, writer, status, thresholds, simulate/)
  })

  it('status against a server that is not there exits 3 with one line', async () => {
    const io = captureIo()
    const code = await ward.run(['status', '--servers', 'nats://127.0.0.1:1', '--json'], io.io)
    expect(code).toBe(3)
    expect(io.stderr()).toMatch(/^openward ward: connect nats:\/\/127\.0\.0\.1:1/)
  })

  it('status --creds signs in as a configured user (a server that admits named users only); without --creds it exits 3', async () => {
    const nats = await startNatsServer({
      config: `authorization { users: [ { user: "ward-service", password: "s3cret-service" } ] }`,
    })
    const dir = await mkdtemp(join(tmpdir(), 'cli-ward-creds-'))
    try {
      const creds = join(dir, 'service.json')
      await writeFile(creds, '{"user":"ward-service","password":"s3cret-service"}', { mode: 0o600 })
      const auth = await readNatsAuthFile(creds)()
      if (E.isLeft(auth)) throw new Error(auth.left.message)
      const made = await ensureWardAt([nats.url], 'north', { partitions: 2 }, auth.right)()
      if (E.isLeft(made)) throw new Error(made.left.message)

      const signedIn = captureIo()
      const code = await ward.run(
        ['status', '--servers', nats.url, '--tenant', 'north', '--creds', creds, '--json'],
        signedIn.io,
      )
      expect(signedIn.stderr()).toBe('')
      expect(code).toBe(0)
      expect(JSON.parse(signedIn.stdout())).toMatchObject({ tenant: 'north' })

      const anonymous = captureIo()
      expect(await ward.run(['status', '--servers', nats.url, '--tenant', 'north', '--json'], anonymous.io)).toBe(3)
      const badFile = captureIo()
      expect(await ward.run(['status', '--servers', nats.url, '--creds', join(dir, 'absent.json')], badFile.io)).toBe(3)
      expect(badFile.stderr()).toContain('absent.json')
    } finally {
      await nats.stop()
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
