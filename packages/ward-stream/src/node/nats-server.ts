import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'

import { jetstreamManager } from '@nats-io/jetstream'
import { AuthorizationError } from '@nats-io/nats-core'
import { connect } from '@nats-io/transport-node'

/** Options of {@link startNatsServer}. */
export interface StartNatsServerOptions {
  /** The `nats-server` executable (default `nats-server` from PATH). */
  readonly command?: string
  /** JetStream store directory; default a fresh temp dir, removed by `stop()`. */
  readonly storeDir?: string
  /** Also open a NATS WebSocket listener (browser publishers) on a free loopback port. */
  readonly websocket?: boolean
  /** More server configuration, appended as it is (e.g. an `authorization { users: [...] }` block). */
  readonly config?: string
  /** How long to wait for the server to accept clients (default 15 000 ms). */
  readonly readyTimeoutMs?: number
}

/** One running `nats-server -js` on loopback. */
export interface NatsServerHandle {
  /** `nats://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  /** `ws://127.0.0.1:<port>` when `websocket` was asked for. */
  readonly wsUrl: string | undefined
  readonly storeDir: string
  readonly pid: number | undefined
  /** SIGKILLs the process (fault tests); `restart()` brings it back on the same ports and store. */
  kill(): Promise<void>
  restart(): Promise<void>
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes a temp store dir it created. */
  stop(): Promise<void>
}

/**
 * A free TCP port on 127.0.0.1, bound then released: another process can take it before the caller
 * binds it, so a caller must notice its own bind failing (the servers started here let nats-server
 * pick its client ports instead).
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

const live = new Set<ChildProcess>()
let exitHook = false
function track(child: ChildProcess): void {
  live.add(child)
  child.once('exit', () => live.delete(child))
  if (!exitHook) {
    exitHook = true
    // A test runner that dies must not leave JetStream servers behind.
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL')
    })
  }
}

const hasExited = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null
const exitedError = (child: ChildProcess, log: string): Error =>
  new Error(`nats-server exited (${child.exitCode ?? child.signalCode}): ${log.slice(-2000)}`)

async function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return true
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (hasExited(child)) throw exitedError(child, stderr())
    try {
      const nc = await connect({ servers: url, timeout: 1000, reconnect: false })
      await nc.close()
      return
    } catch (e) {
      // A server that refuses an anonymous client is up: it answered (its config requires users).
      if (e instanceof AuthorizationError) return
      if (Date.now() > deadline) throw new Error(`nats-server at ${url} not ready after ${timeoutMs} ms`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}

/**
 * Waits until the cluster's JetStream answers: every node accepting clients is not enough, the nodes
 * still have to elect a meta leader, and until then every JetStream request times out.
 */
async function waitJetStream(urls: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  const nc = await connect({ servers: [...urls], timeout: 1000 })
  try {
    for (;;) {
      try {
        await jetstreamManager(nc, { timeout: 1000 }) // asks for the account's JetStream info
        return
      } catch (e) {
        if (Date.now() > deadline)
          throw new Error(`JetStream of the cluster ${urls.join(', ')} not ready after ${timeoutMs} ms: ${String(e)}`)
        await new Promise((r) => setTimeout(r, 200))
      }
    }
  } finally {
    await nc.close()
  }
}

/** The ports a server listens on; `-1` before its first start: the server picks them. */
interface Ports {
  readonly client: number
  readonly websocket?: number
}

const LISTENING_CLIENTS = /Listening for client connections on 127\.0\.0\.1:(\d+)/
const LISTENING_WEBSOCKET = /Listening for websocket clients on wss?:\/\/127\.0\.0\.1:(\d+)/

/**
 * One nats-server process, startable again on the same ports. The first start lets the server pick
 * its ports (`-1`) and reads them from its log: a port found free, released and then handed to the
 * server could be taken by another process meanwhile, and the readiness check would then talk to
 * that process (another test file's server). A restart asks for the ports learned at the first start,
 * so clients reconnect to the same URLs.
 */
