import * as E from 'fp-ts/lib/Either.js'

import { OperationOutcome } from '../resources/operation-outcome.js'
import { type FhirError, fhirError, type RequestSummary, tagForStatus } from './fhir-error.js'
import { parseRetryAfter } from './retry-policy.js'

/** The shape of the errors fhir-kit-client throws (`HttpClient.buildResponseError`). */
interface KitError {
  readonly message?: string
  readonly name?: string
  readonly response?: { readonly status: number; readonly data: unknown }
  readonly config?: { readonly headers?: { get(name: string): string | null } }
  readonly cause?: unknown
}

function snippet(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}

function looksLikeHtml(text: string): boolean {
  return /^\s*<(!doctype|html|head|body)/i.test(text)
}

/** Turns a body fhir-kit-client could not parse as JSON into the right invalid-response reason. */
function unparsedReason(text: string): 'html' | 'truncated' | 'malformed-json' {
  if (looksLikeHtml(text)) return 'html'
  const t = text.trimStart()
  // Valid JSON prefix that simply stops: a response cut short.
  if ((t.startsWith('{') || t.startsWith('[')) && !/[}\]]\s*$/.test(text)) return 'truncated'
  return 'malformed-json'
}

/**
 * Maps anything fhir-kit-client (or fetch under it) threw to a {@link FhirError}. `aborted` says
 * whether our own signal fired, which fetch reports as a generic AbortError.
 */
export function errorFromThrown(thrown: unknown, request: RequestSummary, aborted: boolean, nowMs: number): FhirError {
  const err = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as KitError
  if (aborted) return fhirError('Aborted', `${request.method} ${request.url}: aborted`, { request })
  if (err.response === undefined) {
    // Headers arrived but the body stream broke: undici reports "terminated".
    if (err.message === 'terminated')
      return fhirError('InvalidResponse', `${request.method} ${request.url}: response truncated`, {
        request,
        reason: 'truncated',
      })
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : ''
    return fhirError(
      'Transient',
      `${request.method} ${request.url}: network error (${err.message ?? 'unknown'}${cause})`,
      {
        request,
      },
    )
  }
  const { status, data } = err.response
  const retryAfterMs = parseRetryAfter(err.config?.headers?.get('retry-after'), nowMs)
  if (typeof data === 'string') {
    const reason = unparsedReason(data)
    if (status >= 200 && status < 300)
      return fhirError('InvalidResponse', `${request.method} ${request.url}: ${reason} body: ${snippet(data)}`, {
        request,
        status,
        reason,
      })
    return statusError(status, request, `${reason} body: ${snippet(data)}`, undefined, retryAfterMs)
  }
  const outcome = E.getOrElseW(() => undefined)(OperationOutcome.decode(data))
  return statusError(
    status,
    request,
    outcome === undefined ? 'no OperationOutcome' : describe(outcome),
    outcome,
    retryAfterMs,
  )
}

function describe(outcome: OperationOutcome): string {
  return outcome.issue.map((i) => i.diagnostics ?? i.details?.text ?? i.code).join('; ')
}

function statusError(
  status: number,
  request: RequestSummary,
  text: string,
  outcome: OperationOutcome | undefined,
  retryAfterMs: number | undefined,
): FhirError {
  const tag = tagForStatus(status)
  return fhirError(tag, `HTTP ${status} ${request.method} ${request.url}: ${text}`, {
    request,
    status,
    ...(outcome === undefined ? {} : { outcome }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  })
}
