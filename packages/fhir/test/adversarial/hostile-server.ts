import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What a hostile server saw: enough to prove nothing reached it. */
export interface Seen {
  readonly method: string
  readonly url: string
  readonly body: string
  readonly authorization: string | undefined
}

/** A request handler of a hostile server; `origin` is the other server's origin, for redirects. */
export type Hostile = (req: IncomingMessage, res: ServerResponse, body: string, other: string) => void

/** A tiny node:http server on 127.0.0.1 whose answers a test scripts, recording every request. */
export interface HostileServer {
  readonly origin: string
  readonly seen: Seen[]
  handle: Hostile
  close(): Promise<void>
}

/**
 * Two servers on two ports of 127.0.0.1, so two origins: `home` (the configured FHIR base) and
 * `elsewhere` (where a redirect or link tries to send the client). Both record what they receive.
 */
export async function startPair(): Promise<{ home: HostileServer; elsewhere: HostileServer }> {
  const home = await start()
  const elsewhere = await start()
  home.other = elsewhere.origin
  elsewhere.other = home.origin
  return { home, elsewhere }
}

async function start(): Promise<HostileServer & { other: string }> {
  const state: HostileServer & { other: string; server?: Server } = {
    origin: '',
    other: '',
    seen: [],
    handle: (_req, res) => {
      res.statusCode = 500
      res.end()
    },
    close: () => new Promise<void>((resolve) => state.server!.close(() => resolve())),
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      state.seen.push({ method: req.method ?? '', url: req.url ?? '', body, authorization: req.headers.authorization })
      try {
        state.handle(req, res, body, state.other)
      } catch {
        res.destroy()
      }
    })
  })
  server.keepAliveTimeout = 1
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.server = server
  ;(state as { origin: string }).origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return state
}

/** Sends a FHIR JSON answer. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/fhir+json', ...headers })
  res.end(typeof body === 'string' ? body : JSON.stringify(body))
}

/** A Patient whose identifier's assigner nests `depth` levels (Reference.identifier.assigner…). */
export function deepAssignerPatient(depth: number): string {
  // Built as text: building it as an object and stringifying would itself recurse `depth` deep.
  const open = '{"identifier":{"system":"urn:x","value":"v","assigner":'.repeat(depth)
  const close = '}}'.repeat(depth)
  return `{"resourceType":"Patient","id":"p1","identifier":[{"system":"urn:x","value":"1","assigner":${open}{"display":"end"}${close}}]}`
}
