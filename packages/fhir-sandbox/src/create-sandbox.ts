import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

import { loadDefinitions } from './internal/definitions.js'
import type { FaultSpec } from './internal/fault-injector.js'
import { FaultInjector } from './internal/fault-injector.js'
import { FhirHost } from './internal/fhir-host.js'
import { Journal, type JournalLineProblem } from './internal/journal.js'
import { ResourceStore } from './internal/resource-store.js'
import { SandboxRepository } from './internal/sandbox-repository.js'
import { type SandboxAuthOptions, TokenService } from './internal/token-service.js'
import { validatingGuard } from './internal/write-guard.js'
import { RequestLog, type SandboxRequestRecord } from './internal/request-log.js'
import { routeRequest } from './internal/route-request.js'
import { isLoopbackHost } from './internal/http-io.js'

/**
 * How to start a sandbox.
 *
 * @category Sandbox
 */
export interface SandboxOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number
  /** Interface to bind; loopback only (default `127.0.0.1`). */
  readonly host?: string
  /** Validate every written version against the base spec and its declared profiles; refuse with 422. */
  readonly validateOnWrite?: boolean
  /** Checksummed NDJSON journal of committed writes, replayed on start (no fsync). */
  readonly journalPath?: string
  /**
   * What to do with corrupt journal lines (not a torn last line): `refuse` (default) rejects with
   * {@link JournalCorrupt} naming them; `recover` replays every valid line, copies the bad ones to
   * `<journalPath>.corrupt`, rewrites the journal without them and lists them in
   * `Sandbox.recoveredJournalLines`.
   */
  readonly journalRecovery?: 'refuse' | 'recover'
  /** Page size when a search gives no `_count` (default 20). */
  readonly defaultCount?: number
  /** Largest page size; larger `_count` values are capped (default 1000). */
  readonly maxCount?: number
  /** Require Bearer tokens from the mock NHS token endpoint. */
  readonly auth?: SandboxAuthOptions
}

/**
 * A running sandbox.
 *
 * @category Sandbox
 */
export interface Sandbox {
  /** FHIR base URL without trailing slash, e.g. `http://127.0.0.1:8103/fhir`. */
  readonly baseUrl: string
  /** Mock token endpoint, also the exact `aud` client assertions must carry. */
  readonly tokenUrl: string
  readonly port: number
  /** Requests received since start or the last `reset()` (most recent 10,000), oldest first. */
  requests(): readonly SandboxRequestRecord[]
  /** Corrupt journal lines set aside when started with `journalRecovery: 'recover'`. */
  readonly recoveredJournalLines: readonly JournalLineProblem[]
  /** Scripts a fault for the next matching request(s); see {@link FaultSpec}. */
  injectFault(fault: FaultSpec): void
  clearFaults(): void
  /** Empties the store (and the journal), forgets issued tokens, faults and the request log. */
  reset(): Promise<void>
  close(): Promise<void>
}

/**
 * The sandbox refused its options (a non-loopback host, a bad paging limit).
 *
 * @category Errors
 */
export class SandboxOptionsError extends Error {
  override readonly name = 'SandboxOptionsError'
}

/**
 * Starts a local FHIR R4 server on loopback: `@medplum/fhir-router` over an in-memory store, with
 * the host layer of spec note fhir.md §4.2.
 *
 * Test and development tooling, so it rejects rather than returning a `TaskEither` (the tooling row
 * of the failure convention in docs/architecture.md): with a {@link SandboxOptionsError} (a
 * non-loopback host, bad paging limits), a {@link JournalCorrupt} (corrupt journal lines under
 * `journalRecovery: 'refuse'`) or the listen error (`EADDRINUSE`); the test or demo stops there.
 *
 * @example
 * ```ts
 * const sandbox = await createSandbox({ port: 0 })
 * const res = await fetch(`${sandbox.baseUrl}/Patient`, {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/fhir+json' },
 *   body: JSON.stringify({ resourceType: 'Patient' }),
 * })
 * await sandbox.close()
 * ```
 * @category Sandbox
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1'
  if (!isLoopbackHost(host)) throw new SandboxOptionsError(`Refusing to listen on non-loopback host "${host}"`)
  const defaultCount = options.defaultCount ?? 20
  const maxCount = options.maxCount ?? 1000
  if (!(
    Number.isInteger(defaultCount) &&
    Number.isInteger(maxCount) &&
    defaultCount >= 0 &&
    maxCount >= defaultCount
  )) {
    throw new SandboxOptionsError('defaultCount and maxCount must be integers with 0 <= defaultCount <= maxCount')
  }
  const defs = loadDefinitions()
  const journal = options.journalPath ? new Journal(options.journalPath, options.journalRecovery) : undefined
  const store = new ResourceStore(journal ? (records) => journal.append(records) : undefined)
  journal?.replay(store)
  const repo = new SandboxRepository(store, options.validateOnWrite ? validatingGuard(defs) : undefined)
  const tokens = options.auth ? new TokenService(options.auth) : undefined
  const faults = new FaultInjector()
  const log = new RequestLog()
  const urls = { baseUrl: '', tokenUrl: '' }
  const fhir = new FhirHost({
    defs,
    repo,
    limits: { defaultCount, maxCount },
    baseUrl: () => urls.baseUrl,
    tokenUrl: () => (tokens ? urls.tokenUrl : undefined),
  })
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void routeRequest(req, res, { fhir, faults, tokens, tokenUrl: () => urls.tokenUrl, log })
  })
  // Outlive the clients' idle timeout (undici: 4 s) so a client never reuses a socket the server is
  // closing: that race would look like a lost response to retry tests.
  server.keepAliveTimeout = 60_000
  server.headersTimeout = 65_000
  const port = await listen(server, options.port ?? 0, host)
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  urls.baseUrl = `${origin}/fhir`
  urls.tokenUrl = `${origin}/oauth2/token`
  return {
    baseUrl: urls.baseUrl,
    tokenUrl: urls.tokenUrl,
    port,
    recoveredJournalLines: journal?.recovered ?? [],
    requests: () => log.list(),
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    reset: async () => {
      await fhir.exclusive(() => {
        store.clear()
        journal?.truncate()
      })
      faults.clear()
      tokens?.clear()
      log.clear()
    },
    close: () => close(server),
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()))
    server.closeAllConnections()
  })
}
