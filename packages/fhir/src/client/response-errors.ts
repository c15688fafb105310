import * as E from 'fp-ts/lib/Either.js'

import { type ResponseLimits, parseBoundedJson, sanitiseText } from '../internal/bounded-json.js'
import { OperationOutcome } from '../resources/operation-outcome.js'
import { type FhirError, fhirError, type InvalidResponse, type RequestSummary, tagForStatus } from './fhir-error.js'
import { parseRetryAfter } from './retry-policy.js'

function looksLikeHtml(text: string): boolean {
  return /^\s*<(!doctype|html|head|body)/i.test(text)
}

/** Turns a body that is not JSON into the right invalid-response reason. */
function unparsedReason(text: string): 'html' | 'truncated' | 'malformed-json' {
  if (looksLikeHtml(text)) return 'html'
  const t = text.trimStart()
  // Valid JSON prefix that simply stops: a response cut short.
  if ((t.startsWith('{') || t.startsWith('[')) && !/[}\]]\s*$/.test(text)) return 'truncated'
  return 'malformed-json'
}

// RFC 8259 §11 / FHIR R4 §http "Content Types": application/fhir+json, application/json (and the
// DSTU2-era application/json+fhir some servers still send).
const JSON_TYPE = /^application\/(fhir\+json|json\+fhir|json)\s*(;|$)/i

/**
 * Parses a body within the limits. `undefined` for an empty body. A refusal or a body that is not
 * JSON becomes `InvalidResponse` on a 2xx answer; on an error status the status error wins and the
 * body only adds detail.
 */
export function parseBody(
  text: string,
  contentType: string | null,
  limits: ResponseLimits,
): E.Either<{ reason: InvalidResponse['reason']; detail: string }, unknown> {
  if (text === '') return E.right(undefined)
  const parsed = parseBoundedJson(text, limits)
  if (parsed.ok) {
    if (contentType !== null && !JSON_TYPE.test(contentType.trim()))
      return E.left({ reason: 'wrong-content-type', detail: `Content-Type ${sanitiseText(contentType, 80)}` })
    return E.right(parsed.value)
  }
  if (parsed.reason === 'too-deep')
    return E.left({ reason: 'too-deep', detail: `JSON nested deeper than ${limits.maxDepth}` })
  if (parsed.reason === 'too-large')
    return E.left({ reason: 'too-large', detail: `body over ${limits.maxBodyBytes} bytes` })
  const reason = unparsedReason(text)
  return E.left({ reason, detail: `${reason} body: ${sanitiseText(text, 200)}` })
}

/** The error for a non-2xx answer, with the server's OperationOutcome when it sent a usable one. */
export function errorFromStatus(
  status: number,
  request: RequestSummary,
  body: E.Either<{ reason: InvalidResponse['reason']; detail: string }, unknown>,
  retryAfter: string | null,
  nowMs: number,
): FhirError {
  const retryAfterMs = parseRetryAfter(retryAfter, nowMs)
  if (E.isLeft(body)) return statusError(status, request, body.left.detail, undefined, retryAfterMs)
  const outcome =
    body.right === undefined ? undefined : E.getOrElseW(() => undefined)(OperationOutcome.decode(body.right))
  return statusError(
    status,
    request,
    outcome === undefined ? 'no OperationOutcome' : describe(outcome),
    outcome,
    retryAfterMs,
  )
}

/**
 * Maps what fetch threw (network failure, abort, a body stream cut short) to a {@link FhirError}.
 * `aborted` says whether our own signal fired, which fetch reports as a generic AbortError.
 */
export function errorFromThrown(thrown: unknown, request: RequestSummary, aborted: boolean): FhirError {
  const err = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as { message?: string; cause?: unknown }
  if (aborted) return fhirError('Aborted', `${request.method} ${request.url}: aborted`, { request })
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

// Diagnostics come from the server: cut and stripped of control characters before they reach a
// message (and so a log line).
function describe(outcome: OperationOutcome): string {
  return sanitiseText(outcome.issue.map((i) => i.diagnostics ?? i.details?.text ?? i.code).join('; '), 500)
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
