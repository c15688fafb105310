// Same-work floor: what packaging one photo costs against the least any packager must do with the
// same bytes — copy them twice (clean image + DICOM), SHA-256 and SHA-1 them, base64 them (FHIR
// Binary) — with node:crypto and Buffer. Baseline and candidate run interleaved in one process and
// the figure is the median of per-pair ratios (issue 19: "fair baselines").
// Run: npx tsx --conditions=@openward/source bench/same-work-floor.ts [pairs]
import { createHash } from 'node:crypto'
import { loadavg } from 'node:os'

import * as E from 'fp-ts/lib/Either.js'

import { packageReferral, type ReferralInput } from '../src/index.js'
import { nodeHasher } from '../src/node/index.js'
import { photo, photoReferral } from './bench-photo.js'

const input: ReferralInput = { ...photoReferral, options: { hasher: nodeHasher } }

let sink = 0
function floor(): void {
  const a = photo.slice()
  const b = photo.slice()
  sink += createHash('sha256').update(a).digest()[0] ?? 0
  sink += createHash('sha1').update(a).digest()[0] ?? 0
  sink += Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64').length
}

async function ours(): Promise<void> {
  const r = await packageReferral(input)()
  if (E.isLeft(r)) throw new Error(r.left.message)
  sink += r.right.files.length
}

/** Both clocks for one call: process CPU time (user + system, all threads) and wall time, in ms. */
async function time(f: () => unknown): Promise<{ cpu: number; wall: number }> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  await f()
  const wall = performance.now() - t0
  const c = process.cpuUsage(c0)
  return { cpu: (c.user + c.system) / 1000, wall }
}

const pairs = Number(process.argv[2] ?? 40)
for (let i = 0; i < 5; i++) {
  floor()
  await ours()
}
const load = loadavg()
const clocks = ['cpu', 'wall'] as const
const ratios = { cpu: [] as number[], wall: [] as number[] }
const oursMs = { cpu: [] as number[], wall: [] as number[] }
const floorMs = { cpu: [] as number[], wall: [] as number[] }
for (let i = 0; i < pairs; i++) {
  // Alternate which goes first, so drift in machine load hits both sides alike.
  let f: { cpu: number; wall: number }
  let o: { cpu: number; wall: number }
  if (i % 2 === 0) {
    f = await time(floor)
    o = await time(ours)
  } else {
    o = await time(ours)
    f = await time(floor)
  }
  for (const k of clocks) {
    ratios[k].push(o[k] / f[k])
    oursMs[k].push(o[k])
    floorMs[k].push(f[k])
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}
const fmt = (xs: readonly number[]) => xs.map((l) => l.toFixed(1)).join(' ')
console.log(
  `12.3 MP JPEG (${photo.length} bytes), ${pairs} interleaved pairs, load average ${fmt(load)} before, ${fmt(loadavg())} after`,
)
for (const k of clocks) {
  const label = k === 'cpu' ? 'process CPU time' : 'wall time'
  console.log(
    `${label}: packageReferral (nodeHasher) median ${median(oursMs[k]).toFixed(1)} ms, same-work floor (2 copies + SHA-256 + SHA-1 + base64) ${median(floorMs[k]).toFixed(1)} ms, median of per-pair ratios ${median(ratios[k]).toFixed(2)}x (range ${Math.min(...ratios[k]).toFixed(2)}-${Math.max(...ratios[k]).toFixed(2)})`,
  )
}
console.log(`(sink ${sink % 7})`)
