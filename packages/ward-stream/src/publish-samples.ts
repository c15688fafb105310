import type { OximetrySample } from '@openward/core'
import type { JetStreamClient } from '@nats-io/jetstream'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { partitionOf } from './partition.js'
import { batchMsgId, encodeSampleBatch, SAMPLE_BATCH_VERSION, type SampleBatch } from './sample-batch.js'
import { checkKey, wardNames } from './ward-names.js'
import { invalidOption, natsFailure, type WardError } from './ward-error.js'
import type { Clock } from '@openward/core'

/** Where samples go: a ward's tenant and its partition count (fixed when the ward was created). */
export interface WardTarget {
  readonly tenant: string
  /** The ward's partition count (`ensureWard` stores it in the config bucket; see `readWardConfig`). */
  readonly partitions: number
}

/** Options of {@link publishSamples}. */
export interface PublishSamplesOptions {
  /** Largest span of sample time per message (default 5 000 ms: a 1 Hz device sends 5 samples). */
  readonly maxBatchMs?: number
  /** Largest number of samples per message (default 300). */
  readonly maxBatchSamples?: number
  readonly clock?: Clock
}

/** What {@link publishSamples} did. */
export interface PublishReport {
  /** Messages JetStream stored. */
  readonly stored: number
  /** Messages JetStream recognised as re-sends (same message id inside the duplicate window) and dropped. */
  readonly duplicates: number
  /** Stream sequence of the last stored message (0 when none). */
  readonly lastSeq: number
}

/** Splits one patient's samples into batches of at most `maxBatchMs` of sample time and `maxBatchSamples`. */
export function batchSamples(
  samples: readonly OximetrySample[],
  maxBatchMs = 5_000,
  maxBatchSamples = 300,
): OximetrySample[][] {
  const out: OximetrySample[][] = []
  let cur: OximetrySample[] = []
  for (const s of samples) {
    if (cur.length > 0 && (s.timeMs - cur[0]!.timeMs >= maxBatchMs || cur.length >= maxBatchSamples)) {
      out.push(cur)
      cur = []
    }
    cur.push(s)
  }
  if (cur.length > 0) out.push(cur)
  return out
}

/**
 * Publishes one patient's samples from one device to the ward's samples stream, in batches (≤ 5 s of
 * sample time per message by default), on `ward.<tenant>.samples.<partition>.<patientKey>` with a
 * message id of patient + device + sample times, so a retried call stores nothing twice within the
 * stream's duplicate window. Batches of one call go in order on one connection (JetStream keeps
 * publish order per connection). Works in Node and in the browser (any `JetStreamClient`: TCP or
 * WebSocket connection).
 *
 * @example
 * const report = await publishSamples(jetstream(nc), { tenant: 'north', partitions: 16 }, 'p-0001', 'ox-1', samples)()
 */
export function publishSamples(
  js: JetStreamClient,
  target: WardTarget,
  patientKey: string,
  deviceKey: string,
  samples: readonly OximetrySample[],
  options: PublishSamplesOptions = {},
): TE.TaskEither<WardError, PublishReport> {
  return async () => {
    const names = wardNames(target.tenant)
    if (E.isLeft(names)) return names
    const pk = checkKey('patientKey', patientKey)
    if (E.isLeft(pk)) return pk
    const dk = checkKey('deviceKey', deviceKey)
    if (E.isLeft(dk)) return dk
    if (!Number.isInteger(target.partitions) || target.partitions < 1)
      return E.left(invalidOption('partitions', 'must be an integer ≥ 1'))
    const maxBatchMs = options.maxBatchMs ?? 5_000
    if (!(maxBatchMs > 0)) return E.left(invalidOption('maxBatchMs', 'must be > 0'))
    const now = options.clock ?? { now: () => Date.now() }
    const subject = names.right.samplesSubject(partitionOf(patientKey, target.partitions), patientKey)
    const batches = batchSamples(samples, maxBatchMs, options.maxBatchSamples ?? 300)
    try {
      const acks = await Promise.all(
        batches.map((chunk) => {
          const batch: SampleBatch = {
            v: SAMPLE_BATCH_VERSION,
            patientKey,
            deviceKey,
            sentAtMs: now.now(),
            samples: chunk,
          }
          return js.publish(subject, encodeSampleBatch(batch), { msgID: batchMsgId(batch) })
        }),
      )
      let stored = 0
      let duplicates = 0
      let lastSeq = 0
      for (const a of acks) {
        if (a.duplicate) duplicates++
        else stored++
        lastSeq = Math.max(lastSeq, a.seq)
      }
      return E.right({ stored, duplicates, lastSeq })
    } catch (e) {
      return E.left(natsFailure(`publish to ${subject}`, e))
    }
  }
}
