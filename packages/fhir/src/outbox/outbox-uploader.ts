import { OpenwardError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { decodeBody } from '../client/decode-response.js'
import { type FhirError, fhirError } from '../client/fhir-error.js'
import type { FhirTransport } from '../client/fhir-transport.js'
import { queryString } from '../client/search-query.js'
import { idempotentTransaction, sendIdempotentTransaction } from '../client/write-observations.js'
import { Bundle } from '../resources/bundle.js'
import type { AnyResource } from '../resources/resource-codec.js'
import type { OutboxEntry, OutboxStore } from './outbox-store.js'

/** What one `flush` did. @category outbox */
export interface FlushReport {
  /** Entries confirmed by a transaction response. */
  readonly sent: number
  /** Entries whose earlier outcome was unknown and that a search found already stored. */
  readonly reconciled: number
  /** Entries still waiting (0 after a successful flush). */
  readonly remaining: number
}

/** What the outbox is doing, for logs and metrics (sequence numbers only, never resource content). @category outbox */
export type OutboxEvent =
  | { readonly type: 'attempt'; readonly seqs: readonly number[] }
  | { readonly type: 'confirmed'; readonly seqs: readonly number[] }
  | { readonly type: 'reconciled'; readonly seqs: readonly number[] }

/** Outbox configuration. @category outbox */
export interface OutboxConfig {
  readonly store: OutboxStore
  readonly transport: FhirTransport
  /** Entries per transaction (default 100). */
  readonly bundleSize?: number
  /** Called synchronously at each step; must not throw. */
  readonly onEvent?: (event: OutboxEvent) => void
}

/** The outbox: durable enqueue, in-order idempotent upload, reconciliation of unknown outcomes. @category outbox */
export interface Outbox {
  /** Durably queues resources; rejects (OpenwardError, BadRequest) if one lacks a business identifier. */
  enqueue(resources: readonly AnyResource[]): Promise<readonly number[]>
  /** Sends everything queued, in order; stops at the first failure, leaving the rest queued. */
  flush(signal?: AbortSignal): TE.TaskEither<FhirError, FlushReport>
  size(): Promise<number>
}

type Identified = { identifier?: readonly { system?: string; value?: string }[] }

function identifierToken(resource: AnyResource): string | undefined {
  const id = (resource as Identified).identifier?.[0]
  if (id?.value === undefined) return undefined
  const esc = (s: string): string => s.replace(/[\\|,$]/g, (c) => `\\${c}`)
  return id.system === undefined ? esc(id.value) : `${esc(id.system)}|${esc(id.value)}`
}

/**
 * Creates an outbox over a store. Each flush step takes the oldest `bundleSize` entries:
 * 1. entries already attempted (a crash or lost response left their outcome unknown) are looked up
 *    by business identifier, and those the server has are removed without sending again;
 * 2. the rest are marked attempted (durably), then sent as one transaction of `ifNoneExist` entries;
 * 3. only after the server confirmed the transaction are they removed.
 * A failure leaves them queued and attempted, so the next flush reconciles them first.
 *
 * @category outbox
 */
export function createOutbox(config: OutboxConfig): Outbox {
  const { store, transport } = config
  const size = config.bundleSize ?? 100
  let running: Promise<E.Either<FhirError, FlushReport>> | undefined

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
        const token = entry.resource === undefined ? undefined : identifierToken(entry.resource)
        for (const e of token === undefined ? [] : (byToken.get(token) ?? [])) found.add(e.seq)
      }
    }
    return E.right(found)
  }

  async function step(
    signal?: AbortSignal,
  ): Promise<E.Either<FhirError, { sent: number; reconciled: number } | undefined>> {
    const batch = await store.peek(size)
    if (batch.length === 0) return E.right(undefined)
    let toSend = batch
    let reconciled = 0
    if (batch.some((e) => e.attempted)) {
      const found = await reconcile(
        batch.filter((e) => e.attempted),
        signal,
      )
      if (E.isLeft(found)) return found
      reconciled = found.right.size
      toSend = batch.filter((e) => !found.right.has(e.seq))
      if (reconciled > 0) config.onEvent?.({ type: 'reconciled', seqs: [...found.right] })
    }
    if (toSend.length > 0) {
      const bundle = idempotentTransaction(toSend.map((e) => e.resource))
      if (E.isLeft(bundle)) return bundle
      await store.markAttempted(toSend.map((e) => e.seq))
      config.onEvent?.({ type: 'attempt', seqs: toSend.map((e) => e.seq) })
      const result = await sendIdempotentTransaction(transport, signal)(bundle.right)()
      if (E.isLeft(result)) return result
    }
    await store.remove(batch.map((e) => e.seq))
    if (toSend.length > 0) config.onEvent?.({ type: 'confirmed', seqs: toSend.map((e) => e.seq) })
    return E.right({ sent: toSend.length, reconciled })
  }

  async function flushAll(signal?: AbortSignal): Promise<E.Either<FhirError, FlushReport>> {
    let sent = 0
    let reconciled = 0
    for (;;) {
      if (signal?.aborted === true) return E.left(fhirError('Aborted', 'outbox flush aborted'))
      const r = await step(signal)
      if (E.isLeft(r)) return r
      if (r.right === undefined) return E.right({ sent, reconciled, remaining: await store.size() })
      sent += r.right.sent
      reconciled += r.right.reconciled
    }
  }

  return {
    enqueue: async (resources) => {
      for (const [i, r] of resources.entries())
        if (identifierToken(r) === undefined)
          throw new OpenwardError(
            fhirError('BadRequest', `resource ${i} has no business identifier, so it could not be reconciled`),
          )
      return store.append(resources)
    },
    // One flush at a time: a second caller joins the running one, so entries are never sent twice in parallel.
    flush: (signal) => async () => {
      running ??= flushAll(signal).finally(() => {
        running = undefined
      })
      return running
    },
    size: () => store.size(),
  }
}