function launcher(
  command: string,
  confPath: string,
  render: (ports: Ports) => string,
  readyTimeoutMs: number,
  want: Ports,
) {
  let child: ChildProcess | undefined
  let log = ''
  let ports = want
  const start = async (): Promise<void> => {
    log = ''
    // The config may hold credentials (users and passwords): only this user may read it.
    await writeFile(confPath, render(ports), { mode: 0o600 })
    const c = spawn(command, ['-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] })
    child = c
    track(c)
    c.stderr?.setEncoding('utf8')
    c.stderr?.on('data', (d: string) => {
      log = (log + d).slice(-20_000)
    })
    await new Promise<void>((resolve, reject) => {
      c.once('spawn', () => resolve())
      c.once('error', reject)
    })
    ports = await listening(c, ports.websocket !== undefined, readyTimeoutMs, () => log)
    await waitReady(`nats://127.0.0.1:${ports.client}`, c, readyTimeoutMs, () => log)
  }
  const kill = async (): Promise<void> => {
    if (child === undefined) return
    child.kill('SIGKILL')
    await waitExit(child, 5000)
  }
  const stop = async (): Promise<void> => {
    if (child === undefined) return
    child.kill('SIGTERM')
    if (!(await waitExit(child, 5000))) {
      child.kill('SIGKILL')
      await waitExit(child, 5000)
    }
  }
  return { start, kill, stop, pid: () => child?.pid, ports: () => ports }
}

/** The handle of a started server; `stop` defaults to the launcher's. */
function serverHandle(
  l: ReturnType<typeof launcher>,
  storeDir: string,
  stop: () => Promise<void> = l.stop,
): NatsServerHandle {
  const { client, websocket } = l.ports()
  return {
    url: `nats://127.0.0.1:${client}`,
    port: client,
    wsUrl: websocket === undefined ? undefined : `ws://127.0.0.1:${websocket}`,
    storeDir,
    get pid() {
      return l.pid()
    },
    kill: l.kill,
    restart: l.start,
    stop,
  }
}

/** The ports the server says it listens on (its log), once it says so; throws if it exits first. */
async function listening(
  child: ChildProcess,
  websocket: boolean,
  timeoutMs: number,
  stderr: () => string,
): Promise<Ports> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const text = stderr()
    const client = LISTENING_CLIENTS.exec(text)?.[1]
    const ws = LISTENING_WEBSOCKET.exec(text)?.[1]
    if (client !== undefined && (!websocket || ws !== undefined))
      return { client: Number(client), ...(websocket ? { websocket: Number(ws) } : {}) }
    if (hasExited(child)) throw exitedError(child, text)
    if (Date.now() > deadline)
      throw new Error(`nats-server did not report its ports within ${timeoutMs} ms: ${text.slice(-2000)}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/**
 * Starts `nats-server -js` on free loopback ports with a temp store dir: the harness of every
 * integration test, `openward ward simulate` and the benchmark. Needs nats-server ≥ 2.9 on PATH
 * (Debian: `apt-get install nats-server`).
 */
export async function startNatsServer(options: StartNatsServerOptions = {}): Promise<NatsServerHandle> {
  const ownDir = options.storeDir === undefined
  const storeDir = options.storeDir ?? (await mkdtemp(join(tmpdir(), 'ward-nats-')))
  const render = (ports: Ports): string =>
    [
      `listen: 127.0.0.1:${ports.client}`,
      `jetstream { store_dir: ${JSON.stringify(join(storeDir, 'js'))} }`,
      ports.websocket === undefined ? '' : `websocket { listen: "127.0.0.1:${ports.websocket}", no_tls: true }`,
      options.config ?? '',
    ].join('\n')
  const l = launcher(
    options.command ?? 'nats-server',
    join(storeDir, 'nats.conf'),
    render,
    options.readyTimeoutMs ?? 15_000,
    options.websocket === true ? { client: -1, websocket: -1 } : { client: -1 },
  )
  try {
    await l.start()
  } catch (e) {
    await l.kill()
    if (ownDir) await rm(storeDir, { recursive: true, force: true })
    throw e
  }
  return serverHandle(l, storeDir, async () => {
    await l.stop()
    if (ownDir) await rm(storeDir, { recursive: true, force: true })
  })
}

/** A 3-node (or n-node) JetStream cluster on loopback: every node a {@link NatsServerHandle}. */
export interface NatsClusterHandle {
  readonly nodes: readonly NatsServerHandle[]
  /** All client URLs, for `servers`. */
  readonly urls: readonly string[]
  stop(): Promise<void>
}

/** Starts an n-node JetStream cluster (default 3) on loopback with temp store dirs, for R3 streams. */
export async function startNatsCluster(
  options: { readonly nodes?: number; readonly command?: string; readonly readyTimeoutMs?: number } = {},
): Promise<NatsClusterHandle> {
  const n = options.nodes ?? 3
  const root = await mkdtemp(join(tmpdir(), 'ward-nats-cluster-'))
  // Route ports must be known before any node starts (each lists the others). One taken meanwhile
  // makes its node fail to start (an error here); the cluster's own name keeps a route that reaches
  // another test's cluster from joining it.
  const routes = await Promise.all(Array.from({ length: n }, () => freePort()))
  const clusterName = `ward-${basename(root).replace(/[^A-Za-z0-9]/g, '')}`
  const launchers = routes.map((route, i) =>
    launcher(
      options.command ?? 'nats-server',
      join(root, `n${i}.conf`),
      (ports) =>
        [
          `server_name: n${i}`,
          `listen: 127.0.0.1:${ports.client}`,
          `jetstream { store_dir: ${JSON.stringify(join(root, `n${i}`))} }`,
          `cluster {`,
          `  name: ${clusterName}`,
          `  listen: 127.0.0.1:${route}`,
          `  routes: [${routes
            .filter((_, j) => j !== i)
            .map((p) => `nats://127.0.0.1:${p}`)
            .join(', ')}]`,
          `}`,
        ].join('\n'),
      options.readyTimeoutMs ?? 30_000,
      { client: -1 },
    ),
  )
  const stopAll = async (): Promise<void> => {
    await Promise.all(launchers.map((l) => l.stop()))
    await rm(root, { recursive: true, force: true })
  }
  let nodes: NatsServerHandle[]
  try {
    await Promise.all(launchers.map((l) => l.start()))
    nodes = launchers.map((l, i) => serverHandle(l, join(root, `n${i}`)))
    await waitJetStream(
      nodes.map((x) => x.url),
      options.readyTimeoutMs ?? 30_000,
    )
  } catch (e) {
    await stopAll()
    throw e
  }
  return { nodes, urls: nodes.map((x) => x.url), stop: stopAll }
}
