// The 1,000-patient measurement (not a test: numbers for the README, no pass/fail):
//   nice -n 10 npx tsx --conditions=@openward/source examples/ward-board/scripts/measure-board-1000.ts \
//     [--minutes 10] [--interval-s 30] [--profile-s 0]
// Starts the local ward (1,000 patients at 1 Hz, one worker), opens the board in headless Chromium and
// every interval prints: the board's work per animation frame (p50/p95/max of the rAF callback,
// `performance.now()` around it), the reorders, long tasks, the JS heap after a forced GC
// (`performance.memory.usedJSHeapSize` with `--expose-gc`), DOM node count and the load average.
// `--profile-s N` records a CPU profile (CDP Profiler) for the first N seconds and prints the
// functions with the most self time. `--snapshots` takes a heap snapshot (CDP HeapProfiler) at the start
// and at the end and prints what grew, by constructor.
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'

import { launchChromium } from '@openward/testing'

import { startLocalWard } from '../src/node/local-ward.js'

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'interval-s': { type: 'string', default: '30' },
    'profile-s': { type: 'string', default: '0' },
    'warmup-s': { type: 'string', default: '5' },
    snapshots: { type: 'boolean', default: false },
  },
})
const durationMs = Number(values.minutes) * 60_000
const intervalMs = Number(values['interval-s']) * 1000
const profileMs = Number(values['profile-s']) * 1000

const pct = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN
}
const r1 = (v: number): number => Math.round(v * 10) / 10

interface HeapSnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }
  nodes: number[]
  strings: string[]
}

/** Count and self size per "type:name" of a V8 heap snapshot (the format's meta says where each field is). */
function heapByName(json: HeapSnapshotJson): Map<string, { count: number; bytes: number }> {
  const f = json.snapshot.meta.node_fields
  const types = json.snapshot.meta.node_types[0]
  const [iType, iName, iSize] = [f.indexOf('type'), f.indexOf('name'), f.indexOf('self_size')]
  const out = new Map<string, { count: number; bytes: number }>()
  for (let i = 0; i < json.nodes.length; i += f.length) {
    const type = types[json.nodes[i + iType]!]!
    const name = type === 'object' || type === 'closure' ? json.strings[json.nodes[i + iName]!]! : ''
    const k = `${type}:${name.slice(0, 60)}`
    const e = out.get(k) ?? { count: 0, bytes: 0 }
    e.count++
    e.bytes += json.nodes[i + iSize]!
    out.set(k, e)
  }
  return out
}

