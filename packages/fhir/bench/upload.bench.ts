// 10,000 SpO2 Observations into the sandbox (real HTTP on 127.0.0.1), same run:
// - ours: writeObservations, idempotent transactions of 100 `ifNoneExist` entries (safe to resend),
//   sequential (the default) and with 4 transactions in flight;
// - baseline: fhir-kit-client, one plain POST per Observation (not idempotent).
// Each iteration starts from an empty store and checks that exactly 10,000 were stored.
import { createSandbox, type Sandbox } from '@openward/fhir-sandbox'
import { Client } from 'fhir-kit-client'
import { afterAll, beforeAll, bench, describe } from 'vitest'

import { createTransport, writeObservations } from '../src/index.js'
import { countStored, spo2Observations } from '../test/integration/sandbox-fixture.js'

const N = Number(process.env.OPENWARD_BENCH_COUNT ?? 10_000)
let sandbox: Sandbox
const observations = spo2Observations(N)

beforeAll(async () => {
  sandbox = await createSandbox({ port: 0 })
})
afterAll(async () => sandbox.close())

async function expectStored(): Promise<void> {
  const n = await countStored(sandbox.baseUrl)
  if (n !== N) throw new Error(`expected ${N} stored, found ${n}`)
}

// One warm-up iteration each (the sandbox and client share the process, so JIT state is shared too);
// more measured iterations for the fast tasks, whose single runs are noisier.
const options = { iterations: 5, time: 0, warmupIterations: 1, warmupTime: 0, throws: true }
const baselineOptions = { ...options, iterations: 3 }

describe(`upload ${N} SpO2 Observations`, () => {
  bench(
    '@openward/fhir writeObservations (idempotent transactions of 100)',
    async () => {
      await sandbox.reset()
      const result = await writeObservations(createTransport({ baseUrl: sandbox.baseUrl }), observations)()
      if (result._tag === 'Left') throw new Error(result.left.message)
      await expectStored()
    },
    options,
  )

  bench(
    '@openward/fhir writeObservations (idempotent transactions of 100, 4 in flight)',
    async () => {
      await sandbox.reset()
      const transport = createTransport({ baseUrl: sandbox.baseUrl })
      const result = await writeObservations(transport, observations, { concurrency: 4 })()
      if (result._tag === 'Left') throw new Error(result.left.message)
      await expectStored()
    },
    options,
  )

  bench(
    'fhir-kit-client create, one POST each',
    async () => {
      await sandbox.reset()
      const kit = new Client({ baseUrl: sandbox.baseUrl })
      for (const o of observations) await kit.create({ resourceType: 'Observation', body: o })
      await expectStored()
    },
    baselineOptions,
  )
})
