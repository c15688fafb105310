// One detector worker process of the local board setup (the supervisor in src/node/local-ward.ts
// starts, SIGKILLs and restarts these): `openward ward worker` with the service user's credentials.
import { connect } from '@nats-io/transport-node'
import { jsonLineLogger } from '@openward/ward-stream'
import { startWorker, terminationSignal } from '@openward/ward-stream/node'
import * as E from 'fp-ts/lib/Either.js'

const env = (k: string): string => {
  const v = process.env[k]
  if (v === undefined) throw new Error(`${k} is not set`)
  return v
}
const nc = await connect({
  servers: env('WARD_NATS_URL'),
  user: env('WARD_NATS_USER'),
  pass: env('WARD_NATS_PASSWORD'),
  maxReconnectAttempts: -1,
  reconnectTimeWait: 250,
})
const worker = await startWorker(nc, {
  tenant: env('WARD_TENANT'),
  workerId: env('WARD_WORKER_ID'),
  logger: jsonLineLogger((line) => process.stderr.write(`${line}\n`)),
})()
if (E.isLeft(worker)) {
  process.stderr.write(`${worker.left.message}\n`)
  process.exit(1)
}
await terminationSignal()
await worker.right.drain()
await nc.drain()
