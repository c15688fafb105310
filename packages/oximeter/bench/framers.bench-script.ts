/**
 * Framer throughput over an 8-hour, 60 frames/s Contec-style stream (1,728,000 frames), against a
 * raw byte-scan loop over the same buffer measured in the same run (our stand-in for the
 * memory-bound limit). Run: `npm run bench -w packages/oximeter`, which bundles this file with
 * esbuild and runs it under plain `node` (`plain-node.mjs`; `tsx` slows the baseline loop 1.6-2x).
 * BENCH_HOURS=1 for a quick run, BENCH_RUNS for the number of pairs (default 11). Each path is
 * timed right after the raw scan, on process CPU time; the figure is the median of those per-pair
 * ratios (issue 19), never best-of-N of one side against another side's mean.
 */
import { loadavg } from 'node:os'

import {
  createBerrymedFramer,
  createContecLegacyFramer,
  createContecV7Framer,
  decodeBatch,
  encodeBerrymed,
  encodeContecLegacy,
  encodeContecV7,
  type Framer,
} from '../src/index.js'

const HOURS = Number(process.env.BENCH_HOURS ?? 8)
const FRAMES = Math.round(HOURS * 3600 * 60)
const RUNS = Number(process.env.BENCH_RUNS ?? 11)
const CHUNK = 4096 // a typical serial read

// Deterministic, physiologically shaped values (xorshift PRNG).
let seed = 0x2545f491
const rand = () => {
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return (seed >>> 0) / 0x100000000
}

function buildStream(frameSize: number, encode: (k: number, spo2: number, pr: number, pleth: number) => Uint8Array) {
  const out = new Uint8Array(FRAMES * frameSize)
  let spo2 = 96
  let pr = 70
  for (let k = 0; k < FRAMES; k++) {
    if (k % 60 === 0) {
      spo2 = Math.min(100, Math.max(85, spo2 + Math.round(rand() * 2 - 1)))
      pr = Math.min(140, Math.max(45, pr + Math.round(rand() * 2 - 1)))
    }
    out.set(encode(k, rand() < 0.002 ? 127 : spo2, pr, Math.round(64 + 50 * Math.sin(k / 9))), k * frameSize)
  }
  return out
}

const legacy = () =>
  buildStream(5, (_k, spo2, pr, pleth) =>
    encodeContecLegacy({
      _tag: 'ContecLegacyFrame',
      signalStrength: 5,
      searchingTooLong: false,
      spo2Dropping: false,
      pulseBeep: false,
      pleth,
      barGraph: 6,
      probeError: spo2 === 127,
      searchingPulse: false,
      pulseRate: spo2 === 127 ? 255 : pr,
      spo2,
    }),
  )
const berrymed = () =>
  buildStream(5, (_k, spo2, pr, pleth) =>
    encodeBerrymed({
      _tag: 'BerrymedFrame',
      signalStrength: 5,
      noSignal: false,
      probeUnplugged: false,
      pulseBeep: false,
      pleth,
      barGraph: 6,
      noFinger: spo2 === 127,
      pulseSearching: false,
      pulseRate: spo2 === 127 ? 255 : pr,
      spo2,
    }),
  )
const v7 = () =>
  buildStream(9, (_k, spo2, pr, pleth) =>
    encodeContecV7({
      _tag: 'ContecV7RealTime',
      signalStrength: 5,
      searchingTooLong: false,
      lowSpo2: false,
      pulseBeep: false,
      probeError: spo2 === 127,
      pleth,
      searchingPulse: false,
      barGraph: 6,
      piInvalid: false,
      reservedBits: 0,
      pulseRate: spo2 === 127 ? 255 : pr,
      spo2,
      perfusionIndexRaw: 250,
    }),
  )

/** The baseline: touch every byte once (count sync bits), as a decoder must at least do. */
function rawScan(b: Uint8Array): number {
  let count = 0
  for (let i = 0; i < b.length; i++) if ((b[i] as number) & 0x80) count++
  return count
}

