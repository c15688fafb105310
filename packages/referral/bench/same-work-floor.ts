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

async function time(f: () => unknown): Promise<number> {
  const t0 = process.hrtime.bigint()
  await f()
  return Number(process.hrtime.bigint() - t0) / 1e6
}

const pairs = Number(process.argv[2] ?? 40)
for (let i = 0; i < 5; i++) {
  floor()
  await ours()
}
const ratios: number[] = []
const oursMs: number[] = []
const floorMs: number[] = []
for (let i = 0; i < pairs; i++) {
  // Alternate which goes first, so drift in machine load hits both sides alike.
  const [f, o] = i % 2 === 0 ? [await time(floor), await time(ours)] : [NaN, await time(ours)]
  const fl = Number.isNaN(f) ? await time(floor) : f
  ratios.push(o / fl)
  oursMs.push(o)
  floorMs.push(fl)
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
console.log(
  `12.3 MP JPEG (${photo.length} bytes), ${pairs} interleaved pairs, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
console.log(`packageReferral (nodeHasher): median ${median(oursMs).toFixed(1)} ms`)
console.log(`same-work floor (2 copies + SHA-256 + SHA-1 + base64): median ${median(floorMs).toFixed(1)} ms`)
console.log(`median of per-pair ratios ours / floor: ${median(ratios).toFixed(2)}x  (sink ${sink % 7})`)
