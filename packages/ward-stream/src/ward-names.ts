import * as E from 'fp-ts/lib/Either.js'

import { invalidKey, type InvalidKey } from './ward-error.js'

// A key becomes one NATS subject token and a KV key part: no '.', '*', '>' or whitespace (NATS
// subject syntax, docs.nats.io "Subject-Based Messaging"). Pseudonymous keys only: subjects are
// visible to operators and monitoring, so an NHS number must never be a patient key.
const KEY = /^[A-Za-z0-9_-]{1,64}$/

/** Checks a tenant, patient or device key. */
export function checkKey(field: InvalidKey['field'], value: string): E.Either<InvalidKey, string> {
  return KEY.test(value) ? E.right(value) : E.left(invalidKey(field, value))
}

/**
 * Every stream, subject, consumer and bucket name of one tenant's ward, in one place.
 *
 * | what                | name                                                     |
 * | ------------------- | -------------------------------------------------------- |
 * | samples stream      | `WARD_<tenant>_SAMPLES`: `ward.<tenant>.samples.<partition>.<patientKey>` |
 * | output stream       | `WARD_<tenant>_OUT`: `ward.<tenant>.out.<kind>.<patientKey>` (kind alert, stale, score, summary) |
 * | dead letters        | `WARD_<tenant>_DEAD`: `ward.<tenant>.dead.<partition>`    |
 * | acknowledgements    | `ward.<tenant>.ack.<patientKey>` (reserved for the board, captured by the output stream) |
 * | KV buckets          | `ward_<tenant>_leases`, `_checkpoints`, `_thresholds`, `_workers`, `_config` |
 */
export interface WardNames {
  readonly tenant: string
  readonly samplesStream: string
  readonly outStream: string
  readonly deadStream: string
  samplesSubject(partition: number, patientKey: string): string
  partitionFilter(partition: number): string
  readonly samplesWildcard: string
  outSubject(kind: WardOutputKind, patientKey: string): string
  readonly outWildcard: string
  readonly ackWildcard: string
  ackSubject(patientKey: string): string
  deadSubject(partition: number): string
  readonly deadWildcard: string
  readonly leasesBucket: string
  readonly checkpointsBucket: string
  readonly thresholdsBucket: string
  readonly workersBucket: string
  readonly configBucket: string
  /** Durable consumer of the FHIR writer on the output stream. */
  readonly writerConsumer: string
}

/** Kinds of messages on the output stream. */
export type WardOutputKind = 'alert' | 'stale' | 'score' | 'summary'

/** The names of one tenant's ward. */
export function wardNames(tenant: string): E.Either<InvalidKey, WardNames> {
  return E.map((t: string): WardNames => {
    const up = t.toUpperCase().replace(/-/g, '_')
    return {
      tenant: t,
      samplesStream: `WARD_${up}_SAMPLES`,
      outStream: `WARD_${up}_OUT`,
      deadStream: `WARD_${up}_DEAD`,
      samplesSubject: (p, k) => `ward.${t}.samples.${p}.${k}`,
      partitionFilter: (p) => `ward.${t}.samples.${p}.*`,
      samplesWildcard: `ward.${t}.samples.>`,
      outSubject: (kind, k) => `ward.${t}.out.${kind}.${k}`,
      outWildcard: `ward.${t}.out.>`,
      ackWildcard: `ward.${t}.ack.>`,
      ackSubject: (k) => `ward.${t}.ack.${k}`,
      deadSubject: (p) => `ward.${t}.dead.${p}`,
      deadWildcard: `ward.${t}.dead.>`,
      leasesBucket: `ward_${t}_leases`,
      checkpointsBucket: `ward_${t}_checkpoints`,
      thresholdsBucket: `ward_${t}_thresholds`,
      workersBucket: `ward_${t}_workers`,
      configBucket: `ward_${t}_config`,
      writerConsumer: 'fhir-writer',
    }
  })(checkKey('tenant', tenant))
}
