import { Kvm } from '@nats-io/kv'
import type { NatsConnection } from '@nats-io/nats-core'
import type { AlertBands } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { checkKey, wardNames } from './ward-names.js'
import { invalidOption, natsFailure, type WardError } from './ward-error.js'

/**
 * Sets a patient's own band limits (e.g. COPD target 88–92 %: `{ normalAtOrAbove: 88, reviewAtOrAbove: 86 }`)
 * in the ward's thresholds bucket. Workers read them when they first see the patient; a patient
 * without an entry gets the NHSE Oximetry \@home bands and a `thresholds-defaulted` warning in the log.
 */
export function setPatientThresholds(
  nc: NatsConnection,
  tenant: string,
  patientKey: string,
  bands: AlertBands,
): TE.TaskEither<WardError, number> {
  return async () => {
    const names = wardNames(tenant)
    if (E.isLeft(names)) return names
    const key = checkKey('patientKey', patientKey)
    if (E.isLeft(key)) return key
    const ok = (v: number): boolean => Number.isFinite(v) && v > 0 && v <= 100
    if (!ok(bands.normalAtOrAbove) || !ok(bands.reviewAtOrAbove) || bands.reviewAtOrAbove > bands.normalAtOrAbove)
      return E.left(invalidOption('bands', 'need 0 < reviewAtOrAbove ≤ normalAtOrAbove ≤ 100'))
    try {
      const kv = await new Kvm(nc).open(names.right.thresholdsBucket)
      return E.right(await kv.put(patientKey, JSON.stringify(bands)))
    } catch (e) {
      return E.left(natsFailure('setPatientThresholds', e))
    }
  }
}
