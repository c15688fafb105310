import { fileURLToPath } from 'node:url'

import { createSandbox, type Sandbox } from '@openward/fhir-sandbox'

import { startNatsCluster, startNatsServer } from '../../src/node/nats-server.js'
import { DEFAULT_RECORDINGS, loadRecordings, type Recording, type ServiceSpawner } from '../../src/node/simulation.js'

export const spo2Dir = fileURLToPath(new URL('../../../../../shared/data/spo2/', import.meta.url))
const serviceScript = fileURLToPath(new URL('../fixtures/service.ts', import.meta.url))

/** Real nats-server (or 3-node cluster), an in-process FHIR sandbox, and a spawner of service processes. */
export interface WardEnv {
  readonly servers: readonly string[]
  readonly sandbox: Sandbox
  readonly tenant: string
  spawner(extra?: { checkpointIntervalMs?: number; ackWaitMs?: number }): ServiceSpawner
  stop(): Promise<void>
}

let tenantSeq = 0

export async function startWardEnv(
  options: { cluster?: boolean } = {},
): Promise<WardEnv & { cluster?: Awaited<ReturnType<typeof startNatsCluster>> }> {
  const cluster = options.cluster === true ? await startNatsCluster() : undefined
  const single = cluster === undefined ? await startNatsServer() : undefined
  let sandbox: Sandbox
  try {
    sandbox = await createSandbox({ port: 0 })
  } catch (e) {
    await cluster?.stop()
    await single?.stop()
    throw e
  }
  const servers = cluster?.urls ?? [single!.url]
  const tenant = `t${process.pid}x${tenantSeq++}`
  return {
    servers,
    sandbox,
    tenant,
    ...(cluster === undefined ? {} : { cluster }),
    spawner:
      (extra = {}) =>
      (kind, id, simTenant) => ({
        command: process.execPath,
        args: [
          '--import',
          'tsx',
          '--conditions=@openward/source',
          serviceScript,
          kind,
          JSON.stringify({ servers, tenant: simTenant, id, fhir: sandbox.baseUrl, ...extra }),
        ],
      }),
    stop: async () => {
      await sandbox.close()
      await cluster?.stop()
      await single?.stop()
    },
  }
}

let cache: Recording[] | undefined
/** The default real recordings (cached per test file). */
export async function recordings(): Promise<Recording[]> {
  cache ??= await loadRecordings(spo2Dir, DEFAULT_RECORDINGS)
  return cache
}
