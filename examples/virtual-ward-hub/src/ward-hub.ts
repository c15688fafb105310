import type { FhirError, FlushReport, Outbox } from '@openward/fhir'
import { OpenwardError } from '@openward/core'
import { checkAlertBands, perPatient, type ThresholdAlertEvent } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'
import {
  asyncScheduler,
  bufferTime,
  concat,
  concatMap,
  connect,
  defer,
  filter,
  from,
  map,
  merge,
  mergeMap,
  type Observable,
  of,
  type SchedulerLike,
  throwError,
} from 'rxjs'

import { type PatientOutput, patientPipeline, type WardAlertOptions } from './patient-pipeline.js'
import { wardResources } from './ward-resources.js'
import type { WardFeed, WardPatient } from './ward-model.js'

/** Options of {@link wardHub}. */
export interface WardHubOptions {
  readonly feeds: readonly WardFeed[]
  /** Where Observations go: a durable outbox (`openFileOutboxStoreOrThrow` from `@openward/fhir/node`) over a transport. */
  readonly outbox: Outbox
  /** Detector options for every patient (default: 15 s persistence, 30 s staleness, NHSE bands per patient). */
  readonly alerts?: WardAlertOptions
  /** Resources are queued in batches at most this far apart (ms on `scheduler`; default 2 000), then uploaded. */
  readonly batchMs?: number
  /** At most one stored reading per device per this many ms (default 1 000); the detector sees every sample. */
  readonly storeEveryMs?: number
  readonly scheduler?: SchedulerLike
}

/** What the hub reports as it runs. */
export type WardEvent =
  | {
      readonly type: 'alert'
      readonly patient: WardPatient
      readonly event: ThresholdAlertEvent
      readonly nadir: number | null
    }
  | { readonly type: 'queued'; readonly resources: number; readonly skipped: readonly string[] }
  | { readonly type: 'uploaded'; readonly report: FlushReport }
  | { readonly type: 'upload-failed'; readonly error: FhirError; readonly waiting: number }

/**
 * The hub: every feed's samples merged into one stream → `perPatient` runs the threshold detector
 * per patient (with that patient's bands) → each sample and each escalation becomes FHIR
 * Observations → batches are appended to the durable outbox *before* anything is sent → the outbox
 * uploads them in order as idempotent transactions.
 *
 * A failed upload leaves everything queued (and on disk, with the file store); the next batch, or
 * the final flush when the feeds complete, retries and first reconciles what may already have
 * arrived, so every Observation reaches the server exactly once. The returned Observable completes
 * after the final flush.
 */
export function wardHub(options: WardHubOptions): Observable<WardEvent> {
  // A patient's bands are checked before any sample flows: bands that cannot be used stop the hub at
  // start with the patient named, instead of failing that patient's detector (and the merged stream)
  // at its first sample mid-shift.
  for (const feed of options.feeds) {
    const bands = feed.patient.bands
    const checked = bands === undefined ? undefined : checkAlertBands(bands)
    if (checked !== undefined && E.isLeft(checked))
      return throwError(
        () =>
          new OpenwardError({
            ...checked.left,
            message: `patient ${feed.patient.nhsNumber} (${feed.deviceId}): ${checked.left.message}`,
          }),
      )
  }
  const scheduler = options.scheduler ?? asyncScheduler
  const { outbox } = options
  const alerts = (outputs$: Observable<PatientOutput>) =>
    outputs$.pipe(
      filter((o) => o.kind === 'alert'),
      map((o): WardEvent => ({ type: 'alert', patient: o.feed.patient, event: o.event, nadir: o.nadir })),
    )
  const upload = (): Observable<WardEvent> =>
    defer(async (): Promise<WardEvent> => {
      const result = await outbox.flush()()
      return E.isRight(result)
        ? { type: 'uploaded', report: result.right }
        : { type: 'upload-failed', error: result.left, waiting: await outbox.size() }
    })
  const stored = (outputs$: Observable<PatientOutput>) =>
    outputs$.pipe(
      map(wardResources(options.storeEveryMs)),
      bufferTime(options.batchMs ?? 2_000, null, 500, scheduler),
      filter((batch) => batch.length > 0),
      // One batch at a time, in order: enqueue (durable) first, then upload.
      concatMap((batch) => {
        const resources = batch.flatMap((r) => r.observations)
        const skipped = batch.flatMap((r) => r.skipped)
        return from(outbox.enqueueOrThrow(resources)).pipe(
          mergeMap(() => concat(of<WardEvent>({ type: 'queued', resources: resources.length, skipped }), upload())),
        )
      }),
    )
  // The final flush retries once more what a failed batch upload left behind.
  const finalFlush = defer(() => from(outbox.size())).pipe(mergeMap((n) => (n > 0 ? upload() : of<WardEvent>())))
  return merge(...options.feeds.map((feed) => feed.samples$.pipe(map((sample) => ({ feed, sample }))))).pipe(
    perPatient((m) => m.feed.patient.nhsNumber, patientPipeline({ ...options.alerts, scheduler }), { scheduler }),
    map((p): PatientOutput => p.event),
    // connect: both branches are subscribed before the first sample flows, so neither misses one.
    connect((outputs$) => merge(alerts(outputs$), concat(stored(outputs$), finalFlush))),
  )
}
