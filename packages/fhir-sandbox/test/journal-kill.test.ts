import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterAll, describe, expect, it } from 'vitest'

import { call, idempotentTransaction, post } from './fixtures.js'

// A real process, really killed: the journal must give back every acknowledged transaction whole
// and no transaction in part, however the kill falls.
const BUNDLES = 200
const SIZE = 50
const KILLS = 3
const child = fileURLToPath(new URL('./helpers/journal-sandbox-child.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'fhir-sandbox-kill-'))
const journalPath = join(dir, 'journal.ndjson')
// Every child is killed at the end whatever happened, so a failure cannot leave one holding the run open.
const children: ChildProcess[] = []
afterAll(() => {
  for (const proc of children) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

const keysOf = (bundle: number) => Array.from({ length: SIZE }, (_, i) => `b${bundle}-${i}`)

// Nothing in this test may wait for ever: a child that dies or stalls before printing its URL, or
// a request the server never answers, fails the test with what happened instead of a timeout.
const START_MS = 30_000
const REQUEST_MS = 15_000

async function start(): Promise<{ proc: ChildProcess; base: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', '--conditions=@openward/source', child, journalPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(proc)
  let stderr = ''
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const ac = new AbortController()
  const stalled = setTimeout(() => ac.abort(), START_MS)
  try {
    const url = once(proc.stdout!, 'data', { signal: ac.signal }).then(([chunk]) => String(chunk).trim())
    const died = once(proc, 'exit', { signal: ac.signal }).then(([code, signal]) => {
      throw new Error(`the sandbox exited (${code ?? signal}) before serving:\n${stderr}`)
    })
    return { proc, base: await Promise.race([url, died]) }
  } catch (err) {
    proc.kill('SIGKILL')
    throw ac.signal.aborted ? new Error(`the sandbox did not start within ${START_MS} ms:\n${stderr}`) : err
  } finally {
    clearTimeout(stalled)
    ac.abort() // detaches the listener that lost the race
  }
}

const answered = (init: RequestInit = {}): RequestInit => ({ ...init, signal: AbortSignal.timeout(REQUEST_MS) })

/** How many Observations of each bundle are stored. */
async function storedPerBundle(base: string): Promise<number[]> {
  const counts: number[] = []
  for (let b = 0; b < BUNDLES; b++) {
    const values = keysOf(b).map((k) => `urn:openward:test|${k}`)
    const res = await call(
      `${base}/Observation?_summary=count&identifier=${encodeURIComponent(values.join(','))}`,
      answered(),
    )
    counts.push(res.body.total as number)
  }
  return counts
}

describe('journal under SIGKILL', () => {
  it(`${KILLS} kills mid-upload: every acknowledged transaction is whole after restart, none is partial, and resending completes the rest`, async () => {
    const acknowledged = new Set<number>()
    for (let round = 0; round < KILLS; round++) {
      const { proc, base } = await start()
      const before = await storedPerBundle(base)
      for (const [b, n] of before.entries()) {
        expect([0, SIZE], `bundle ${b} after restart ${round}`).toContain(n)
        if (acknowledged.has(b)) expect(n, `acknowledged bundle ${b}`).toBe(SIZE)
      }
      const exited = once(proc, 'exit')
      // The kill is tied to the upload, not to the clock: a timer could fire after a fast machine had
      // sent every bundle (CI saw 'finished before the kill'). It strikes 0-5 ms after one of the first
      // half of the remaining transactions leaves: while it is in flight, committing, or between two.
      const remaining = before.flatMap((n, b) => (n === SIZE ? [] : [b]))
      const killAfter = Math.floor(Math.random() * Math.ceil(remaining.length / 2))
      let killed = false
      let timer: ReturnType<typeof setTimeout> | undefined
      let interrupted = false
      for (let i = 0, retried = false; i < remaining.length && !interrupted; i++) {
        const b = remaining[i]!
        const sent = post(base, idempotentTransaction(keysOf(b)), { prefer: 'return=minimal' }, answered())
        if (i === killAfter && timer === undefined)
          timer = setTimeout(() => {
            killed = true
            proc.kill('SIGKILL')
          }, Math.random() * 5)
        try {
          const res = await sent
          if (res.status === 200) acknowledged.add(b)
          retried = false
        } catch (err) {
          if (killed)
            interrupted = true // the connection died with the process
          // Before the kill, a reused keep-alive socket the server has just closed fails the request
          // without the server having seen it; the transaction is idempotent, so send it once more. A
          // second failure is the server's.
          else if (!retried) {
            retried = true
            i--
          } else throw err
        }
      }
      clearTimeout(timer)
      if (!killed) proc.kill('SIGKILL') // the upload outran the kill: end the child, then fail below
      const [, signal] = (await exited) as [number | null, NodeJS.Signals | null]
      // Every round must end with a kill landing during the upload, or it proves nothing.
      expect(interrupted, `round ${round} finished before the kill`).toBe(true)
      expect(signal).toBe('SIGKILL')
    }
    const { proc, base } = await start()
    try {
      const before = await storedPerBundle(base)
      expect(before.every((n) => n === 0 || n === SIZE)).toBe(true)
      expect([...acknowledged].every((b) => before[b] === SIZE)).toBe(true)
      expect(acknowledged.size).toBeGreaterThan(0)
      for (let b = 0; b < BUNDLES; b++) {
        const res = await post(base, idempotentTransaction(keysOf(b)), { prefer: 'return=minimal' }, answered())
        expect(res.status).toBe(200)
      }
      expect((await call(`${base}/Observation?_summary=count`, answered())).body.total).toBe(BUNDLES * SIZE)
      expect((await storedPerBundle(base)).every((n) => n === SIZE)).toBe(true)
    } finally {
      proc.kill('SIGKILL')
    }
  }, 120_000)
})
