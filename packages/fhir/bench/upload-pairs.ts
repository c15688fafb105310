// Fair upload baselines (issue 19): `npm run bench:pairs -w packages/fhir [-- rounds count]`.
// Same process, same sandbox (real HTTP on 127.0.0.1), tasks interleaved in a rotating order each
// round; every task starts from an empty store and must leave exactly `count` Observations stored.
// Reported: the median (and range) of the per-round ratios baseline time / our time, for
// - user-facing: fhir-kit-client, one plain POST per Observation (what a user would write);
// - same work: the very same 100-entry idempotent transaction Bundles sent by fhir-kit-client's
//   `transaction` and by plain `fetch`. These show what the client itself adds: the gain of the
//   user-facing row is batching, not a faster client.
import * as os from 'node:os'
import { createSandbox } from '@openward/fhir-sandbox'
import { Client } from 'fhir-kit-client'

import { type Bundle, createTransport, idempotentTransaction, writeObservations } from '../src/index.js'
import { countStored, spo2Observations } from '../test/integration/sandbox-fixture.js'

const rounds = Number(process.argv[2] ?? 5)
const count = Number(process.argv[3] ?? 10_000)
const observations = spo2Observations(count)
const bundles: Bundle[] = []
for (let i = 0; i < count; i += 100) {
  const b = idempotentTransaction(observations.slice(i, i + 100))
  if (b._tag === 'Left') throw new Error(b.left.message)
  bundles.push(b.right)
}
const sandbox = await createSandbox({ port: 0 })

const tasks: Record<string, () => Promise<void>> = {
  ours: async () => {
    const r = await writeObservations(createTransport({ baseUrl: sandbox.baseUrl }), observations)()
    if (r._tag === 'Left') throw new Error(r.left.message)
  },
  'fhir-kit-client, one POST each': async () => {
    const kit = new Client({ baseUrl: sandbox.baseUrl })
    for (const o of observations) await kit.create({ resourceType: 'Observation', body: o })
  },
  'fhir-kit-client, same bundles': async () => {
    const kit = new Client({ baseUrl: sandbox.baseUrl })
    for (const body of bundles) await kit.transaction({ body })
  },
  'plain fetch, same bundles': async () => {
    for (const body of bundles) {
      const res = await fetch(sandbox.baseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json', prefer: 'return=minimal' },
        body: JSON.stringify(body),
      })
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      await res.arrayBuffer()
    }
  },
}
const names = Object.keys(tasks)

async function timed(name: string): Promise<number> {
  await sandbox.reset()
  const t0 = performance.now()
  await tasks[name]!()
  const ms = performance.now() - t0
  const stored = await countStored(sandbox.baseUrl)
  if (stored !== count) throw new Error(`${name}: expected ${count} stored, found ${stored}`)
  return ms
}

// Warm-up: one pass of each task, not measured.
for (const name of names) await timed(name)
const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
const loads: number[] = []
for (let r = 0; r < rounds; r++) {
  const order = names.map((_, i) => names[(i + r) % names.length]!)
  for (const name of order) times[name]!.push(await timed(name))
  loads.push(os.loadavg()[0]!)
}
await sandbox.close()

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}
const rows = names.map((name) => {
  const ratios = times[name]!.map((t, i) => t / times.ours![i]!)
  return {
    task: name,
    'median ms': Math.round(median(times[name]!)),
    'median ratio to ours': name === 'ours' ? '1' : `${median(ratios).toFixed(2)}×`,
    'ratio range': name === 'ours' ? '' : `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`,
  }
})
console.log(
  `upload ${count} SpO2 Observations, ${rounds} interleaved rounds, load average ${loads.map((l) => l.toFixed(1)).join(', ')}`,
)
console.table(rows)
console.log('user-facing: fhir-kit-client one POST each vs ours (batching + idempotent transactions)')
console.log('same work: the same 100-entry bundles through fhir-kit-client and plain fetch vs ours')
