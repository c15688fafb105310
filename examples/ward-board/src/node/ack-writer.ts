import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/nats-core'
import { AnyResource, createFhirClient } from '@openward/fhir'
import { silentLogger, type WardLogger, wardNames } from '@openward/ward-stream'
import * as E from 'fp-ts/lib/Either.js'

import type { AlertAck } from '../board-state.js'

/** Identifier system of acknowledgement Tasks: the value is the alert's output id. */
export const ACK_TASK_SYSTEM = 'urn:openward:alert-ack'

/**
 * An acknowledgement as a FHIR R4 Task (https://hl7.org/fhir/R4/task.html): `status` completed,
 * `focus` the alert Observation by its business identifier, `for` the patient, `owner` who
 * acknowledged, `executionPeriod.end` when. The Observation itself is never changed: it is the
 * measurement record, and acknowledging is workflow about it.
 */
export function ackTask(ack: AlertAck): Record<string, unknown> & { resourceType: 'Task' } {
  const at = new Date(ack.atMs).toISOString()
  return {
    resourceType: 'Task',
    identifier: [{ system: ACK_TASK_SYSTEM, value: ack.alertId }],
    status: 'completed',
    intent: 'order',
    code: { text: 'Acknowledge SpO2 alert' },
    description: `Alert ${ack.alertId} acknowledged from the ward board`,
    ...(ack.observationIdentifier === null ? {} : { focus: { identifier: ack.observationIdentifier } }),
    for: { reference: `Patient/${ack.patientKey}` },
    authoredOn: at,
    lastModified: at,
    executionPeriod: { end: at },
    owner: { display: ack.by },
  }
}

/** A running acknowledgement writer. */
export interface AckWriter {
  written(): number
  stop(): Promise<void>
}

/**
 * Reads `ward.<tenant>.ack.*` from the output stream through a durable consumer and records each as
 * a Task with a conditional create (`If-None-Exist: identifier=…`), so a redelivered or repeated
 * acknowledgement is stored once; a message is acked to JetStream only after the FHIR server
 * confirmed, so a FHIR outage delays the record and never loses it.
 */
export async function startAckWriter(
  nc: NatsConnection,
  options: { readonly tenant: string; readonly fhirBaseUrl: string; readonly logger?: WardLogger },
): Promise<AckWriter> {
  const logger = options.logger ?? silentLogger
  const names = wardNames(options.tenant)
  if (E.isLeft(names)) throw new Error(names.left.message)
  const n = names.right
  const durable = 'ack-writer'
  const jsm = await jetstreamManager(nc)
  try {
    await jsm.consumers.info(n.outStream, durable)
  } catch {
    await jsm.consumers.add(n.outStream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: n.ackWildcard,
      ack_wait: 30_000_000_000,
    })
  }
  const consumer = await jetstream(nc).consumers.get(n.outStream, durable)
  const client = createFhirClient({ baseUrl: options.fhirBaseUrl })
  let stopping = false
  let written = 0
  const handle = async (m: JsMsg): Promise<void> => {
    let ack: AlertAck
    try {
      ack = m.json<AlertAck>()
    } catch {
      logger.log('error', 'ack-unreadable', { seq: m.seq, subject: m.subject })
      m.term()
      return
    }
    if (typeof ack.alertId !== 'string' || typeof ack.patientKey !== 'string' || typeof ack.atMs !== 'number') {
      logger.log('error', 'ack-invalid', { seq: m.seq, subject: m.subject })
      m.term()
      return
    }
    const r = await client.createIfNoneExist(AnyResource, ackTask(ack), [
      ['identifier', `${ACK_TASK_SYSTEM}|${ack.alertId}`],
    ])()
    if (E.isRight(r)) {
      await m.ackAck().catch(() => false)
      written++
    } else {
      logger.log('warn', 'ack-fhir-refused', { alertId: ack.alertId, error: r.left._tag, retryInMs: 1_000 })
      m.nak(1_000)
    }
  }
  const loop = (async () => {
    while (!stopping) {
      try {
        const batch = await consumer.fetch({ max_messages: 50, expires: 1_000 })
        for await (const m of batch) await handle(m)
      } catch (e) {
        logger.log('warn', 'ack-fetch-failed', { error: String(e) })
        await new Promise((r) => setTimeout(r, 500))
      }
    }
  })()
  return {
    written: () => written,
    stop: async () => {
      stopping = true
      await loop
    },
  }
}
