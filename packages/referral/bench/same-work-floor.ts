// Same-work floor: what packaging one photo costs against the least any packager must do with the
// same bytes — copy them twice (clean image + DICOM), SHA-256 and SHA-1 them, base64 them (FHIR
// Binary) — with node:crypto and Buffer (issue 19: "fair baselines"). A second baseline, the
// same-output floor, also makes every byte and hash the package holds that the first leaves out:
// the DICOM file's and bundle.json's own bytes (the image base64 inside JSON) and their SHA-256s
// (manifest). Each round runs the three in a rotating order in one process; the figures are medians
// of the per-round ratios, and the ratios of the totals over all rounds beside them.
// Run: npx tsx --conditions=@openward/source bench/same-work-floor.ts [rounds]
import { createHash } from 'node:crypto'
import { loadavg } from 'node:os'

import * as E from 'fp-ts/lib/Either.js'

import { packageReferral, type ReferralInput } from '../src/index.js'
import { nodeHasher } from '../src/node/index.js'
import { photo, photoReferral } from './bench-photo.js'
import { sameWorkFloor } from './floor.js'

const input: ReferralInput = { ...photoReferral, options: { hasher: nodeHasher } }

let sink = 0
function floor(): void {
  sink += sameWorkFloor(photo)
}

// A DICOM header and the JSON around the base64 are a few KiB; their exact size does not matter here.
const HEADER = 2048
function outputFloor(): void {
  const clean = photo.slice()
  sink += createHash('sha256').update(clean).digest()[0] ?? 0
  sink += createHash('sha1').update(clean).digest()[0] ?? 0
  const dicom = new Uint8Array(HEADER + clean.length)
  dicom.set(clean, HEADER)
  sink += createHash('sha256').update(dicom).digest()[0] ?? 0
  const base64 = Buffer.from(clean.buffer, clean.byteOffset, clean.byteLength).toString('base64')
  const bundle = Buffer.alloc(HEADER + base64.length)
  bundle.write(base64, HEADER, base64.length, 'latin1')
  sink += createHash('sha256').update(bundle).digest()[0] ?? 0
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

const rounds = Number(process.argv[2] ?? 40)
for (let i = 0; i < 5; i++) {
  floor()
  outputFloor()
  await ours()
}
const load = loadavg()
const clocks = ['cpu', 'wall'] as const
type Side = 'ours' | 'floor' | 'outputFloor'
const run: Record<Side, () => unknown> = { ours, floor, outputFloor }
const ms = { cpu: { ours: [], floor: [], outputFloor: [] }, wall: { ours: [], floor: [], outputFloor: [] } } as Record<
  'cpu' | 'wall',
  Record<Side, number[]>
>
const ratios = { cpu: { floor: [], outputFloor: [] }, wall: { floor: [], outputFloor: [] } } as Record<
  'cpu' | 'wall',
  Record<'floor' | 'outputFloor', number[]>
>
const sides: Side[] = ['ours', 'floor', 'outputFloor']
for (let i = 0; i < rounds; i++) {
  // Rotate the order, so drift in machine load and cache state hits every side alike.
  const order = [...sides.slice(i % 3), ...sides.slice(0, i % 3)]
  const t = {} as Record<Side, { cpu: number; wall: number }>
  for (const side of order) t[side] = await time(run[side])
  for (const k of clocks) {
    for (const side of sides) ms[k][side].push(t[side][k])
    ratios[k].floor.push(t.ours[k] / t.floor[k])
    ratios[k].outputFloor.push(t.ours[k] / t.outputFloor[k])
  }
}
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}
const fmt = (xs: readonly number[]) => xs.map((l) => l.toFixed(1)).join(' ')
const range = (xs: readonly number[]) =>
  `${median(xs).toFixed(2)}x (range ${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)})`
console.log(
  `12.3 MP JPEG (${photo.length} bytes), ${rounds} interleaved rounds, load average ${fmt(load)} before, ${fmt(loadavg())} after`,
)
// Medians of per-round ratios shrug off rounds another process disturbed, but also the rounds where a
// garbage collection landed; the ratio of the totals over all rounds charges every side its GC.
const total = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)
for (const k of clocks) {
  const m = (side: Side) => `${median(ms[k][side]).toFixed(1)} ms`
  const sums = (side: Side) => (total(ms[k].ours) / total(ms[k][side])).toFixed(2)
  console.log(
    `${k === 'cpu' ? 'process CPU time' : 'wall time'}: packageReferral (nodeHasher) ${m('ours')}; same-work floor ${m('floor')}, ours / floor ${range(ratios[k].floor)}; same-output floor ${m('outputFloor')}, ours / it ${range(ratios[k].outputFloor)}; ratio of totals ${sums('floor')}x / ${sums('outputFloor')}x`,
  )
}
console.log(`(sink ${sink % 7})`)
