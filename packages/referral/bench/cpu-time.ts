// CPU time per image (process.cpuUsage: user + system, all threads, so sharp's libvips workers
// count too), next to wall time. On a shared, oversubscribed machine wall time mostly measures
// waiting for a core; CPU time is what the work itself costs. The user-facing comparison (sharp
// decoding and re-encoding the photo) is printed beside the same-work one (issue 19): every round
// runs the four sides once in a rotating order, and the ratios are medians of the per-round ratios.
// Run: npm run bench -w packages/referral
import { loadavg } from 'node:os'

import * as E from 'fp-ts/lib/Either.js'
import sharp from 'sharp'

import { packageReferral, type ReferralInput } from '../src/index.js'
import { nodeHasher } from '../src/node/index.js'
import { photo, photoReferral } from './bench-photo.js'
import { sameWorkFloor } from './floor.js'

const input: ReferralInput = photoReferral
const ok = (r: E.Either<unknown, unknown>) => {
  if (E.isLeft(r)) throw new Error('packaging failed')
}

let sink = 0
const sides = {
  'openward packageReferral (Web Crypto)': async () => ok(await packageReferral(input)()),
  'openward packageReferral (nodeHasher)': async () =>
    ok(await packageReferral({ ...input, options: { hasher: nodeHasher } })()),
  // The same-work floor (floor.ts): two copies, SHA-256, SHA-1, base64.
  'same-work floor (node:crypto + Buffer)': () => {
    sink += sameWorkFloor(photo)
  },
  'sharp decode + re-encode JPEG q92': async () => void (await sharp(photo).jpeg({ quality: 92 }).toBuffer()),
} as const
type Side = keyof typeof sides
const names = Object.keys(sides) as Side[]

async function time(f: () => unknown): Promise<{ cpu: number; wall: number }> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  await f()
  const wall = performance.now() - t0
  const c = process.cpuUsage(c0)
  return { cpu: (c.user + c.system) / 1000, wall }
}
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

const rounds = Number(process.argv[2] ?? 20)
for (let i = 0; i < 3; i++) for (const n of names) await sides[n]() // warm-up
const load = loadavg()
const runs: Record<Side, { cpu: number; wall: number }>[] = []
for (let i = 0; i < rounds; i++) {
  const order = [...names.slice(i % names.length), ...names.slice(0, i % names.length)]
  const r = {} as Record<Side, { cpu: number; wall: number }>
  for (const n of order) r[n] = await time(sides[n])
  runs.push(r)
}
console.log(
  `12.3 MP JPEG (4048x3036, ${photo.length} bytes), ${rounds} interleaved rounds; load average ${load
    .map((l) => l.toFixed(1))
    .join(' ')} before, ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} after`,
)
for (const n of names) {
  const cpu = median(runs.map((r) => r[n].cpu))
  const wall = median(runs.map((r) => r[n].wall))
  console.log(
    `${n.padEnd(40)} cpu ${cpu.toFixed(1).padStart(7)} ms/image (${(1000 / cpu).toFixed(1)} images/s per core)   wall ${wall.toFixed(1)} ms/image`,
  )
}
const ratio = (a: Side, b: Side) => median(runs.map((r) => r[a].cpu / r[b].cpu)).toFixed(2)
const [web, node, floor, sharpSide] = names as [Side, Side, Side, Side]
console.log(
  `CPU time, medians of per-round ratios: sharp / openward ${ratio(sharpSide, web)}x (Web Crypto), ${ratio(sharpSide, node)}x (nodeHasher) — user-facing, different work (sharp re-encodes pixels, we never touch them); openward / same-work floor ${ratio(web, floor)}x (Web Crypto), ${ratio(node, floor)}x (nodeHasher) (sink ${sink % 7})`,
)
