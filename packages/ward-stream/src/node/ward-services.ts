import { jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/nats-core'
import { connect } from '@nats-io/transport-node'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import type { AlertBands } from '@openward/spo2'

import { clearPatientThresholds, setPatientThresholds } from '../patient-thresholds.js'
import { natsFailure, type WardError } from '../ward-error.js'

import type { WardLogger } from '../ward-logger.js'
import { ensureWard, type EnsureWardOptions, type WardConfig } from './ensure-ward.js'
import { type NatsAuth, natsAuthOptions } from './nats-auth.js'
import { startWriter, type StartWriterOptions } from './fhir-writer.js'
import { wardStatus, type WardStatus } from './ward-status.js'
import { startWorker, type StartWorkerOptions } from './ward-worker.js'

/** How a service process reaches NATS. */
export interface ServiceConnection {
  /** One or more `nats://host:port` URLs (a cluster's nodes). */
  readonly servers: readonly string[]
  /** User and password, or a `.creds` file's JWT and seed (`readNatsAuthFile`); none by default. */
  readonly auth?: NatsAuth
  readonly logger: WardLogger
  /** Resolves when the process should drain (the CLI wires SIGTERM and SIGINT to it). */
  readonly stopSignal: Promise<void>
  /** Longest graceful drain before the process gives up and exits 1 (default 20 000 ms). */
  readonly drainTimeoutMs?: number
}

async function connectService(c: ServiceConnection, name: string): Promise<NatsConnection> {
  // Reconnect forever: a cluster node restarting, or a server restart, must not end the service.
  return connect({
    servers: [...c.servers],
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    timeout: 5_000,
    ...natsAuthOptions(c.auth),
  })
}

/**
 * Runs a detector worker until `stopSignal`, then drains it (checkpoint and release every partition)
 * and closes the connection. Resolves with the process exit code.
 */
export async function runWorkerService(c: ServiceConnection, options: StartWorkerOptions): Promise<number> {
  const nc = await connectService(c, `ward-worker ${options.workerId ?? ''}`)
  const worker = await retryStart(c, 'worker', () => startWorker(nc, { ...options, logger: c.logger })())
  if (worker === undefined) {
    await nc.close()
    return 1
  }
  await c.stopSignal
  return finish(c, nc, 'worker', () => worker.drain())
}

/**
 * Drains within a deadline (default 20 s): a drain that cannot finish (NATS unreachable) must not
 * keep the process alive; stopping without it is safe, only slower (leases expire, the next owner
 * replays from the last checkpoint).
 */
async function finish(
  c: ServiceConnection,
  nc: NatsConnection,
  service: string,
  drain: () => Promise<void>,
): Promise<number> {
  const deadline = c.drainTimeoutMs ?? 20_000
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), deadline)
  })
  const done = await Promise.race([
    (async () => {
      await drain()
      await nc.drain()
      return 'drained' as const
    })(),
    timedOut,
  ])
  clearTimeout(timer)
  if (done === 'timeout') {
    c.logger.log('warn', `${service}-drain-timeout`, { afterMs: deadline })
    await nc.close().catch(() => undefined)
    return 1
  }
  return 0
}

/**
 * Starts a service, retrying while NATS is not answering (a cluster electing a leader, a server
 * restarting): a service must come up once NATS does, not exit. Other errors (a ward that does not
 * exist, bad options) end it. Undefined when it gave up or the stop signal came first.
 */
async function retryStart<A>(
  c: ServiceConnection,
  service: string,
  start: () => Promise<E.Either<WardError, A>>,
): Promise<A | undefined> {
  let stopped = false
  void c.stopSignal.then(() => (stopped = true))
  for (let attempt = 1; ; attempt++) {
    const r = await start()
    if (E.isRight(r)) return r.right
    const transient =
      r.left._tag === 'NatsFailure' && /timeout|no responders|connection|not ready/i.test(r.left.message)
    c.logger.log(transient ? 'warn' : 'error', `${service}-start-failed`, {
      attempt,
      error: r.left,
      retrying: transient,
    })
    if (!transient || stopped) return undefined
    await new Promise((res) => setTimeout(res, Math.min(5_000, 250 * attempt)))
    if (stopped) return undefined
  }
}

/** Runs the FHIR writer until `stopSignal`, then finishes the transaction in flight and closes. */
export async function runWriterService(c: ServiceConnection, options: StartWriterOptions): Promise<number> {
  const nc = await connectService(c, 'ward-fhir-writer')
  const writer = await retryStart(c, 'writer', () => startWriter(nc, { ...options, logger: c.logger })())
  if (writer === undefined) {
    await nc.close()
    return 1
  }
  await c.stopSignal
  return finish(c, nc, 'writer', () => writer.drain())
}

/** A promise that resolves on the first SIGTERM or SIGINT (graceful drain). */
export function terminationSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve())
    process.once('SIGINT', () => resolve())
  })
}

/** Connects, sets up (or checks) a tenant's ward, disconnects: what `openward ward worker|writer` do first. */
export function ensureWardAt(
  servers: readonly string[],
  tenant: string,
  options: EnsureWardOptions = {},
  auth?: NatsAuth,
): TE.TaskEither<WardError, WardConfig> {
  return withConnection(servers, auth, async (nc) =>
    E.map((r: { config: WardConfig }) => r.config)(await ensureWard(nc, await jetstreamManager(nc), tenant, options)()),
  )
}

/** Connects, reads a ward's status, disconnects: `openward ward status`. */
export function wardStatusAt(
  servers: readonly string[],
  tenant: string,
  auth?: NatsAuth,
): TE.TaskEither<WardError, WardStatus> {
  return withConnection(servers, auth, async (nc) => wardStatus(nc, await jetstreamManager(nc), tenant)())
}

/**
 * Connects, sets a patient's own bands (or, with `null`, removes them: the NHSE bands apply),
 * disconnects: `openward ward thresholds`. Running workers apply the change from the patient's next
 * sample. Resolves to the bucket revision of the change.
 */
export function patientThresholdsAt(
  servers: readonly string[],
  tenant: string,
  patientKey: string,
  bands: AlertBands | null,
  auth?: NatsAuth,
): TE.TaskEither<WardError, number> {
  return withConnection(servers, auth, (nc) =>
    bands === null
      ? clearPatientThresholds(nc, tenant, patientKey)()
      : setPatientThresholds(nc, tenant, patientKey, bands)(),
  )
}

function withConnection<A>(
  servers: readonly string[],
  auth: NatsAuth | undefined,
  f: (nc: NatsConnection) => Promise<E.Either<WardError, A>>,
): TE.TaskEither<WardError, A> {
  return async () => {
    let nc: NatsConnection
    try {
      nc = await connect({ servers: [...servers], timeout: 5_000, ...natsAuthOptions(auth) })
    } catch (e) {
      return E.left(natsFailure(`connect ${servers.join(',')}`, e))
    }
    try {
      return await f(nc)
    } catch (e) {
      return E.left(natsFailure('ward', e))
    } finally {
      await nc.close()
    }
  }
}
