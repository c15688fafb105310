/**
 * Contec V7 decoding against a plain JS byte loop, under plain `node` on bundled JS (issue 19: `tsx`
 * slows the baseline loop 1.6-2x, which would flatter the decoders). Run it with
 * `npm run bench:v7 -w packages/oximeter`, which bundles this file with esbuild and runs the result
 * with `node` (see `plain-node.mjs`). BENCH_HOURS (default 2) sets the stream length, BENCH_PAIRS
 * (default 21) the number of measurement rounds, BENCH_CLOCK (`cpu` or `wall`) the clock.
 *
 * Each round times the baseline right before each candidate, in the same process and time window;
 * the figure reported is the median over rounds of the per-pair ratio (candidate throughput over
 * the baseline's), never best-of-N of one side against another side's mean.
 */
import { loadavg } from 'node:os'

import { createContecV7Framer, decodeBatch, encodeContecV7 } from '../src/index.js'
import { createStreamFramer } from '../src/internal/stream-framer.js'
import { CONTEC_V7_FRAME_SPEC } from '../src/protocols/contec/contec-v7-framer.js'

const HOURS = Number(process.env.BENCH_HOURS ?? 2)
const PAIRS = Number(process.env.BENCH_PAIRS ?? 21)
const FRAMES = Math.round(HOURS * 3600 * 60)
const CHUNK = 4096 // a typical serial read

// Deterministic, physiologically shaped values (xorshift PRNG), 0.2 % "no finger" frames.
let seed = 0x2545f491
const rand = () => {
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return (seed >>> 0) / 0x100000000
}

function buildStream(): Uint8Array {
  const out = new Uint8Array(FRAMES * 9)
  let spo2 = 96
  let pr = 70
  for (let k = 0; k < FRAMES; k++) {
    if (k % 60 === 0) {
      spo2 = Math.min(100, Math.max(85, spo2 + Math.round(rand() * 2 - 1)))
      pr = Math.min(140, Math.max(45, pr + Math.round(rand() * 2 - 1)))
    }
    const off = rand() < 0.002
    const frame = encodeContecV7({
      _tag: 'ContecV7RealTime',
      signalStrength: 5,
      searchingTooLong: false,
      lowSpo2: false,
      pulseBeep: false,
      probeError: off,
      pleth: Math.round(64 + 50 * Math.sin(k / 9)),
      searchingPulse: false,
      barGraph: 6,
      piInvalid: false,
      reservedBits: 0,
      pulseRate: off ? 255 : pr,
      spo2: off ? 127 : spo2,
      perfusionIndexRaw: 250,
    })
    out.set(frame, k * 9)
  }
  return out
}

/** The baseline: a plain JS loop touching every byte once (count the bytes with bit 7 set). */
function byteLoop(b: Uint8Array): number {
  let count = 0
  for (let i = 0; i < b.length; i++) if ((b[i] as number) & 0x80) count++
  return count
}

// One loop per candidate: a shared loop would see two framer types and be optimised for neither.
function push(b: Uint8Array): number {
  const framer = createContecV7Framer()
  let records = 0
  for (let at = 0; at < b.length; at += CHUNK) records += framer.push(b.subarray(at, at + CHUNK)).records.length
  return records
}

/** The framer as it was before issue 19: the generic stream framer driven by the V7 spec. */
function genericPush(b: Uint8Array): number {
  const framer = createStreamFramer(CONTEC_V7_FRAME_SPEC)
  let records = 0
  for (let at = 0; at < b.length; at += CHUNK) records += framer.push(b.subarray(at, at + CHUNK)).records.length
  return records
}

const batch = (b: Uint8Array): number => decodeBatch('contec-v7', b).length
const ALL = { push, batch, genericPush } as const
type Candidate = keyof typeof ALL
// Each candidate runs in a process of its own by default, each paired with the byte loop there.
// The old generic framer in the same process slows the new framer 3-4x (shared helpers see both and
// are optimised for neither); push's garbage in the same process makes decodeBatch's fresh output
// columns (17 bytes per sample) fault in at about twice the system time. BENCH_GROUPS=push,batch;genericPush
// measures push and batch side by side in one process (and their per-pair ratio) instead.
const GROUPS = (process.env.BENCH_GROUPS ?? 'push;batch;genericPush').split(';')
const only = process.env.BENCH_ONLY
if (only === undefined) {
  const { execFileSync } = await import('node:child_process')
  const parts = GROUPS.map(
    (group) =>
      JSON.parse(
        execFileSync(process.execPath, [...process.execArgv, process.argv[1] ?? ''], {
          encoding: 'utf8',
          env: { ...process.env, BENCH_ONLY: group },
        }),
      ) as Record<string, unknown>,
  )
  process.stdout.write(`${JSON.stringify(parts, null, 2)}\n`)
  process.exit(0)
}
const CANDIDATES: Partial<Record<Candidate, (b: Uint8Array) => number>> = Object.fromEntries(
  (only.split(',') as Candidate[]).map((name) => [name, ALL[name]]),
)

