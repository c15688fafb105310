// A stand-alone uploader process: produces `total` SpO2 Observations (deterministic from their index),
// queues them in a file outbox and uploads them. Run, killed and restarted by kill-harness.ts.
// Resumes production at the outbox's next sequence number, so every index is queued exactly once.
import { makeSample } from '@openward/core'

import { createOutbox, createTransport, spo2Observation } from '../../src/index.js'
import { openFileOutboxStoreOrThrow } from '../../src/node/index.js'

const [baseUrl, journal, totalText, chunkText] = process.argv.slice(2)
const total = Number(totalText)
const chunk = Number(chunkText ?? '500')
const T0 = Date.UTC(2024, 0, 1)

function observation(i: number) {
  const sample = makeSample({
    timeMs: T0 + i * 1000,
    clock: 'host',
    spo2: 88 + (i % 12),
    pulseRate: 70,
    provenance: { protocol: 'plx-continuous', device: { serialNumber: 'KILL-1' } },
  })
  const built = spo2Observation(sample, { subject: { reference: 'Patient/kill', nhsNumber: '9000000009' } })
  if (built._tag === 'Left') throw new Error(built.left.message)
  return built.right
}

const store = openFileOutboxStoreOrThrow(journal!)
const outbox = createOutbox({
  store,
  transport: createTransport({ baseUrl: baseUrl!, retry: { baseDelayMs: 50 } }),
  onEvent: (e) => {
    if (e.type === 'attempt') process.stdout.write(`attempt ${e.seqs[0]}\n`)
  },
})

{
  const pending = await store.peek(Number.MAX_SAFE_INTEGER)
  process.stdout.write(`resume queued=${pending.length} attempted=${pending.filter((e) => e.attempted).length}\n`)
}

for (;;) {
  const produced = await store.nextSeq()
  if (produced < total) {
    const n = Math.min(chunk, total - produced)
    await outbox.enqueue(Array.from({ length: n }, (_, k) => observation(produced + k)))
  }
  const result = await outbox.flush()()
  if (result._tag === 'Left') {
    process.stdout.write(`error ${result.left._tag} ${result.left.message}\n`)
    continue
  }
  process.stdout.write(`progress ${produced} sent=${result.right.sent} reconciled=${result.right.reconciled}\n`)
  if (produced >= total && (await store.size()) === 0) break
}
await store.close()
process.stdout.write('done\n')
