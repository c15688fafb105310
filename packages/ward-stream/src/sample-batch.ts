import { OximetrySample, SAMPLE_FLAG_NAMES } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'

import { checkKey } from './ward-names.js'
import { invalidMessage, type InvalidMessage } from './ward-error.js'
import { jsonFromBytes } from './json-bytes.js'

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

const CLOCK_SOURCES: ReadonlySet<unknown> = new Set(['host', 'device', 'recording'])
/** io-ts's `UnknownRecord` test. */
const isRecord = (u: unknown): u is Record<string, unknown> => u !== null && typeof u === 'object' && !Array.isArray(u)
const isNumberOrNull = (u: unknown): boolean => u === null || typeof u === 'number'

/**
 * The common shape of a sample, checked by hand: the io-ts codec cost a fifth of a worker's busy time
 * at 20,000 patients. It accepts only what `OximetrySample` accepts (a subset: a sample with `pleth` or
 * with provenance `device`/`averaging` is left to the codec), so a batch it passes is one the codec
 * would return unchanged, and everything else still goes through the codec and its error path.
 */
function isPlainSample(u: unknown): boolean {
  if (!isRecord(u)) return false
  if (typeof u['timeMs'] !== 'number' || !CLOCK_SOURCES.has(u['clock'])) return false
  if (!isNumberOrNull(u['spo2']) || !isNumberOrNull(u['pulseRate'])) return false
  if (u['perfusionIndex'] !== undefined && !isNumberOrNull(u['perfusionIndex'])) return false
  if (u['pleth'] !== undefined) return false
  const flags = u['flags']
  if (!isRecord(flags)) return false
  for (const f of SAMPLE_FLAG_NAMES) if (typeof flags[f] !== 'boolean') return false
  const p = u['provenance']
  return isRecord(p) && typeof p['protocol'] === 'string' && p['device'] === undefined && p['averaging'] === undefined
}

function isPlainBatch(u: unknown): u is SampleBatch {
  if (!isRecord(u)) return false
  if (typeof u['v'] !== 'number' || typeof u['patientKey'] !== 'string' || typeof u['deviceKey'] !== 'string')
    return false
  if (typeof u['sentAtMs'] !== 'number' || !Array.isArray(u['samples'])) return false
  for (const x of u['samples'] as unknown[]) if (!isPlainSample(x)) return false
  return true
}

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
  const parsed = jsonFromBytes(bytes)
  if (E.isLeft(parsed)) return E.left(invalidMessage('not-json', `not JSON: ${parsed.left}`))
  const json = parsed.right
  if (typeof json === 'object' && json !== null && (json as { v?: unknown }).v !== SAMPLE_BATCH_VERSION)
    return E.left(invalidMessage('unsupported-version', `batch version ${String((json as { v?: unknown }).v)}`))
  const decoded: t.Validation<SampleBatch> = isPlainBatch(json) ? E.right(json) : SampleBatchCodec.decode(json)
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
