import {
  type AlertBands,
  createPatientDetector,
  type PatientDetector,
  type PatientDetectorEvent,
  type PatientDetectorOptions,
  restorePatientDetector,
} from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'

import type { WardDetector, WardDetectorFactory } from '../ward-detector.js'
import { checkpointUnreadable } from '../ward-error.js'
import type { WardDetectorEvent } from '../ward-output.js'

/** Turns one `@openward/spo2` patient-detector event into the output stream's event. */
export function wardEventOf(e: PatientDetectorEvent): WardDetectorEvent {
  const common = { id: e.id, alertKey: e.alertKey, source: e.source, rule: e.rule, startMs: e.startMs }
  switch (e.source) {
    case 'threshold-alerts': {
      const ev = e.event
      return {
        ...common,
        kind: 'alert',
        type: ev.type,
        atMs: ev.atMs,
        endMs: ev.type === 'de-escalated' ? ev.atMs : null,
        nadir: ev.sample.spo2,
        level: ev.to,
        severity: ev.to,
      }
    }
    case 'sustained-below': {
      const ev = e.event
      return {
        ...common,
        kind: 'alert',
        type: ev.type === 'cleared' ? `cleared:${ev.reason}` : ev.type,
        atMs: ev.type === 'cleared' ? ev.clearedAtMs : ev.trippedAtMs,
        endMs: ev.type === 'cleared' ? ev.clearedAtMs : null,
        nadir: ev.nadir.spo2,
        level: null,
        severity: 'urgent',
      }
    }
    case 'staleness': {
      const ev = e.event
      return {
        ...common,
        kind: 'stale',
        type: ev.type,
        atMs: ev.atMs,
        endMs: null,
        nadir: null,
        level: null,
        severity: 'review',
      }
    }
    case 'news2': {
      const ev = e.event
      return {
        ...common,
        kind: 'score',
        type: `${ev.type}:${ev.score.score}`,
        atMs: ev.atMs,
        endMs: null,
        nadir: ev.sample.spo2,
        level: null,
        severity: 'normal',
      }
    }
  }
}

function wrap(d: PatientDetector): WardDetector {
  return {
    push: (s, arrivalMs) => d.push(s, arrivalMs).map(wardEventOf),
    tick: (now) => d.tick(now).map(wardEventOf),
    snapshot: () => d.snapshot(),
    // The bands are an option, not state (the band machine keeps its level and runs, not the limits),
    // so the same state restored under the new option is this detector with the new bands.
    withBands: (bands) => {
      const snapshot = d.snapshot()
      const rebanded = restorePatientDetector({ ...snapshot, options: { ...snapshot.options, bands } })
      // Cannot fail: the snapshot was just written and the bands passed the same check at decoding.
      if (E.isLeft(rebanded)) throw new Error(`${rebanded.left._tag}: ${rebanded.left.message}`)
      return wrap(rebanded.right)
    },
  }
}

/**
 * The default detectors: `@openward/spo2`'s patient detector (quality gate, staleness, NHSE bands
 * with the patient's own limits, sustained low, NEWS2) with `options` for everything but the key and
 * the bands, which come from the patient.
 */
export function spo2DetectorFactory(
  options: Omit<PatientDetectorOptions, 'patientKey' | 'bands'> = {},
): WardDetectorFactory {
  return {
    create: (patientKey: string, bands: AlertBands) => wrap(createPatientDetector({ ...options, patientKey, bands })),
    restore: (snapshot) =>
      E.bimap(
        (err: { _tag: string; message: string }) => checkpointUnreadable(`${err._tag}: ${err.message}`),
        wrap,
      )(restorePatientDetector(snapshot)),
  }
}
