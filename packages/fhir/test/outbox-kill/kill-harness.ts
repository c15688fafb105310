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
  /** The last line each killed run printed before it died. */
  readonly lastLines: string[]
  readonly elapsedMs: number
}

interface Run {
  proc: ChildProcess
  lines: string[]
  /** Resolves once a progress line reports at least `n` produced (or the run ends). */
  reached(n: number): Promise<void>
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

function start(child: string, args: string[]): Run {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  let produced = -1
  const waiters: { n: number; resolve: () => void }[] = []
  let buffer = ''
  proc.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString()
    const parts = buffer.split('\n')
    buffer = parts.pop() ?? ''
    for (const line of parts) {
      lines.push(line)
      const m = /^progress (\d+)/.exec(line)
      if (m) produced = Number(m[1])
    }
    for (const w of waiters.filter((w) => produced >= w.n)) w.resolve()
  })
  let stderr = ''
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => {
      if (code !== 0 && code !== null) process.stderr.write(stderr)
      for (const w of waiters) w.resolve()
      resolve({ code, signal })
    }),
  )
  const reached = (n: number) =>
    produced >= n || proc.exitCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.push({ n, resolve }))
  return { proc, lines, reached, exit }
}

/**
 * Runs the uploader child `kills` times. Each run is SIGKILLed once it has produced past a random
 * point of the total (sorted, so the kills spread over the whole upload) plus a random 0..maxKillDelayMs,
 * so kills land while queuing, sending and confirming. A last run then finishes the upload.
 */
export async function runKillTest(opts: {
  baseUrl: string
  journal: string
  total: number
  kills: number
  maxKillDelayMs: number
  chunk?: number
}): Promise<KillRunReport> {
  const child = await childScript()
  const started = Date.now()
  const args = [opts.baseUrl, opts.journal, String(opts.total), String(opts.chunk ?? 500)]
  const targets = Array.from({ length: opts.kills }, () => Math.floor(Math.random() * opts.total)).sort((a, b) => a - b)
  const killPoints: { afterProduced: number; delayMs: number }[] = []
  const lastLines: string[] = []
  let reconciledTotal = 0
  let killsLanded = 0
  const count = (lines: string[]) => {
    for (const l of lines) reconciledTotal += Number(/reconciled=(\d+)/.exec(l)?.[1] ?? 0)
  }
  for (const target of targets) {
    const run = start(child, args)
    await run.reached(target)
    const delayMs = Math.floor(Math.random() * opts.maxKillDelayMs)
    killPoints.push({ afterProduced: target, delayMs })
    await new Promise((r) => setTimeout(r, delayMs))
    run.proc.kill('SIGKILL')
    const { signal } = await run.exit
    if (signal === 'SIGKILL') killsLanded++
    count(run.lines)
    lastLines.push(run.lines.at(-1) ?? '(none)')
  }
  const last = start(child, args)
  const { code } = await last.exit
  count(last.lines)
  if (code !== 0 || last.lines.at(-1) !== 'done')
    throw new Error(`final run failed (${code}): ${last.lines.slice(-3).join(' / ')}`)
  return { kills: opts.kills, killsLanded, killPoints, reconciledTotal, lastLines, elapsedMs: Date.now() - started }
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
