import { OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'

import { checkKey } from './ward-names.js'
import { invalidMessage, type InvalidMessage } from './ward-error.js'

/** Version of the batch message format (a worker dead-letters versions it does not know). */
export const SAMPLE_BATCH_VERSION = 1

const SampleBatchCodec = t.type({
  v: t.number,
  patientKey: t.string,
  deviceKey: t.string,
  /** Publisher's clock (ms since the epoch) when the batch was sent: latency figures only. */
  sentAtMs: t.number,
  samples: t.array(OximetrySample),
})

/** One message on a samples subject: consecutive samples of one patient from one device. */
export interface SampleBatch {
  readonly v: number
  readonly patientKey: string
  readonly deviceKey: string
  readonly sentAtMs: number
  readonly samples: readonly OximetrySample[]
}

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/** JSON bytes of a batch. */
export function encodeSampleBatch(batch: SampleBatch): Uint8Array {
  return encoder.encode(JSON.stringify(batch))
}

/**
 * The JetStream message id of a batch: patient + device + first and last sample time. A client that
 * re-sends the same batch (retry after a lost ack) gets the same id, and JetStream's duplicate window
 * drops it (JetStream "Message Deduplication", `Nats-Msg-Id`).
 */
export function batchMsgId(batch: Pick<SampleBatch, 'patientKey' | 'deviceKey' | 'samples'>): string {
  const first = batch.samples[0]?.timeMs ?? 0
  const last = batch.samples[batch.samples.length - 1]?.timeMs ?? 0
  return `${batch.patientKey}:${batch.deviceKey}:${first}:${last}:${batch.samples.length}`
}

/** Decodes and checks a batch read from the stream; a typed reason when it is not one. */
export function decodeSampleBatch(bytes: Uint8Array): E.Either<InvalidMessage, SampleBatch> {
  let json: unknown
  try {
    json = JSON.parse(decoder.decode(bytes))
  } catch (e) {
    return E.left(invalidMessage('not-json', `not JSON: ${e instanceof Error ? e.message : String(e)}`))
  }
  if (typeof json === 'object' && json !== null && (json as { v?: unknown }).v !== SAMPLE_BATCH_VERSION)
    return E.left(invalidMessage('unsupported-version', `batch version ${String((json as { v?: unknown }).v)}`))
  const decoded = SampleBatchCodec.decode(json)
  if (E.isLeft(decoded)) {
    const first = decoded.left[0]
    const path =
      first?.context
        .map((c) => c.key)
        .filter((k) => k !== '')
        .join('.') ?? ''
    return E.left(invalidMessage('invalid-batch', `not a sample batch (at ${path === '' ? 'root' : path})`))
  }
  const b = decoded.right
  if (E.isLeft(checkKey('patientKey', b.patientKey)) || E.isLeft(checkKey('deviceKey', b.deviceKey)))
    return E.left(invalidMessage('invalid-batch', 'patientKey or deviceKey is not a valid key'))
  for (const s of b.samples)
    if (!Number.isFinite(s.timeMs)) return E.left(invalidMessage('implausible-time', 'a sample time is not finite'))
  return E.right(b)
}
