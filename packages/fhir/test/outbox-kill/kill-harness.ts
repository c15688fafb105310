import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

const source = fileURLToPath(new URL('./uploader-child.ts', import.meta.url))
let bundled: Promise<string> | undefined

// Bundled once, so each (re)start costs ~0.2 s instead of a TypeScript transform of the workspace.
function childScript(): Promise<string> {
  bundled ??= (async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'openward-child-')), 'uploader-child.mjs')
    await build({
      entryPoints: [source],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['@openward/source'],
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'error',
    })
    return outfile
  })()
  return bundled
}

export interface KillRunReport {
  readonly kills: number
  /** Kills that hit a running uploader (the others found it already finished). */
  readonly killsLanded: number
  /** The produced-count each kill waited for, then the extra random delay. */
  readonly killPoints: { afterProduced: number; delayMs: number }[]
  readonly reconciledTotal: number
  /** Entries each restarted run found marked attempted (outcome unknown) in the journal. */
  readonly attemptedOnResume: number[]
  /** The last line each killed run printed before it died. */
  readonly lastLines: string[]
  readonly elapsedMs: number
}

interface Run {
  proc: ChildProcess
  lines: string[]
  /** Resolves once a progress line reports at least `n` produced (or the run ends). */
  reached(n: number): Promise<void>
  /** Resolves at the next `attempt` line: a transaction is about to leave (or the run ends). */
  nextAttempt(): Promise<void>
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

function start(child: string, args: string[]): Run {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  let produced = -1
  const waiters: { n: number; resolve: () => void }[] = []
  let attemptWaiters: (() => void)[] = []
  let buffer = ''
  proc.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString()
    const parts = buffer.split('\n')
    buffer = parts.pop() ?? ''
    for (const line of parts) {
      lines.push(line)
      const m = /^progress (\d+)/.exec(line)
      if (m) produced = Number(m[1])
      if (line.startsWith('attempt')) {
        for (const w of attemptWaiters) w()
        attemptWaiters = []
      }
    }
    for (const w of waiters.filter((w) => produced >= w.n)) w.resolve()
  })
  let stderr = ''
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  // 'close', not 'exit': at 'exit' the stdout pipe may still hold the run's last lines (the final
  // run's `done` among them), which under CI load failed a clean run as "final run failed (0)".
  let ended = false
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('close', (code, signal) => {
      ended = true
      if (code !== 0 && code !== null) process.stderr.write(stderr)
      for (const w of waiters) w.resolve()
      for (const w of attemptWaiters) w()
      resolve({ code, signal })
    }),
  )
  const reached = (n: number) =>
    produced >= n || ended ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))
  const nextAttempt = () => (ended ? Promise.resolve() : new Promise<void>((resolve) => attemptWaiters.push(resolve)))
  return { proc, lines, reached, nextAttempt, exit }
}

/**
 * Runs the uploader child `kills` times. Each run is SIGKILLed once it has produced past a random
 * point of the total (sorted, so the kills spread over the whole upload), then: even kills after a
 * random 0..maxKillDelayMs (anywhere: queuing, sending, confirming), odd kills within 100 ms of a
 * transaction leaving (the outcome-unknown window). A last run then finishes the upload.
 */
export async function runKillTest(opts: {
  baseUrl: string
  journal: string
  total: number
  kills: number
  maxKillDelayMs: number
  chunk?: number
  /** The whole run's deadline (default 30 min, for the full script): past it the running uploader is SIGKILLed and this rejects. */
  deadlineMs?: number
}): Promise<KillRunReport> {
  const child = await childScript()
  const started = Date.now()
  const args = [opts.baseUrl, opts.journal, String(opts.total), String(opts.chunk ?? 500)]
  // Targets in the first three quarters, so every killed run still has work in flight when the kill
  // lands (a target near the end let a fast run finish before its kill, which proved nothing).
  const targets = Array.from({ length: opts.kills }, () => Math.floor(Math.random() * opts.total * 0.75)).sort(
    (a, b) => a - b,
  )
  const killPoints: { afterProduced: number; delayMs: number }[] = []
  const lastLines: string[] = []
  let reconciledTotal = 0
  const attemptedOnResume: number[] = []
  let killsLanded = 0
  const count = (lines: string[]) => {
    for (const l of lines) reconciledTotal += Number(/reconciled=(\d+)/.exec(l)?.[1] ?? 0)
    const resumed = lines.find((l) => l.startsWith('resume'))
    if (resumed !== undefined) attemptedOnResume.push(Number(/attempted=(\d+)/.exec(resumed)?.[1] ?? 0))
  }
  // Nothing here may wait for ever: every wait below also ends when the run's process ends, and a
  // watchdog SIGKILLs the running uploader once the deadline passes (an uploader that stalls without
  // exiting would otherwise hold the test until vitest's timeout and outlive it).
  const deadlineMs = opts.deadlineMs ?? 30 * 60_000
  let current: Run | undefined
  let overran = false
  const watchdog = setTimeout(() => {
    overran = true
    current?.proc.kill('SIGKILL')
  }, deadlineMs)
  const checkDeadline = () => {
    if (overran)
      throw new Error(
        `the kill test passed its ${deadlineMs} ms deadline; last lines: ${current?.lines.slice(-3).join(' / ')}`,
      )
  }
  try {
    for (const [k, target] of targets.entries()) {
      checkDeadline() // the watchdog fires once: no new run starts after it
      const run = (current = start(child, args))
      await run.reached(target)
      // Every other kill waits for a transaction to leave, then strikes within 0-100 ms: the
      // "outcome unknown" window. The others strike anywhere (queuing, sending, confirming).
      if (k % 2 === 1) await run.nextAttempt()
      checkDeadline()
      const delayMs = Math.floor(Math.random() * (k % 2 === 1 ? 100 : opts.maxKillDelayMs))
      killPoints.push({ afterProduced: target, delayMs })
      await new Promise((r) => setTimeout(r, delayMs))
      run.proc.kill('SIGKILL')
      const { signal } = await run.exit
      if (signal === 'SIGKILL') killsLanded++
      count(run.lines)
      lastLines.push(run.lines.at(-1) ?? '(none)')
    }
    checkDeadline()
    const last = (current = start(child, args))
    const { code } = await last.exit
    checkDeadline()
    count(last.lines)
    if (code !== 0 || last.lines.at(-1) !== 'done')
      throw new Error(`final run failed (${code}): ${last.lines.slice(-3).join(' / ')}`)
  } finally {
    clearTimeout(watchdog)
    // A failure above must not leave an uploader running.
    if (current !== undefined && current.proc.exitCode === null && current.proc.signalCode === null)
      current.proc.kill('SIGKILL')
  }
  return {
    kills: opts.kills,
    killsLanded,
    killPoints,
    reconciledTotal,
    attemptedOnResume,
    lastLines,
    elapsedMs: Date.now() - started,
  }
}
/** Pages through every stored Observation's identifier (plain fetch) and counts total and distinct. */
export async function storedIdentifiers(baseUrl: string): Promise<{ total: number; distinct: number }> {
  const seen = new Set<string>()
  let total = 0
  let url: string | undefined = `${baseUrl}/Observation?_count=1000&_elements=identifier`
  while (url !== undefined) {
    const page = (await (await fetch(url)).json()) as {
      entry?: { resource: { identifier?: { value?: string }[] } }[]
      link?: { relation: string; url: string }[]
    }
    for (const e of page.entry ?? []) {
      total++
      seen.add(e.resource.identifier?.[0]?.value ?? '')
    }
    url = page.link?.find((l) => l.relation === 'next')?.url
  }
  return { total, distinct: seen.size }
}
