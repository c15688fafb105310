import type { IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'

import { smartConfiguration, tokenResponse, unauthorizedResponse } from './auth-routes.js'
import type { FaultInjector, FaultSpec } from './fault-injector.js'
import type { FhirHttpRequest } from './fhir-request.js'
import type { FhirHost } from './fhir-host.js'
import { BodyTooLarge, type HostResponse, outcome, readBody, send } from './http-io.js'
import type { RequestLog } from './request-log.js'
import type { TokenService } from './token-service.js'

/** What the top-level router dispatches to. */
export interface RouteContext {
  readonly fhir: FhirHost
  readonly faults: FaultInjector
  readonly tokens: TokenService | undefined
  readonly tokenUrl: () => string
  readonly log: RequestLog
}

/** Paths a client may read without a token (discovery). */
const PUBLIC_FHIR = new Set(['metadata', '.well-known/smart-configuration'])

/**
 * One HTTP exchange: scripted faults first, then the token endpoint, SMART discovery, or the FHIR
 * base (behind the Bearer check when auth is on). Never throws: a bug becomes a 500 OperationOutcome.
 */
export async function routeRequest(req: IncomingMessage, res: ServerResponse, ctx: RouteContext): Promise<void> {
  const receivedAt = Date.now()
  const method = (req.method ?? 'GET').toUpperCase()
  let faulted = false
  const finish = (status: number | 'dropped'): void =>
    ctx.log.add({ method, url: req.url ?? '/', receivedAt, status, faulted })
  try {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid')
    const fault = ctx.faults.take(method, url.pathname)
    faulted = fault !== undefined
    if (fault?.delayMs) await sleep(fault.delayMs)
    const body = await readBody(req)
    const response = fault?.status !== undefined ? faultResponse(fault) : await dispatch(ctx, method, url, req, body)
    if (fault?.dropResponse && fault.status === undefined) {
      // The request has been executed and committed: lose the answer, as a dropped connection would.
      finish('dropped')
      res.socket?.destroy()
      return
    }
    const replaced = fault?.body !== undefined && fault.status === undefined
    finish(response.status)
    send(
      res,
      replaced
        ? { ...response, headers: { 'content-type': fault.contentType ?? 'text/plain' }, body: fault.body }
        : response,
    )
  } catch (err) {
    const failure =
      err instanceof BodyTooLarge
        ? outcome(413, 'too-costly', err.message)
        : outcome(500, 'exception', err instanceof Error ? err.message : 'internal error')
    finish(failure.status)
    if (!res.headersSent) send(res, failure)
    else res.destroy()
  }
}

async function dispatch(
  ctx: RouteContext,
  method: string,
  url: URL,
  req: IncomingMessage,
  body: Buffer,
): Promise<HostResponse> {
  const path = url.pathname
  const fhirRequest = (segments: string[]): FhirHttpRequest => ({
    method,
    segments,
    query: url.searchParams,
    headers: req.headers,
    body,
  })
  if (path === '/oauth2/token') return tokenResponse(ctx.tokens, fhirRequest([]), ctx.tokenUrl())
  if (path === '/.well-known/smart-configuration' || path === '/fhir/.well-known/smart-configuration') {
    return ctx.tokens
      ? smartConfiguration(ctx.tokenUrl())
      : outcome(404, 'not-found', 'This sandbox was started without auth')
  }
  if (path !== '/fhir' && !path.startsWith('/fhir/'))
    return outcome(404, 'not-found', `No route for ${path}; the FHIR base is /fhir`)
  const rest = path.slice('/fhir'.length).replace(/^\/+|\/+$/g, '')
  if (ctx.tokens && !PUBLIC_FHIR.has(rest) && !ctx.tokens.checkBearer(req.headers.authorization))
    return unauthorizedResponse()
  let segments: string[]
  try {
    segments = rest === '' ? [] : rest.split('/').map(decodeURIComponent)
  } catch {
    return outcome(400, 'invalid', `Malformed percent-encoding in ${path}`)
  }
  return ctx.fhir.handle(fhirRequest(segments))
}

function faultResponse(fault: FaultSpec): HostResponse {
  const headers: Record<string, string> = {}
  if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter
  const status = fault.status ?? 500
  if (fault.body !== undefined)
    return { status, headers: { ...headers, 'content-type': fault.contentType ?? 'text/plain' }, body: fault.body }
  return outcome(status, status === 429 ? 'throttled' : 'transient', `Injected fault: ${status}`, headers)
}
