import { type TaggedError, taggedError } from '@openward/core'

import { localOutcome, type OperationOutcome } from '../resources/operation-outcome.js'

/** What the failed request was (never its headers: they may hold a token). @category model */
export interface RequestSummary {
  readonly method: string
  readonly url: string
}

/** What every {@link FhirError} carries besides its tag. @category errors */
export interface FhirErrorBase<Tag extends string> extends TaggedError<Tag> {
  /** The server's OperationOutcome, or one we made when the server sent none. */
  readonly outcome: OperationOutcome
  readonly request?: RequestSummary
  /** HTTP status, when a response arrived. */
  readonly status?: number
}

/** 404. @category errors */
export type NotFound = FhirErrorBase<'NotFound'>
/** 410: the resource was deleted. @category errors */
export type Gone = FhirErrorBase<'Gone'>
/** 409 or 412: version conflict, stale If-Match, or several matches for a conditional write. @category errors */
export type Conflict = FhirErrorBase<'Conflict'>
/** 422: the server's business rules or profile validation rejected the resource. @category errors */
export type Unprocessable = FhirErrorBase<'Unprocessable'>
/** 429, with the delay the server asked for. @category errors */
export interface RateLimited extends FhirErrorBase<'RateLimited'> {
  readonly retryAfterMs?: number
}
/** 401 or 403. @category errors */
export type Unauthorized = FhirErrorBase<'Unauthorized'>
/** 400 and other 4xx we do not map more precisely; never retried. @category errors */
export type BadRequest = FhirErrorBase<'BadRequest'>
/** 5xx or a network failure: the request may or may not have reached the server. @category errors */
export interface Transient extends FhirErrorBase<'Transient'> {
  readonly retryAfterMs?: number
}
/**
 * The response was not what FHIR promises: malformed or truncated JSON, an HTML page, a body that
 * is not the expected resource. The outcome of a write is unknown.
 *
 * @category errors
 */
export interface InvalidResponse extends FhirErrorBase<'InvalidResponse'> {
  readonly reason:
    | 'malformed-json'
    | 'not-fhir'
    | 'html'
    | 'truncated'
    | 'unexpected-resource'
    /** The body passed `ResponseLimits.maxBodyBytes`; reading stopped there. */
    | 'too-large'
    /** The JSON nested deeper than `ResponseLimits.maxDepth`; it was not parsed. */
    | 'too-deep'
    /** A successful answer whose `Content-Type` is not JSON (`application/fhir+json` or `application/json`). */
    | 'wrong-content-type'
}
/**
 * The server answered with a redirect the client would not follow: to another origin (never, for
 * any method: the request and its token or body would go to a host nobody configured), or a
 * same-origin redirect of a write (a body is never re-sent), or more hops than
 * `ResponseLimits.maxRedirects`. Carries the status and the origin of `Location` only, never the
 * response body. In browsers a redirect is opaque (`locationOrigin` is `'hidden'`).
 *
 * @category errors
 */
export interface RedirectRefused extends FhirErrorBase<'RedirectRefused'> {
  readonly status: number
  /** The origin `Location` pointed to; `'none'` without a usable header, `'hidden'` when the browser hid it. */
  readonly locationOrigin: string
}
/** The caller's AbortSignal fired or the overall deadline passed. @category errors */
export type Aborted = FhirErrorBase<'Aborted'>
/** A paging link pointed outside the configured origin; it was not followed and no token was sent. @category errors */
export type UnsafeLink = FhirErrorBase<'UnsafeLink'>
/** A paging limit (pages or resources) was reached while the server still had more. @category errors */
export type LimitReached = FhirErrorBase<'LimitReached'>
/** The token endpoint refused our client assertion, or answered something unusable. @category errors */
export type AuthFailed = FhirErrorBase<'AuthFailed'>

/** Every way a FHIR call can fail. Narrow on `_tag`. @category errors */
export type FhirError =
  | NotFound
  | Gone
  | Conflict
  | Unprocessable
  | RateLimited
  | Unauthorized
  | BadRequest
  | Transient
  | InvalidResponse
  | Aborted
  | UnsafeLink
  | LimitReached
  | AuthFailed
  | RedirectRefused
  | OutboxStoreFailed

/** The outbox's store failed (disk full, IndexedDB quota, a closed store): nothing was sent or lost. @category errors */
export interface OutboxStoreFailed extends FhirErrorBase<'OutboxStoreFailed'> {
  /** The store method that failed (`append`, `peek`, `remove`…). */
  readonly operation: string
}

/** @category errors */
export type FhirErrorTag = FhirError['_tag']

/** Detail accepted by {@link fhirError}. */
export interface FhirErrorDetail {
  readonly outcome?: OperationOutcome
  readonly request?: RequestSummary
  readonly status?: number
  readonly retryAfterMs?: number
  readonly reason?: InvalidResponse['reason']
  readonly locationOrigin?: string
  readonly operation?: string
}

/**
 * Builds a FHIR error value. When no OperationOutcome is given one is made from the message, so
 * every error carries one.
 *
 * @category constructors
 */
export function fhirError<T extends FhirErrorTag>(
  tag: T,
  message: string,
  detail: FhirErrorDetail = {},
): Extract<FhirError, { _tag: T }> {
  const outcome = detail.outcome ?? localOutcome(OUTCOME_CODE[tag], message)
  const clean = Object.fromEntries(Object.entries({ ...detail, outcome }).filter(([, v]) => v !== undefined))
  return taggedError(tag, message, clean) as unknown as Extract<FhirError, { _tag: T }>
}

// OperationOutcome.issue.code (R4 value set `issue-type`) for errors we make locally.
const OUTCOME_CODE: Record<FhirErrorTag, string> = {
  NotFound: 'not-found',
  Gone: 'deleted',
  Conflict: 'conflict',
  Unprocessable: 'processing',
  RateLimited: 'throttled',
  Unauthorized: 'security',
  BadRequest: 'invalid',
  Transient: 'transient',
  InvalidResponse: 'structure',
  Aborted: 'timeout',
  UnsafeLink: 'security',
  LimitReached: 'too-costly',
  AuthFailed: 'login',
  RedirectRefused: 'security',
  OutboxStoreFailed: 'exception',
}

/** Maps an HTTP error status to its tag (R4 §http "HTTP status codes"). @category errors */
export function tagForStatus(status: number): FhirErrorTag {
  if (status === 404) return 'NotFound'
  if (status === 410) return 'Gone'
  if (status === 409 || status === 412) return 'Conflict'
  if (status === 422) return 'Unprocessable'
  if (status === 429) return 'RateLimited'
  if (status === 401 || status === 403) return 'Unauthorized'
  if (status >= 500 || status === 408) return 'Transient'
  return 'BadRequest'
}