const setup = await startLocalWard({ wards: [{ tenant: 'big', patients: 1_000, workers: 1 }], staleAfterMs: 30_000 })
const browser = await launchChromium(['--enable-precise-memory-info', '--js-flags=--expose-gc'])
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
  // tsx keeps function names with an `__name` helper that the page does not have.
  await page.addInitScript('globalThis.__name = (f) => f')
  await page.goto(setup.wards[0]!.url)
  await page.waitForSelector('#link[data-state="live"]', { timeout: 30_000 })
  await page.waitForFunction(() => document.querySelectorAll('li.card').length === 1_000, undefined, {
    timeout: 60_000,
  })
  await new Promise((r) => setTimeout(r, Number(values['warmup-s']) * 1000))
  // In-page collectors: frame work comes from the view's own arrays, drained at each interval.
  await page.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown>
    const longTasks: number[] = []
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) longTasks.push(e.duration)
    }).observe({ type: 'longtask', buffered: false })
    const intervals: number[] = []
    let last = performance.now()
    const frame = (t: number): void => {
      intervals.push(t - last)
      last = t
      requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
    g.__measure = { longTasks, intervals }
    const view = (g.board as { view: { frameWorkMs: number[]; reorderMs: number[]; catchUpMs: number[] } }).view
    view.frameWorkMs.length = 0
    view.reorderMs.length = 0
    view.catchUpMs.length = 0
  })
  const drain = () =>
    page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>
      const m = g.__measure as { longTasks: number[]; intervals: number[] }
      const view = (g.board as { view: { frameWorkMs: number[]; reorderMs: number[]; catchUpMs: number[] } }).view
      const out = {
        work: view.frameWorkMs.splice(0),
        reorder: view.reorderMs.splice(0),
        catchUp: view.catchUpMs.splice(0),
        longTasks: m.longTasks.splice(0),
        intervals: m.intervals.splice(0),
      }
      return { ...out, nodes: document.getElementsByTagName('*').length }
    })
  // Three readings 2 s apart, each after a full GC: the least is what the board keeps; a higher one
  // caught a burst in flight (the minute's 1,000 summaries arrive together).
  const heapAfterGc = async (): Promise<{ min: number; max: number }> => {
    const xs: number[] = []
    for (let i = 0; i < 3; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 2_000))
      xs.push(
        await page.evaluate(() => {
          ;(globalThis as { gc?: () => void }).gc?.()
          return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize
        }),
      )
    }
    return { min: Math.min(...xs), max: Math.max(...xs) }
  }

  const cdp = await page.context().newCDPSession(page)
  const snapshot = async () => {
    let chunks = ''
    const onChunk = (e: { chunk: string }) => {
      chunks += e.chunk
    }
    cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk)
    await cdp.send('HeapProfiler.enable')
    await cdp.send('HeapProfiler.collectGarbage')
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk)
    return heapByName(JSON.parse(chunks) as HeapSnapshotJson)
  }
  if (profileMs > 0) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    await cdp.send('Profiler.start')
    await new Promise((r) => setTimeout(r, profileMs))
    const { profile } = await cdp.send('Profiler.stop')
    const byId = new Map(profile.nodes.map((n) => [n.id, n]))
    const self = new Map<string, number>()
    const dt = profile.timeDeltas ?? []
    ;(profile.samples ?? []).forEach((id, i) => {
      const n = byId.get(id)!
      const f = n.callFrame
      const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`
      self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000)
    })
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)
    console.info(`cpu profile, ${profileMs / 1000} s, self time ms:`)
    for (const [k, ms] of top) console.info(`  ${ms.toFixed(1).padStart(8)}  ${k}`)
    await drain()
  }

  const start = Date.now()
  const all = {
    work: [] as number[],
    reorder: [] as number[],
    catchUp: [] as number[],
    intervals: [] as number[],
    longTasks: 0,
  }
  const rows: unknown[] = []
  const roundsStart = setup.wards[0]!.feed.stats().rounds
  const first = { ...(await drain()), heap: await heapAfterGc() }
  const snapStart = values.snapshots ? await snapshot() : undefined
  console.info(
    JSON.stringify({
      t_s: 0,
      heapMinMB: r1(first.heap.min / 1e6),
      heapMaxMB: r1(first.heap.max / 1e6),
      nodes: first.nodes,
      load: r1(loadavg()[0]!),
    }),
  )
  while (Date.now() - start < durationMs) {
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, durationMs - (Date.now() - start))))
    const d = { ...(await drain()), heap: await heapAfterGc() }
    all.work.push(...d.work)
    all.reorder.push(...d.reorder)
    all.catchUp.push(...d.catchUp)
    all.intervals.push(...d.intervals)
    all.longTasks += d.longTasks.length
    const row = {
      t_s: Math.round((Date.now() - start) / 1000),
      heapMinMB: r1(d.heap.min / 1e6),
      heapMaxMB: r1(d.heap.max / 1e6),
      nodes: d.nodes,
      frames: d.work.length,
      workP50: r1(pct(d.work, 0.5)),
      workP95: r1(pct(d.work, 0.95)),
      workMax: r1(Math.max(...d.work)),
      reorderP95: r1(pct(d.reorder, 0.95)),
      catchUpP95: r1(pct(d.catchUp, 0.95)),
      intervalP95: r1(pct(d.intervals, 0.95)),
      longTasks: d.longTasks.length,
      load: r1(loadavg()[0]!),
    }
    rows.push(row)
    console.info(JSON.stringify(row))
  }
  const summary = {
    minutes: durationMs / 60_000,
    feedRounds: setup.wards[0]!.feed.stats().rounds - roundsStart,
    frames: all.work.length,
    workP50: r1(pct(all.work, 0.5)),
    workP95: r1(pct(all.work, 0.95)),
    workP99: r1(pct(all.work, 0.99)),
    workMax: r1(Math.max(...all.work)),
    reorderP95: r1(pct(all.reorder, 0.95)),
    catchUpP95: r1(pct(all.catchUp, 0.95)),
    catchUpMax: r1(Math.max(...all.catchUp)),
    intervalP50: r1(pct(all.intervals, 0.5)),
    intervalP95: r1(pct(all.intervals, 0.95)),
    longTasks: all.longTasks,
    heapStartMinMB: r1(first.heap.min / 1e6),
    loadAverage: loadavg().map(r1),
  }
  console.info(`summary: ${JSON.stringify(summary)}`)
  if (snapStart !== undefined) {
    const end = await snapshot()
    const grew = [...end]
      .map(([k, e]) => ({
        k,
        count: e.count - (snapStart.get(k)?.count ?? 0),
        bytes: e.bytes - (snapStart.get(k)?.bytes ?? 0),
      }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 20)
    console.info('heap snapshot, end minus start (count, bytes) by type:constructor:')
    for (const g of grew) console.info(`  ${String(g.count).padStart(8)} ${String(g.bytes).padStart(10)}  ${g.k}`)
  }
  writeFileSync(new URL('../out/measure-1000.json', import.meta.url), `${JSON.stringify({ summary, rows }, null, 1)}\n`)
} finally {
  await browser.close()
  await setup.stop()
}
