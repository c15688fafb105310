import { type Clock, describeThrown, OpenwardError, systemClock } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { decodeBody } from '../client/decode-response.js'
import { type FhirError, fhirError, type OutboxStoreFailed } from '../client/fhir-error.js'
import type { FhirTransport } from '../client/fhir-transport.js'
import { identifierSearchToken, queryString } from '../client/search-query.js'
import { idempotentTransaction, sendIdempotentTransaction } from '../client/write-observations.js'
import { DEFAULT_RESPONSE_LIMITS, jsonDepthExceeds } from '../internal/bounded-json.js'
import { Bundle } from '../resources/bundle.js'
import { localOutcome } from '../resources/operation-outcome.js'
import type { AnyResource } from '../resources/resource-codec.js'
import type { DeadLetter, DeadLetterReason, OutboxEntry, OutboxStore } from './outbox-store.js'

/** What one `flush` did. @category outbox */
export interface FlushReport {
  /** Entries confirmed by a transaction response. */
  readonly sent: number
  /** Entries whose earlier outcome was unknown and that a search found already stored. */
  readonly reconciled: number
  /** Entries the server refused for good during this flush, parked as dead letters. */
  readonly deadLettered: number
  /** Entries still waiting (0 after a successful flush; dead letters not counted). */
  readonly remaining: number
}

/** What the outbox is doing, for logs and metrics (sequence numbers only, never resource content). @category outbox */
export type OutboxEvent =
  | { readonly type: 'attempt'; readonly seqs: readonly number[] }
  | { readonly type: 'confirmed'; readonly seqs: readonly number[] }
  | { readonly type: 'reconciled'; readonly seqs: readonly number[] }
  /** The server refused these entries for good; they were parked (see `Outbox.deadLetters`). */
  | { readonly type: 'dead-lettered'; readonly seqs: readonly number[]; readonly tags: readonly string[] }

/** Every way an outbox call can fail: a {@link FhirError} (store failures are `OutboxStoreFailed`). @category errors */
export type OutboxError = FhirError

/** Options of {@link createOutbox}. @category outbox */
export interface OutboxOptions {
  readonly store: OutboxStore
  readonly transport: FhirTransport
  /** Entries per transaction (default 100). */
  readonly bundleSize?: number
  /** Called synchronously at each step; must not throw. */
  readonly onEvent?: (event: OutboxEvent) => void
  /** Time stamps dead letters (default `systemClock`). */
  readonly clock?: Clock
}

/** @deprecated Renamed {@link OutboxOptions}. @category outbox */
export type OutboxConfig = OutboxOptions

/**
 * The result of `enqueue`: a `TaskEither` (run it: `await outbox.enqueue(rs)()`). Awaiting it
 * directly, as the 0.x API returned a Promise, still enqueues and rejects on failure, so no caller
 * written against the old shape loses writes; that form is deprecated.
 *
 * @category outbox
 */
export type EnqueueTask = TE.TaskEither<OutboxError, readonly number[]> & PromiseLike<readonly number[]>

/** The outbox: durable enqueue, in-order idempotent upload, reconciliation, dead letters. @category outbox */
export interface Outbox {
  /** Durably queues resources; `Left` (`BadRequest`) if one lacks a business identifier, nothing queued then. */
  enqueue(resources: readonly AnyResource[]): EnqueueTask
  /** {@link Outbox.enqueue} as a Promise that rejects with an `OpenwardError`. */
  enqueueOrThrow(resources: readonly AnyResource[]): Promise<readonly number[]>
  /**
   * Sends everything queued, in order. An entry the server refuses for good (400, 409, 412, 422
   * for that entry alone) is parked as a dead letter with its OperationOutcome and the rest go on;
   * any other failure stops the flush, leaving the rest queued.
   */
  flush(signal?: AbortSignal): TE.TaskEither<OutboxError, FlushReport>
  size(): Promise<number>
  /** Entries the server refused for good, with its OperationOutcome. */
  deadLetters(): TE.TaskEither<OutboxError, readonly DeadLetter[]>
  /** Forgets dead letters someone has dealt with (corrected and re-enqueued, or abandoned). */
  discardDeadLetters(seqs: readonly number[]): TE.TaskEither<OutboxError, void>
}

