// CPU time per image (process.cpuUsage: user + system, all threads, so sharp's libvips workers
// count too), next to wall time. On a shared, oversubscribed machine wall time mostly measures
// waiting for a core; CPU time is what the work itself costs. Run: npm run bench -w packages/referral
import { loadavg } from 'node:os'

import * as E from 'fp-ts/lib/Either.js'
import sharp from 'sharp'

import { packageReferral, type ReferralInput } from '../src/index.js'
import { nodeHasher } from '../src/node/index.js'
import { photo, photoReferral } from './bench-photo.js'

const input: ReferralInput = photoReferral

async function measure(name: string, n: number, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await run() // warm-up
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await run()
  const wall = (performance.now() - t0) / n
  const c = process.cpuUsage(cpu0)
  const cpu = (c.user + c.system) / 1000 / n
  console.log(
    `${name.padEnd(44)} cpu ${cpu.toFixed(1).padStart(7)} ms/image (${(1000 / cpu).toFixed(1)} images/s per core)   wall ${wall.toFixed(1)} ms/image (${(1000 / wall).toFixed(1)} images/s)`,
  )
  return cpu
}

const ok = (r: E.Either<unknown, unknown>) => {
  if (E.isLeft(r)) throw new Error('packaging failed')
}

console.log(
  `12.3 MP JPEG (4048x3036, ${photo.length} bytes); load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on this machine`,
)
const ours = await measure('openward packageReferral (Web Crypto)', 30, async () => ok(await packageReferral(input)()))
const oursNode = await measure('openward packageReferral (nodeHasher)', 30, async () =>
  ok(await packageReferral({ ...input, options: { hasher: nodeHasher } })()),
)
const base = await measure('sharp decode + re-encode JPEG q92', 8, () => sharp(photo).jpeg({ quality: 92 }).toBuffer())
console.log(
  `CPU-time ratio sharp / openward: ${(base / ours).toFixed(1)}x (Web Crypto), ${(base / oursNode).toFixed(1)}x (nodeHasher)`,
)
