import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { jetstreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/nats-core'
import { connect } from '@nats-io/transport-node'
import { createSandbox, type Sandbox } from '@openward/fhir-sandbox'
import { setPatientThresholds } from '@openward/ward-stream'
import {
  DEFAULT_RECORDINGS,
  ensureWard,
  loadRecordings,
  type NatsServerHandle,
  type Recording,
  startNatsServer,
  startWriter,
  type WardWriter,
} from '@openward/ward-stream/node'
import * as E from 'fp-ts/lib/Either.js'

import { type AckWriter, startAckWriter } from './ack-writer.js'
import { type LiveFeed, type LiveFeedOptions, patientKeyOf, startLiveFeed } from './live-feed.js'
import { type BoardUser, wardAuthorization } from './nats-config.js'
import { serveBoard } from './page-server.js'

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url))

/** One ward of the local setup. */
export interface LocalWardSpec {
  readonly tenant: string
  readonly patients: number
  /** Detector worker processes (0: no workers, so no alerts or summaries: a samples-only ward). */
  readonly workers?: number
  readonly startAt?: LiveFeedOptions['startAt']
}

/** Options of {@link startLocalWard}. */
export interface StartLocalWardOptions {
  readonly wards: readonly LocalWardSpec[]
  /** Recordings directory (default `../shared/data/spo2` beside the repository). */
  readonly dataDir?: string
  /** Page server port (0, the default: a free one). */
  readonly pagePort?: number
  /** The board's "no reading for" threshold (default 60 000 ms). */
  readonly staleAfterMs?: number
  readonly partitions?: number
}

/** One running ward of the setup. */
export interface RunningWard {
  readonly tenant: string
  readonly board: BoardUser
  /** The page's address with the board's credentials in the fragment (never sent to the server). */
  readonly url: string
  readonly feed: LiveFeed
  readonly writer: WardWriter
  readonly ackWriter: AckWriter
  /** Worker process ids in order. */
  workers(): readonly (number | undefined)[]
  /** SIGKILLs worker `index`; a supervisor restarts it after `restartDelayMs` (default 500). */
  killWorker(index: number, restartDelayMs?: number): Promise<void>
}

/** The whole local setup. */
export interface LocalWard {
  readonly natsUrl: string
  readonly wsUrl: string
  readonly fhirBaseUrl: string
  readonly pageOrigin: string
  readonly service: { readonly user: string; readonly password: string }
  readonly configPath: string
  readonly wards: readonly RunningWard[]
  /** A service-user connection (tests watch the output stream with it). */
  readonly nc: NatsConnection
  /** SIGKILLs nats-server (connection loss). */
  killNats(): Promise<void>
  /** Starts it again on the same ports and store. */
  restartNats(): Promise<void>
  stop(): Promise<void>
}

const secret = (): string => randomBytes(12).toString('base64url')

async function waitExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms)
    child.once('exit', () => {
      clearTimeout(t)
      resolve()
    })
  })
}

/**
 * Starts (nats-server from PATH with the WebSocket listener and per-ward users, a FHIR sandbox, and
 * per ward: detector worker processes, the FHIR alert writer, the acknowledgement writer and a live
 * feed of real recordings) and serves the board page. Everything on loopback, free ports, a temp dir.
 */