// An answer about the entry itself, not about the server or the network: re-sending the same
// bytes can never succeed (R4 §http: 400 bad syntax, 409/412 conflicts, 422 business rules).
const PERMANENT_STATUSES: ReadonlySet<number> = /* @__PURE__ */ new Set([400, 409, 412, 422])
function isPermanentRefusal(error: FhirError): boolean {
  return (
    (error._tag === 'Unprocessable' || error._tag === 'BadRequest' || error._tag === 'Conflict') &&
    error.status !== undefined &&
    PERMANENT_STATUSES.has(error.status)
  )
}

function identifierToken(resource: AnyResource): string | undefined {
  return identifierSearchToken(
    (resource as { identifier?: readonly { system?: string; value?: string }[] }).identifier?.[0],
  )
}

// Why a resource could never be sent (it does not serialise, or nests past the transport's depth
// limit, so every server answer would be refused), or undefined.
function unsendableReason(resource: AnyResource): string | undefined {
  let text: string
  try {
    text = JSON.stringify(resource)
  } catch (e) {
    return `does not serialise to JSON (${describeThrown(e)})`
  }
  return jsonDepthExceeds(text, DEFAULT_RESPONSE_LIMITS.maxDepth) === undefined
    ? undefined
    : `nests deeper than ${DEFAULT_RESPONSE_LIMITS.maxDepth} levels`
}

function storeFailed(operation: string, e: unknown): OutboxStoreFailed {
  return fhirError(
    'OutboxStoreFailed',
    `outbox store ${operation} failed: ${e instanceof Error ? e.message : String(e)}`,
    {
      operation,
    },
  )
}

// Runs a store call, turning a rejection into a typed Left.
async function guarded<A>(operation: string, run: () => Promise<A>): Promise<E.Either<OutboxStoreFailed, A>> {
  try {
    return E.right(await run())
  } catch (e) {
    return E.left(storeFailed(operation, e))
  }
}

