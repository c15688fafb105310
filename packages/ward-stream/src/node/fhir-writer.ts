import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/nats-core'
import { createTransport, type FhirTransport, type Observation, writeObservations } from '@openward/fhir'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { wardAlertObservation } from '../alert-observation.js'
import { natsFailure, type WardError } from '../ward-error.js'
import { silentLogger, type WardLogger } from '../ward-logger.js'
import { wardNames } from '../ward-names.js'
import type { WardEventOutput } from '../ward-output.js'

// The server refused the content (a validation failure), not the request: retrying cannot help.
const REFUSED_CONTENT = new Set(['BadRequest', 'Unprocessable'])

/** Options of {@link startWriter}. */
export interface StartWriterOptions {
  readonly tenant: string
  /** FHIR base URL (e.g. the sandbox's), or a transport of your own (auth, retry policy). */
  readonly fhir: string | FhirTransport
  /** Alerts per transaction (default 100). */
  readonly batchSize?: number
  /** A message not acked within this long is delivered again (default 30 000 ms). */
  readonly ackWaitMs?: number
  /** Wait between attempts while the FHIR server refuses writes (default 1 000 ms, doubling to 15 000). */
  readonly retryDelayMs?: number
  readonly logger?: WardLogger
}

/** A running FHIR writer. */
export interface WardWriter {
  /** Alert messages written and acked since start. */
  written(): number
  /** Stop fetching, finish the transaction in flight, ack it, close. */
  drain(): Promise<void>
}

/**
 * The FHIR writer: a durable pull consumer (`fhir-writer`) on the output stream's alerts; each fetched
 * batch is one idempotent transaction (conditional creates on the alert identifier) through
 * `@openward/fhir`, and the messages are acked only after the server confirmed the transaction.
 * At-least-once delivery + idempotent writes = each alert stored exactly once. While the server
 * refuses (503, network), the same batch is retried with backoff and nothing is acked.
 */
export function startWriter(nc: NatsConnection, options: StartWriterOptions): TE.TaskEither<WardError, WardWriter> {
  return async () => {
    const n = wardNames(options.tenant)
    if (E.isLeft(n)) return n
    const names = n.right
    const logger = options.logger ?? silentLogger
    const transport =
      typeof options.fhir === 'string'
        ? createTransport({ baseUrl: options.fhir, retry: { maxRetries: 2, deadlineMs: 10_000 } })
        : options.fhir
    const batchSize = options.batchSize ?? 100
    const js = jetstream(nc)
    try {
      const jsm = await jetstreamManager(nc)
      const cfg = {
        durable_name: names.writerConsumer,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: names.outSubject('alert', '*'),
        ack_wait: (options.ackWaitMs ?? 30_000) * 1_000_000,
        max_ack_pending: 10_000,
      }
      try {
        await jsm.consumers.info(names.outStream, names.writerConsumer)
      } catch {
        await jsm.consumers.add(names.outStream, cfg)
      }
    } catch (e) {
      return E.left(natsFailure('writer consumer', e))
    }
    let consumer: Awaited<ReturnType<typeof js.consumers.get>>
    try {
      consumer = await js.consumers.get(names.outStream, names.writerConsumer)
    } catch (e) {
      return E.left(natsFailure('writer consumer', e))
    }
    let stopping = false
    let written = 0
    const baseDelay = options.retryDelayMs ?? 1_000
    let wake: (() => void) | undefined
    const sleep = (ms: number): Promise<void> =>
      new Promise((resolve) => {
        const t = setTimeout(resolve, ms)
        wake = () => {
          clearTimeout(t)
          resolve()
        }
      })

    const writeBatch = async (msgs: JsMsg[], built?: Observation): Promise<void> => {
      const observations: Observation[] = built === undefined ? [] : [built]
      const good: JsMsg[] = built === undefined ? [] : [...msgs]
      for (const m of built === undefined ? msgs : []) {
        let out: WardEventOutput
        try {
          out = m.json<WardEventOutput>()
        } catch {
          logger.log('error', 'writer-unreadable', { seq: m.seq, subject: m.subject })
          m.term()
          continue
        }
        const obs = wardAlertObservation(out)
        if (E.isLeft(obs)) {
          logger.log('error', 'writer-unbuildable', { seq: m.seq, id: out.id, error: obs.left.message })
          m.term()
          continue
        }
        observations.push(obs.right)
        good.push(m)
      }
      let delay = baseDelay
      for (;;) {
        const res = await writeObservations(transport, observations, { bundleSize: batchSize })()
        if (E.isRight(res)) {
          // Ack only now: the server confirmed every entry (created or already there).
          await Promise.all(good.map((m) => m.ackAck().catch(() => false)))
          written += good.length
          logger.log('debug', 'writer-batch', {
            alerts: good.length,
            created: res.right.created,
            existing: res.right.existing,
          })
          return
        }
        if (REFUSED_CONTENT.has(res.left._tag) && good.length > 1) {
          // The server refuses something in the batch itself: write one by one, so one bad resource
          // neither blocks the others nor gets retried for ever.
          for (const [i, m] of good.entries()) await writeBatch([m], observations[i])
          return
        }
        if (REFUSED_CONTENT.has(res.left._tag)) {
          logger.log('error', 'writer-refused-alert', {
            error: res.left._tag,
            message: res.left.message,
            seq: good[0]?.seq,
          })
          for (const m of good) {
            await js
              .publish(
                `ward.${options.tenant}.dead.writer`,
                JSON.stringify({ _tag: res.left._tag, message: res.left.message, seq: m.seq, subject: m.subject }),
                {
                  msgID: `dead:writer:${m.seq}`,
                },
              )
              .catch(() => undefined)
            m.term()
          }
          return
        }
        logger.log('warn', 'fhir-write-refused', { error: res.left._tag, message: res.left.message, retryInMs: delay })
        // Keep the messages from being redelivered meanwhile; nothing is acked until the server confirms.
        for (const m of good) m.working()
        if (stopping) return // not acked: redelivered after ack_wait, to this or the next writer
        await sleep(delay)
        delay = Math.min(15_000, delay * 2)
      }
    }

    const loop = (async () => {
      while (!stopping) {
        try {
          const batch: JsMsg[] = []
          const iter = await consumer.fetch({ max_messages: batchSize, expires: 1_000 })
          for await (const m of iter) batch.push(m)
          if (batch.length > 0) await writeBatch(batch)
        } catch (e) {
          logger.log('warn', 'writer-fetch-failed', { error: String(e) })
          await sleep(baseDelay)
        }
      }
    })()
    logger.log('info', 'writer-started', { tenant: options.tenant, fhir: transport.baseUrl })
    return E.right({
      written: () => written,
      drain: async () => {
        stopping = true
        wake?.()
        await loop
        logger.log('info', 'writer-drained', { written })
      },
    })
  }
}
