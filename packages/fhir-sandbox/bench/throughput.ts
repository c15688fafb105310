/**
 * Sandbox benchmark (run: `npm run bench -w packages/fhir-sandbox`). The server runs in a child
 * process; the client uses fetch with keep-alive. Everything is measured in the same run:
 *  1. creates/s: sequential single POSTs vs 100-entry transactions of conditional creates
 *     (the idempotent upload shape), and their ratio;
 *  2. conditional-create latency (If-None-Exist on identifier) at a small store vs a large one
 *     (a second server), which the identifier hash index should keep flat; an unindexed search
 *     on both shows what the same store size costs without an index.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const SINGLE = Number(process.env['BENCH_SINGLE'] ?? 2000)
const TX_BUNDLES = Number(process.env['BENCH_TX_BUNDLES'] ?? 40)
const LARGE_STORE = Number(process.env['BENCH_LARGE_STORE'] ?? 50_000)
const LATENCY_SAMPLES = 200
const ROUNDS = 4
const HEADERS = { 'content-type': 'application/fhir+json' }

let seq = 0
function observation(key: string) {
  seq++
  return {
    resourceType: 'Observation',
    status: 'final',
    identifier: [{ system: 'urn:openward:bench', value: key }],
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] },
    ],
    code: {
      coding: [
        { system: 'http://loinc.org', code: '2708-6', display: 'Oxygen saturation in Arterial blood' },
        {
          system: 'http://loinc.org',
          code: '59408-5',
          display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
        },
        { system: 'urn:iso:std:iso:11073:10101', code: '150456', display: 'MDC_PULS_OXIM_SAT_O2' },
      ],
    },
    subject: { reference: `Patient/p${seq % 100}` },
    effectiveDateTime: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
    valueQuantity: { value: 90 + (seq % 10), unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
    device: { display: 'bench oximeter' },
  }
}

function transaction(keys: readonly string[]) {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: keys.map((key) => ({
      fullUrl: `urn:uuid:${randomUUID()}`,
      resource: observation(key),
      request: { method: 'POST', url: 'Observation', ifNoneExist: `identifier=urn:openward:bench|${key}` },
    })),
  }
}

async function ok(res: Response, expected: number[]): Promise<void> {
  const text = await res.text()
  if (!expected.includes(res.status)) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`)
}

async function startServer(): Promise<{ child: ChildProcess; base: string }> {
  const serve = fileURLToPath(new URL('./serve.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@openward/source', serve], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer]
  return { child, base: chunk.toString().trim() }
}

async function singlePosts(base: string, n: number, tag: string): Promise<number> {
  const t0 = performance.now()
  for (let i = 0; i < n; i++) {
    await ok(
      await fetch(`${base}/Observation`, {
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify(observation(`${tag}-${i}`)),
      }),
      [201],
    )
  }
  return (n * 1000) / (performance.now() - t0)
}

async function transactions(base: string, bundles: number, tag: string): Promise<number> {
  const t0 = performance.now()
  for (let b = 0; b < bundles; b++) {
    const keys = Array.from({ length: 100 }, (_, i) => `${tag}-${b}-${i}`)
    await ok(await fetch(base, { method: 'POST', headers: HEADERS, body: JSON.stringify(transaction(keys)) }), [200])
  }
  return (bundles * 100 * 1000) / (performance.now() - t0)
}

async function conditionalCreateMs(base: string, key: string): Promise<number> {
  const t0 = performance.now()
  const headers = { ...HEADERS, 'if-none-exist': `identifier=urn:openward:bench|${key}` }
  await ok(
    await fetch(`${base}/Observation`, { method: 'POST', headers, body: JSON.stringify(observation(key)) }),
    [201],
  )
  return performance.now() - t0
}

/** Single conditional creates for new keys, alternating between the two servers. */
async function alternatingLatency(small: string, large: string): Promise<{ small: number[]; large: number[] }> {
  const out = { small: [] as number[], large: [] as number[] }
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    out.small.push(await conditionalCreateMs(small, `small-${i}`))
    out.large.push(await conditionalCreateMs(large, `large-${i}`))
  }
  return out
}

/** One search with no usable index (every Observation is evaluated): the contrast to the indexed path. */
async function unindexedSearchMs(base: string): Promise<number> {
  const t0 = performance.now()
  await ok(await fetch(`${base}/Observation?value-quantity=gt98&_summary=count`), [200])
  return performance.now() - t0
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function p95(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length * 0.95)]!
}

async function storeSize(base: string): Promise<number> {
  const res = await fetch(`${base}/Observation?_summary=count`)
  return ((await res.json()) as { total: number }).total
}

const { child, base } = await startServer()
try {
  // warm-up: the server's JIT and the keep-alive connection (the first hundreds of requests are slow)
  await singlePosts(base, 1000, 'warm')
  await transactions(base, 10, 'warm')

  // Alternate the two shapes over several rounds so that load from other processes hits both alike.
  const singles: number[] = []
  const txs: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    singles.push(await singlePosts(base, SINGLE / ROUNDS, `single${round}`))
    txs.push(await transactions(base, TX_BUNDLES / ROUNDS, `tx${round}`))
  }
  const single = median(singles)
  const tx = median(txs)
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ')
  console.log(
    `creates/s, sequential single POST, ${SINGLE} in ${ROUNDS} rounds:           median ${single.toFixed(0)} (${fmt(singles)})`,
  )
  console.log(
    `creates/s, 100-entry ifNoneExist transactions, ${TX_BUNDLES * 100} in ${ROUNDS} rounds: median ${tx.toFixed(0)} (${fmt(txs)})`,
  )
  console.log(`ratio transaction / single (medians):                   ${(tx / single).toFixed(2)}x`)

  // Latency: a second server grown to the large size; samples alternate between the two servers so
  // that load from other processes on the machine hits both alike.
  const large = await startServer()
  try {
    const grow = Math.ceil(LARGE_STORE / 100)
    const growRate = await transactions(large.base, grow, 'grow')
    const smallSize = await storeSize(base)
    const largeSize = await storeSize(large.base)
    const latency = await alternatingLatency(base, large.base)
    const scans = { small: [] as number[], large: [] as number[] }
    for (let i = 0; i < 3; i++) {
      scans.small.push(await unindexedSearchMs(base))
      scans.large.push(await unindexedSearchMs(large.base))
    }
    const ms = (x: number) => x.toFixed(2)
    console.log(`(large store filled with ${grow * 100} creates in transactions at ${growRate.toFixed(0)} creates/s)`)
    console.log(
      `conditional create, ${LATENCY_SAMPLES} samples, at ${smallSize} Observations:  median ${ms(median(latency.small))} ms, p95 ${ms(p95(latency.small))} ms`,
    )
    console.log(
      `conditional create, ${LATENCY_SAMPLES} samples, at ${largeSize} Observations: median ${ms(median(latency.large))} ms, p95 ${ms(p95(latency.large))} ms`,
    )
    console.log(
      `ratio large / small (medians):                           ${(median(latency.large) / median(latency.small)).toFixed(2)}x`,
    )
    const [scanSmall, scanLarge] = [median(scans.small), median(scans.large)]
    console.log(
      `contrast, unindexed search value-quantity=gt98 (median of 3): ${scanSmall.toFixed(1)} ms at ${smallSize}, ${scanLarge.toFixed(1)} ms at ${largeSize} (${(scanLarge / scanSmall).toFixed(1)}x)`,
    )
  } finally {
    large.child.kill('SIGTERM')
  }
} finally {
  child.kill('SIGTERM')
}