/**
 * Creates an outbox over a store. Each flush step takes the oldest `bundleSize` entries:
 * 1. entries already attempted (a crash or lost response left their outcome unknown) are looked up
 *    by business identifier, and those the server has are removed without sending again;
 * 2. the rest are marked attempted (durably), then sent as one transaction of `ifNoneExist` entries;
 * 3. only after the server confirmed the transaction are they removed;
 * 4. if the server refused the transaction for good, each entry is sent alone: those accepted are
 *    removed, those refused alone are parked as dead letters, and the flush continues.
 * Any other failure leaves them queued and attempted, so the next flush reconciles them first.
 *
 * @category outbox
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const { store, transport } = options
  const size = options.bundleSize ?? 100
  const clock = options.clock ?? systemClock
  let running: Promise<E.Either<OutboxError, FlushReport>> | undefined

  async function reconcile(
    entries: readonly OutboxEntry[],
    signal?: AbortSignal,
  ): Promise<E.Either<FhirError, Set<number>>> {
    const byToken = new Map<string, OutboxEntry[]>()
    for (const e of entries) {
      const token = identifierToken(e.resource)
      if (token === undefined) continue
      byToken.set(token, [...(byToken.get(token) ?? []), e])
    }
    const types = [...new Set(entries.map((e) => e.resource.resourceType))]
    const found = new Set<number>()
    for (const type of types) {
      const tokens = [...byToken.keys()].filter((tok) => byToken.get(tok)?.[0]?.resource.resourceType === type)
      if (tokens.length === 0) continue
      const query = queryString([
        ['identifier', tokens.join(',')],
        ['_count', String(tokens.length * 2)],
        ['_elements', 'identifier'],
      ])
      const res = await transport.send({ method: 'GET', path: `${type}?${query}`, ...(signal ? { signal } : {}) })()
      const page = E.chain((r: Parameters<typeof decodeBody>[1]) => decodeBody(Bundle, r))(res)
      if (E.isLeft(page)) return page
      for (const entry of page.right.entry ?? []) {
        if (entry.resource?.resourceType !== type) continue
        const token = identifierToken(entry.resource)
        for (const e of token === undefined ? [] : (byToken.get(token) ?? [])) found.add(e.seq)
      }
    }
    return E.right(found)
  }

  const send = (entries: readonly OutboxEntry[], signal?: AbortSignal) => {
    const bundle = idempotentTransaction(entries.map((e) => e.resource))
    if (E.isLeft(bundle)) return Promise.resolve(bundle)
    return sendIdempotentTransaction(transport, signal)(bundle.right)()
  }

  // The transaction was refused for good: find which entries the server refuses on their own.
  async function isolate(
    entries: readonly OutboxEntry[],
    signal?: AbortSignal,
  ): Promise<{ confirmed: number[]; dead: DeadLetterReason[]; stop?: FhirError }> {
    const confirmed: number[] = []
    const dead: DeadLetterReason[] = []
    let firstBadRequest: FhirError | undefined
    for (const e of entries) {
      const r = await send([e], signal)
      if (E.isRight(r)) confirmed.push(e.seq)
      else if (isPermanentRefusal(r.left)) {
        if (r.left.status === 400) firstBadRequest ??= r.left
        dead.push({
          seq: e.seq,
          outcome: r.left.outcome,
          tag: r.left._tag,
          atMs: clock.now(),
          ...(r.left.status === undefined ? {} : { status: r.left.status }),
        })
      } else return { confirmed, dead, stop: r.left }
    }
    // 422/409/412 are about the entry by definition. A plain 400 may be about the server instead
    // (one that refuses transactions or `ifNoneExist` answers 400 to every entry): entries refused
    // with 400 are parked only when another entry of the same batch went through, so a misconfigured
    // server stops the outbox with its error instead of emptying the queue into dead letters.
    if (firstBadRequest !== undefined && confirmed.length === 0)
      return { confirmed, dead: dead.filter((d) => d.status !== 400), stop: firstBadRequest }
    return { confirmed, dead }
  }

  async function step(
    signal?: AbortSignal,
  ): Promise<E.Either<OutboxError, { sent: number; reconciled: number; deadLettered: number } | undefined>> {
    const peeked = await guarded('peek', () => store.peek(size))
    if (E.isLeft(peeked)) return peeked
    const batch = peeked.right
    if (batch.length === 0) return E.right(undefined)
    let toSend = batch
    let found = new Set<number>()
    if (batch.some((e) => e.attempted)) {
      const r = await reconcile(
        batch.filter((e) => e.attempted),
        signal,
      )
      if (E.isLeft(r)) return r
      found = r.right
      toSend = batch.filter((e) => !found.has(e.seq))
      if (found.size > 0) options.onEvent?.({ type: 'reconciled', seqs: [...found] })
    }
    let dead: DeadLetterReason[] = []
    // An entry that cannot even be serialised (damaged in the store: cyclic, absurdly deep) can never
    // be sent: parked locally, so it cannot block the rest.
    if (store.deadLetter !== undefined) {
      const unsendable = toSend.filter((e) => unsendableReason(e.resource) !== undefined)
      dead = unsendable.map((e) => {
        const message = `entry ${e.seq} cannot be sent: ${unsendableReason(e.resource)}`
        return { seq: e.seq, outcome: localOutcome('structure', message), tag: 'BadRequest', atMs: clock.now() }
      })
      if (dead.length > 0) toSend = toSend.filter((e) => !unsendable.includes(e))
    }
    let confirmed = toSend.map((e) => e.seq)
    let stop: FhirError | undefined
    if (toSend.length > 0) {
      const marked = await guarded('markAttempted', () => store.markAttempted(toSend.map((e) => e.seq)))
      if (E.isLeft(marked)) return marked
      options.onEvent?.({ type: 'attempt', seqs: toSend.map((e) => e.seq) })
      const result = await send(toSend, signal)
      if (E.isLeft(result)) {
        if (!isPermanentRefusal(result.left) || store.deadLetter === undefined) return result
        const isolated = await isolate(toSend, signal)
        confirmed = isolated.confirmed
        dead = [...dead, ...isolated.dead]
        stop = isolated.stop
      }
    }
    const settled = [...found, ...confirmed]
    const removed = await guarded('remove', () => store.remove(settled))
    if (E.isLeft(removed)) return removed
    if (confirmed.length > 0) options.onEvent?.({ type: 'confirmed', seqs: confirmed })
    if (dead.length > 0) {
      const parked = await guarded('deadLetter', () => store.deadLetter!(dead))
      if (E.isLeft(parked)) return parked
      options.onEvent?.({ type: 'dead-lettered', seqs: dead.map((d) => d.seq), tags: dead.map((d) => d.tag) })
    }
    if (stop !== undefined) return E.left(stop)
    return E.right({ sent: confirmed.length, reconciled: found.size, deadLettered: dead.length })
  }

  async function flushAll(signal?: AbortSignal): Promise<E.Either<OutboxError, FlushReport>> {
    let sent = 0
    let reconciled = 0
    let deadLettered = 0
    for (;;) {
      if (signal?.aborted === true) return E.left(fhirError('Aborted', 'outbox flush aborted'))
      const r = await step(signal)
      if (E.isLeft(r)) return r
      if (r.right === undefined) {
        const remaining = await guarded('size', () => store.size())
        return E.map((n: number) => ({ sent, reconciled, deadLettered, remaining: n }))(remaining)
      }
      sent += r.right.sent
      reconciled += r.right.reconciled
      deadLettered += r.right.deadLettered
    }
  }

  const enqueueTask =
    (resources: readonly AnyResource[]) => async (): Promise<E.Either<OutboxError, readonly number[]>> => {
      for (const [i, r] of resources.entries()) {
        if (identifierToken(r) === undefined)
          return E.left(
            fhirError('BadRequest', `resource ${i} has no business identifier, so it could not be reconciled`),
          )
        const unsendable = unsendableReason(r)
        if (unsendable !== undefined) return E.left(fhirError('BadRequest', `resource ${i} ${unsendable}`))
      }
      return guarded('append', () => store.append(resources))
    }

  const orThrow = async <A>(task: () => Promise<E.Either<OutboxError, A>>): Promise<A> => {
    const r = await task()
    if (E.isLeft(r)) throw new OpenwardError(r.left)
    return r.right
  }

  return {
    enqueue: (resources) => {
      const task = enqueueTask(resources)
      let started: Promise<readonly number[]> | undefined
      // Deprecated 0.x form: `await outbox.enqueue(rs)` runs the task once and rejects on failure.
      const then: PromiseLike<readonly number[]>['then'] = (onFulfilled, onRejected) => {
        started ??= orThrow(task)
        return started.then(onFulfilled, onRejected)
      }
      return Object.assign(task, { then }) as EnqueueTask
    },
    enqueueOrThrow: (resources) => orThrow(enqueueTask(resources)),
    // One flush at a time: a second caller joins the running one, so entries are never sent twice in parallel.
    flush: (signal) => async () => {
      running ??= flushAll(signal).finally(() => {
        running = undefined
      })
      return running
    },
    size: () => store.size(),
    deadLetters: () => () =>
      guarded('deadLetters', async () => (store.deadLetters === undefined ? [] : store.deadLetters())),
    discardDeadLetters: (seqs) => () =>
      guarded('discardDeadLetters', async () => {
        await store.discardDeadLetters?.(seqs)
      }),
  }
}