function framerPath(make: () => Framer<unknown>, b: Uint8Array): number {
  const framer = make()
  let records = 0
  for (let at = 0; at < b.length; at += CHUNK) records += framer.push(b.subarray(at, at + CHUNK)).records.length
  return records
}

const PROTOCOLS = ['contec-legacy', 'berrymed', 'contec-v7'] as const
type BenchProtocol = (typeof PROTOCOLS)[number]
// Streams are built lazily: each protocol runs in its own process and builds only its buffer.
const SETUP: Record<BenchProtocol, { build: () => Uint8Array; make: () => Framer<unknown> }> = {
  'contec-legacy': { build: legacy, make: createContecLegacyFramer },
  berrymed: { build: berrymed, make: createBerrymedFramer },
  'contec-v7': { build: v7, make: createContecV7Framer },
}

/** Process CPU time in ms (user + system): a loaded machine does not add other processes' slices. */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

function row(name: string, bytes: number, ms: number, ratios: readonly number[]): string[] {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`
  return [
    name,
    `${(bytes / 1e6).toFixed(2)} MB`,
    `${ms.toFixed(1)} ms`,
    `${(((FRAMES / ms) * 1000) / 1e6).toFixed(2)} M frames/s`,
    `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`,
    `${pct(median(ratios))} (${pct(Math.min(...ratios))}–${pct(Math.max(...ratios))})`,
  ]
}

/** One protocol, in this process: warm up, then RUNS rounds of (raw scan, path) pairs per path. */
function benchOne(protocol: BenchProtocol): string[][] {
  const { build, make } = SETUP[protocol]
  const buf = build()
  const scan = () => rawScan(buf)
  const paths: [string, () => number][] = [
    ['framer.push (records)', () => framerPath(make, buf)],
    ['decodeBatch (columns)', () => decodeBatch(protocol, buf).length],
  ]
  const time = (fn: () => number, expected?: number) => {
    const t0 = cpuMs()
    const result = fn()
    const ms = cpuMs() - t0
    if (expected !== undefined && result !== expected)
      throw new Error(`${protocol}: decoded ${result}, expected ${expected}`)
    return ms
  }
  const scanMs: number[] = []
  const pathMs = paths.map(() => [] as number[])
  const ratios = paths.map(() => [] as number[])
  for (let r = 0; r <= RUNS; r++)
    paths.forEach(([, fn], k) => {
      const base = time(scan)
      const ms = time(fn, FRAMES)
      if (r === 0) return // round 0 is the warm-up
      scanMs.push(base)
      pathMs[k]?.push(ms)
      ratios[k]?.push(base / ms)
    })
  return [
    row(`${protocol}: raw byte scan (baseline)`, buf.length, median(scanMs), [1]),
    ...paths.map(([name], k) => row(`${protocol}: ${name}`, buf.length, median(pathMs[k] ?? []), ratios[k] ?? [])),
  ]
}

const only = process.argv[2] as BenchProtocol | undefined
if (only !== undefined) {
  process.stdout.write(`${JSON.stringify(benchOne(only))}\n`)
} else {
  // Each protocol in a fresh process, so one protocol's JIT state does not slow the next.
  const { execFileSync } = await import('node:child_process')
  const rows = PROTOCOLS.flatMap(
    (p) =>
      JSON.parse(
        execFileSync(process.execPath, [...process.execArgv, process.argv[1] ?? '', p], { encoding: 'utf8' }).trim(),
      ) as string[][],
  )
  const header = ['path', 'buffer', 'median CPU time', 'frames/s', 'MB/s', 'of raw scan, median (range) of pairs']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')
  process.stdout.write(
    `Contec-style stream: ${HOURS} h at 60 frames/s = ${FRAMES} frames; 4 KiB pushes; ${RUNS} pairs after a warm-up; Node ${process.version}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  )
  process.stdout.write(`${line(header)}\n${rows.map(line).join('\n')}\n`)
}