export async function startLocalWard(options: StartLocalWardOptions): Promise<LocalWard> {
  const dir = await mkdtemp(join(tmpdir(), 'ward-board-'))
  const service = { user: 'ward-service', password: secret() }
  const boards: BoardUser[] = options.wards.map((w) => ({
    tenant: w.tenant,
    user: `board-${w.tenant}`,
    password: secret(),
  }))
  // nats-server picks its own client and WebSocket ports (a port found free and then handed over
  // could be taken meanwhile); a restart comes back on the same ones.
  const natsDir = join(dir, 'nats')
  await mkdir(natsDir, { mode: 0o700 })
  let nats: NatsServerHandle | undefined
  const children = new Set<ChildProcess>()
  const cleanups: (() => Promise<void>)[] = []
  const stop = async (): Promise<void> => {
    for (const f of cleanups.reverse()) await f().catch(() => undefined)
    for (const c of children) c.kill('SIGKILL')
    await nats?.stop()
    await rm(dir, { recursive: true, force: true })
  }
  process.once('exit', () => {
    for (const c of children) c.kill('SIGKILL')
  })

  try {
    nats = await startNatsServer({
      storeDir: natsDir,
      websocket: true,
      config: wardAuthorization({ service, boards }),
    })
    const { url: natsUrl, wsUrl = '' } = nats
    const configPath = join(natsDir, 'nats.conf')
    let sandbox: Sandbox | undefined = await createSandbox({ port: 0 })
    cleanups.push(async () => {
      await sandbox?.close()
      sandbox = undefined
    })
    const fhirBaseUrl = sandbox.baseUrl
    const nc = await connect({
      servers: natsUrl,
      user: service.user,
      pass: service.password,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    })
    cleanups.push(() => nc.close())
    const recordings: Recording[] = await loadRecordings(
      options.dataDir ?? here('../../../../../shared/data/spo2'),
      DEFAULT_RECORDINGS,
    )
    const page = await serveBoard(
      options.wards.map((w) => ({ tenant: w.tenant, wsUrl, staleAfterMs: options.staleAfterMs })),
      options.pagePort ?? 0,
    )
    cleanups.push(() => page.close())
    const wards: RunningWard[] = []
    for (const [wi, spec] of options.wards.entries()) {
      const ward = await ensureWard(nc, await jetstreamManager(nc), spec.tenant, {
        partitions: options.partitions ?? 8,
      })()
      if (E.isLeft(ward)) throw new Error(ward.left.message)
      // Every third patient has COPD target bands (88-92 %), patient 0 none (NHSE default, said so).
      for (let i = 1; i < spec.patients; i++) {
        const bands =
          i % 3 === 0 ? { normalAtOrAbove: 88, reviewAtOrAbove: 86 } : { normalAtOrAbove: 95, reviewAtOrAbove: 93 }
        const r = await setPatientThresholds(nc, spec.tenant, patientKeyOf(spec.tenant, i), bands)()
        if (E.isLeft(r)) throw new Error(r.left.message)
      }
      const writer = await startWriter(nc, { tenant: spec.tenant, fhir: fhirBaseUrl })()
      if (E.isLeft(writer)) throw new Error(writer.left.message)
      cleanups.push(() => writer.right.drain())
      const ackWriter = await startAckWriter(nc, { tenant: spec.tenant, fhirBaseUrl })
      cleanups.push(() => ackWriter.stop())

      const procs: (ChildProcess | undefined)[] = []
      let seq = 0
      const launch = (index: number): void => {
        const c = spawn(
          process.execPath,
          ['--import', 'tsx', '--conditions=@openward/source', here('../../scripts/ward-worker.ts')],
          {
            stdio: ['ignore', 'ignore', 'ignore'],
            env: {
              ...process.env,
              WARD_NATS_URL: natsUrl,
              WARD_NATS_USER: service.user,
              WARD_NATS_PASSWORD: service.password,
              WARD_TENANT: spec.tenant,
              WARD_WORKER_ID: `${spec.tenant}-w${seq++}`,
            },
          },
        )
        children.add(c)
        c.once('exit', () => children.delete(c))
        procs[index] = c
      }
      for (let i = 0; i < (spec.workers ?? 1); i++) launch(i)
      let stopped = false
      cleanups.push(async () => {
        stopped = true
        for (const c of procs) c?.kill('SIGTERM')
        await Promise.all(procs.map((c) => (c === undefined ? undefined : waitExit(c, 5_000))))
      })

      const feed = startLiveFeed(nc, recordings, {
        tenant: spec.tenant,
        partitions: ward.right.config.partitions,
        patients: spec.patients,
        startAt: spec.startAt,
      })
      cleanups.push(() => feed.stop())
      const board = boards[wi]!
      wards.push({
        tenant: spec.tenant,
        board,
        url: `${page.origin}/ward/${spec.tenant}/#user=${encodeURIComponent(board.user)}&password=${encodeURIComponent(board.password)}`,
        feed,
        writer: writer.right,
        ackWriter,
        workers: () => procs.map((c) => c?.pid),
        killWorker: async (index, restartDelayMs = 500) => {
          const c = procs[index]
          if (c === undefined) return
          procs[index] = undefined
          c.kill('SIGKILL')
          await waitExit(c, 5_000)
          setTimeout(() => {
            if (!stopped) launch(index)
          }, restartDelayMs)
        },
      })
    }
    return {
      natsUrl,
      wsUrl,
      fhirBaseUrl,
      pageOrigin: page.origin,
      service,
      configPath,
      wards,
      nc,
      killNats: () => nats!.kill(),
      restartNats: () => nats!.restart(),
      stop,
    }
  } catch (e) {
    await stop()
    throw e
  }
}
