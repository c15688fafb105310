import type { OximetrySample } from '@openward/core'
import {
  NHSE_OXIMETRY_HOME_BANDS,
  type ThresholdAlertEvent,
  type ThresholdAlertOptions,
  thresholdAlerts,
} from '@openward/spo2'
import { connect, map, merge, mergeMap, type Observable, startWith, take, tap } from 'rxjs'

import { recentNadir } from './recent-nadir.js'
import type { WardFeed } from './ward-model.js'

/** A sample tagged with the feed (patient + device) it came from. */
export interface FeedSample {
  readonly feed: WardFeed
  readonly sample: OximetrySample
}

/** What one patient's pipeline emits: every sample (to store) and every alert event (to act on). */
export type PatientOutput =
  | { readonly kind: 'sample'; readonly feed: WardFeed; readonly sample: OximetrySample }
  | {
      readonly kind: 'alert'
      readonly feed: WardFeed
      readonly event: ThresholdAlertEvent
      /** Escalations: lowest valid SpO2 in the run that fired it; otherwise null. */
      readonly nadir: number | null
    }

/** Detector options shared by every patient (bands come from each patient). */
export type WardAlertOptions = Omit<ThresholdAlertOptions, 'bands'>

/**
 * One patient's pipeline for `perPatient`: the threshold detector with *this* patient's bands. The
 * bands are read from the first sample's feed (`perPatient` hands the pipeline only the stream), and
 * that first sample is put back in front, so the detector sees every sample exactly once.
 */
export function patientPipeline(options: WardAlertOptions): (m$: Observable<FeedSample>) => Observable<PatientOutput> {
  return (m$) =>
    m$.pipe(
      connect((shared$) =>
        shared$.pipe(
          take(1),
          mergeMap((first) => {
            const { feed } = first
            const nadir = recentNadir()
            const samples$ = shared$.pipe(
              startWith(first),
              map((m) => m.sample),
            )
            const alerts$ = samples$.pipe(
              tap((s) => nadir.push(s)),
              thresholdAlerts({ ...options, bands: feed.patient.bands ?? NHSE_OXIMETRY_HOME_BANDS }),
              map((event): PatientOutput => ({
                kind: 'alert',
                feed,
                event,
                nadir: event.type === 'escalated' ? nadir.between(event.sinceMs, event.atMs) : null,
              })),
            )
            return merge(samples$.pipe(map((sample): PatientOutput => ({ kind: 'sample', feed, sample }))), alerts$)
          }),
        ),
      ),
    )
}
