import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { createSandbox, type Sandbox } from '@openward/fhir-sandbox'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { ensureWard } from '../src/node/ensure-ward.js'
import { startWriter } from '../src/node/fhir-writer.js'
import { type NatsServerHandle, startNatsServer } from '../src/node/nats-server.js'
import { storedAlerts } from '../src/node/simulation.js'
import type { WardEventOutput } from '../src/ward-output.js'

const alert = (patientKey: string, atMs: number): WardEventOutput => ({
  v: 1,
  id: `${patientKey}/nhse-oximetry-home-2022%401.0.0/${atMs}/escalated:urgent`,
  kind: 'alert',
  tenant: 'w',
  patientKey,
  partition: 0,
  sourceSeq: 1,
  sentAtMs: atMs,
  emittedAtMs: atMs,
  event: {
    kind: 'alert',
    id: `${patientKey}/x/${atMs}/escalated:urgent`,
    alertKey: `${patientKey}/x/${atMs}`,
    source: 'threshold-alerts',
    type: 'escalated',
    rule: { name: 'nhse-oximetry-home-2022', version: '1.0.0' },
    atMs,
    startMs: atMs - 15_000,
    endMs: null,
    nadir: 91,
    level: 'urgent',
    severity: 'urgent',
  },
})

describe('FHIR writer', () => {
  let nats: NatsServerHandle
  let sandbox: Sandbox
  let nc: NatsConnection
  beforeAll(async () => {
    nats = await startNatsServer()
    sandbox = await createSandbox({ port: 0 })
    nc = await connect({ servers: nats.url })
  })
  afterAll(async () => {
    await nc?.close()
    await sandbox?.close()
    await nats?.stop()
  })

  it('a batch the server refuses as content (422) is written one by one: the good alert is stored, the refused one is dead-lettered with its tag, nothing blocks', async () => {
    const jsm = await jetstreamManager(nc)
    const ward = await ensureWard(nc, jsm, 'w', { partitions: 1 })()
    if (E.isLeft(ward)) throw new Error(ward.left.message)
    const js = jetstream(nc)
    const t = Date.UTC(2026, 0, 5, 9, 0, 0)
    for (const a of [alert('pa', t), alert('pb', t + 1000)])
      await js.publish(ward.right.names.outSubject('alert', a.patientKey), JSON.stringify(a), { msgID: a.id })
    // The batch, then the first single write, are refused; the second single goes through.
    sandbox.injectFault({ method: 'POST', status: 422, times: 2 })
    const writer = await startWriter(nc, { tenant: 'w', fhir: sandbox.baseUrl, retryDelayMs: 100 })()
    if (E.isLeft(writer)) throw new Error(writer.left.message)
    const deadline = Date.now() + 20_000
    while (writer.right.written() < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    await writer.right.drain()
    const stored = await storedAlerts(sandbox.baseUrl)
    expect(stored).toEqual(['pb|nhse-oximetry-home-2022@1.0.0/escalated:urgent|2026-01-05T09:00:01.000Z|91'])
    const dead = await jsm.streams.getMessage(ward.right.names.deadStream, { last_by_subj: 'ward.w.dead.writer' })
    expect(dead?.json<{ _tag: string }>()._tag).toBe('Unprocessable')
  }, 60_000)
})