/**
 * BENCH_CLOCK=cpu (default): this process's CPU time (user + system, GC threads included), which a
 * loaded machine does not inflate with other processes' time slices; BENCH_CLOCK=wall: elapsed time.
 */
const CLOCK = process.env.BENCH_CLOCK === 'wall' ? 'wall' : 'cpu'
const now = (): number => {
  if (CLOCK === 'wall') return performance.now()
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

function time(fn: (b: Uint8Array) => number, b: Uint8Array, expected: number): number {
  const t0 = now()
  const result = fn(b)
  const ms = now() - t0
  if (result !== expected) throw new Error(`decoded ${result}, expected ${expected}`)
  return ms
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

const buf = buildStream()
const sync = byteLoop(buf)
const load = loadavg().map((l) => l.toFixed(2))
// Warm-up: every path a few times, so each is optimised before the first measured pair.
for (let w = 0; w < 3; w++) {
  time(byteLoop, buf, sync)
  for (const fn of Object.values(CANDIDATES)) time(fn, buf, FRAMES)
}
const ratios: Record<Candidate | 'batchOverPush' | 'pushOverGeneric', number[]> = {
  push: [],
  batch: [],
  genericPush: [],
  batchOverPush: [],
  pushOverGeneric: [],
}
const mbps: Record<Candidate | 'loop', number[]> = { loop: [], push: [], batch: [], genericPush: [] }
const mb = buf.length / 1e6
for (let r = 0; r < PAIRS; r++) {
  // Rotate which candidate goes first, so none always runs on a warmer cache.
  const names = Object.keys(CANDIDATES) as Candidate[]
  const order = [...names.slice(r % names.length), ...names.slice(0, r % names.length)]
  const ms: Record<Candidate, number> = { push: NaN, batch: NaN, genericPush: NaN }
  for (const name of order) {
    const base = time(byteLoop, buf, sync)
    const cand = time(ALL[name], buf, FRAMES)
    ratios[name].push(base / cand)
    mbps.loop.push(mb / (base / 1000))
    mbps[name].push(mb / (cand / 1000))
    ms[name] = cand
  }
  if (!Number.isNaN(ms.push + ms.batch)) ratios.batchOverPush.push(ms.push / ms.batch)
  if (!Number.isNaN(ms.push + ms.genericPush)) ratios.pushOverGeneric.push(ms.genericPush / ms.push)
}
const pct = (x: number) => `${(x * 100).toFixed(1)} %`
const times = (x: number) => `${x.toFixed(2)}x`
/** Median (min–max) over the rounds, or undefined for a candidate not measured. */
const summary = (xs: number[], show: (x: number) => string) =>
  xs.length === 0 ? undefined : `${show(median(xs))} (range ${show(Math.min(...xs))}–${show(Math.max(...xs))})`
const result = {
  node: `${process.version} ${process.execArgv.join(' ')}`.trim(),
  clock: CLOCK === 'cpu' ? 'process CPU time (user + system)' : 'wall time',
  loadAverage: load.join(' '),
  stream: `${HOURS} h of Contec V7 real-time packets at 60/s: ${FRAMES} packets, ${mb.toFixed(1)} MB; pushes of 4 KiB`,
  pairs: PAIRS,
  medianMBps: Object.fromEntries(
    Object.entries(mbps).map(([k, xs]) => [k, xs.length === 0 ? undefined : Math.round(median(xs))]),
  ),
  ofByteLoop: {
    push: summary(ratios.push, pct),
    batch: summary(ratios.batch, pct),
    genericPush: summary(ratios.genericPush, pct),
  },
  batchOverPush: summary(ratios.batchOverPush, times),
  pushOverGenericPush: summary(ratios.pushOverGeneric, times),
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
