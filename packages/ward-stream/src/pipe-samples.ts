import type { OximetrySample } from '@openward/core'
import type { JetStreamClient } from '@nats-io/jetstream'
import type * as E from 'fp-ts/lib/Either.js'
import { asyncScheduler, bufferTime, concatMap, filter, type Observable, type SchedulerLike } from 'rxjs'

import { type PublishReport, publishSamples, type WardTarget } from './publish-samples.js'
import type { WardError } from './ward-error.js'

/** Options of {@link pipeSamples}. */
export interface PipeSamplesOptions {
  /** Longest wait (ms, arrival time) before a batch is sent (default 5 000). */
  readonly maxBatchMs?: number
  readonly scheduler?: SchedulerLike
}

/**
 * The gateway helper: an `@openward/oximeter` transport's `samples$` (or any sample stream) into a
 * ward, in batches of at most `maxBatchMs` of arrival time. Emits one report (or typed error) per
 * batch, in order; a failed batch is reported and the next one still goes (retrying a batch with the
 * same samples is safe: its message id is the same).
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
  return samples$.pipe(
    bufferTime(maxBatchMs, options.scheduler ?? asyncScheduler),
    filter((batch) => batch.length > 0),
    concatMap((batch) => publishSamples(js, target, patientKey, deviceKey, batch, { maxBatchMs })()),
  )
}
