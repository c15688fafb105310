import { type KV, Kvm } from '@nats-io/kv'
import type { NatsConnection } from '@nats-io/nats-core'
import { type AlertBands, checkAlertBands } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { jsonFromBytes } from './json-bytes.js'
import { checkKey, wardNames } from './ward-names.js'
import { type InvalidOption, invalidOption, natsFailure, type WardError } from './ward-error.js'

/**
 * Sets a patient's own band limits (e.g. COPD target 88–92 %: `{ normalAtOrAbove: 88, reviewAtOrAbove: 86 }`)
 * in the ward's thresholds bucket. Every worker watches the bucket: a patient's first sample published
 * after this resolves is judged by these bands, and a change reaches the patient's running detector
 * from its first sample batch stored after the change (`thresholds-applied` in the log). A patient without an
 * entry gets the NHSE Oximetry \@home bands and a `thresholds-defaulted` warning in the log.
 */
export function setPatientThresholds(
  nc: NatsConnection,
  tenant: string,
  patientKey: string,
  bands: AlertBands,
): TE.TaskEither<WardError, number> {
  const checked = checkAlertBands(bands)
  if (E.isLeft(checked)) return async () => E.left(invalidOption('bands', checked.left.message))
  return writeThresholds(nc, tenant, patientKey, 'setPatientThresholds', (kv) =>
    kv.put(patientKey, JSON.stringify(bands)),
  )
}

/**
 * Removes a patient's own band limits: workers then apply the NHSE Oximetry \@home bands from its first
 * sample batch stored after the removal, with a `thresholds-defaulted` warning. Resolves to the bucket's
 * last revision after the removal.
 */
export function clearPatientThresholds(
  nc: NatsConnection,
  tenant: string,
  patientKey: string,
): TE.TaskEither<WardError, number> {
  return writeThresholds(nc, tenant, patientKey, 'clearPatientThresholds', async (kv) => {
    await kv.delete(patientKey)
    return (await kv.status()).streamInfo.state.last_seq
  })
}

/** Checks the tenant and the patient key, then writes to the ward's thresholds bucket. */
function writeThresholds(
  nc: NatsConnection,
  tenant: string,
  patientKey: string,
  what: string,
  write: (kv: KV) => Promise<number>,
): TE.TaskEither<WardError, number> {
  return async () => {
    const names = wardNames(tenant)
    if (E.isLeft(names)) return names
    const key = checkKey('patientKey', patientKey)
    if (E.isLeft(key)) return key
    try {
      return E.right(await write(await new Kvm(nc).open(names.right.thresholdsBucket)))
    } catch (e) {
      return E.left(natsFailure(what, e))
    }
  }
}

/**
 * A patient's bands as the thresholds bucket holds them (JSON `{ normalAtOrAbove, reviewAtOrAbove }`),
 * checked by `@openward/spo2`'s own rule. The bucket is written by other tools too (an EPR sync, a
 * `nats kv put` by hand), so its bytes are data from elsewhere: text that is not JSON, a missing or
 * non-numeric limit or inverted bands is an `InvalidOption`, never bands a detector is built on.
 */
export function decodePatientBands(bytes: Uint8Array): E.Either<InvalidOption, AlertBands> {
  const json = jsonFromBytes(bytes)
  if (E.isLeft(json)) return E.left(invalidOption('bands', 'the stored thresholds are not JSON'))
  const u = json.right
  if (typeof u !== 'object' || u === null || Array.isArray(u))
    return E.left(invalidOption('bands', 'the stored thresholds are not an object'))
  const { normalAtOrAbove, reviewAtOrAbove } = u as Record<string, unknown>
  const checked = checkAlertBands({ normalAtOrAbove, reviewAtOrAbove } as AlertBands)
  return E.isLeft(checked) ? E.left(invalidOption('bands', checked.left.message)) : E.right(checked.right)
}
