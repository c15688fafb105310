import type { OximetrySample } from '@openward/core'
import type { JetStreamClient } from '@nats-io/jetstream'
import * as E from 'fp-ts/lib/Either.js'
import {
  asyncScheduler,
  bufferTime,
  concat,
  concatMap,
  defer,
  filter,
  mergeMap,
  type Observable,
  of,
  type SchedulerLike,
  timer,
} from 'rxjs'

import { type PublishReport, publishSamples, type WardTarget } from './publish-samples.js'
import type { WardError } from './ward-error.js'

/** Options of {@link pipeSamples}. */
export interface PipeSamplesOptions {
  /** Longest wait (ms, arrival time) before a batch is sent (default 5 000). */
  readonly maxBatchMs?: number
  /** First wait (ms) before a failed batch is sent again; it doubles on each failure (default 1 000). */
  readonly retryInitialDelayMs?: number
  /** Longest wait (ms) between attempts (default 30 000, well inside JetStream's 2-minute duplicate window). */
  readonly retryMaxDelayMs?: number
  readonly scheduler?: SchedulerLike
}

/**
 * The gateway helper: an `@openward/oximeter` transport's `samples$` (or any sample stream) into a
 * ward, in batches of at most `maxBatchMs` of arrival time. Emits one report per stored batch, in
 * order. A batch the server did not confirm (`NatsFailure`: a reconnect, an unavailable stream, a
 * timeout) is reported as a `Left` and **sent again** after a doubling delay until it is stored, while
 * later batches wait behind it, so a link outage delays samples but never drops them. Re-sending is
 * safe: a batch's message id is the same on every attempt, so a batch that was stored but whose
 * answer was lost is dropped by JetStream's duplicate window. A batch refused for its content (an
 * invalid patient or device key, a bad option) is reported once and not retried: sending it again
 * cannot succeed. Pending batches live in memory: unsubscribing drops what was not yet stored.
 *
 * @example
 * pipeSamples(transport.samples$, jetstream(nc), { tenant: 'north', partitions: 16 }, 'p-0001', 'ox-1').subscribe()
 */
export function pipeSamples(
  samples$: Observable<OximetrySample>,
  js: JetStreamClient,
  target: WardTarget,
  patientKey: string,
  deviceKey: string,
  options: PipeSamplesOptions = {},
): Observable<E.Either<WardError, PublishReport>> {
  const maxBatchMs = options.maxBatchMs ?? 5_000
  const scheduler = options.scheduler ?? asyncScheduler
  const firstDelayMs = options.retryInitialDelayMs ?? 1_000
  const maxDelayMs = options.retryMaxDelayMs ?? 30_000
  const send = (batch: OximetrySample[], attempt: number): Observable<E.Either<WardError, PublishReport>> =>
    defer(() => publishSamples(js, target, patientKey, deviceKey, batch, { maxBatchMs })()).pipe(
      mergeMap((result) =>
        E.isRight(result) || result.left._tag !== 'NatsFailure'
          ? of(result)
          : concat(
              of(result),
              timer(Math.min(maxDelayMs, firstDelayMs * 2 ** attempt), scheduler).pipe(
                mergeMap(() => send(batch, attempt + 1)),
              ),
            ),
      ),
    )
  return samples$.pipe(
    bufferTime(maxBatchMs, scheduler),
    filter((batch) => batch.length > 0),
    concatMap((batch) => send(batch, 0)),
  )
}
