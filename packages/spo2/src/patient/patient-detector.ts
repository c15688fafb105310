import { decodeWith, hasUnusableFlag, type OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { NHSE_OXIMETRY_HOME_BANDS } from '../alert-bands.js'
import { checkPatientDetectorOptions, optionsOrThrow } from '../detector-options.js'
import { news2Spo2Score, type News2Spo2Input } from '../news2.js'
import { type GatedSample, qualityGateDetector } from '../quality-gate.js'
import { isPlausibleSpo2 } from '../spo2-value.js'
import { createSustainedBelow, type SustainedBelowEvent } from '../sustained-below.js'
import type { StalenessEvent } from '../staleness.js'
import { thresholdEngine, type ThresholdAlertEvent } from '../threshold-alerts.js'
import { alertKeyOf, type News2Change, type PatientDetectorEvent, STALENESS_RULE } from './patient-event.js'
import {
  PATIENT_SNAPSHOT_VERSIONS,
  PatientDetectorOptionsCodec,
  PatientDetectorSnapshot,
  type PatientDetectorOptions,
} from './patient-snapshot.js'
import {
  type SnapshotError,
  snapshotInconsistent,
  snapshotKindMismatch,
  snapshotVersionUnsupported,
} from './snapshot-error.js'
import { stalenessWatch } from './staleness-watch.js'

/**
 * One patient's detectors as a plain object, usable outside RxJS (a worker that owns many patients,
 * a test, a batch job): push samples, tick the clock, read the events, save and restore the state.
 *
 * @category patient detector
 */
export interface PatientDetector {
  readonly patientKey: string
  /**
   * One sample in; the events it caused out (in stage order: staleness, threshold alerts, sustained
   * low, NEWS2). `arrivalMs` is when it arrived, for staleness; default the sample's own time, which
   * keeps a replay deterministic.
   */
  push(sample: OximetrySample, arrivalMs?: number): readonly PatientDetectorEvent[]
  /** The clock moved to `nowMs` (arrival time): a `stale` event once no valid sample arrived for `staleAfterMs`. */
  tick(nowMs: number): readonly PatientDetectorEvent[]
  /** The input ended for good: a raised sustained-low run is cleared with reason `end-of-data`. */
  finish(): readonly PatientDetectorEvent[]
  /** The whole state as a versioned JSON-safe value; {@link restorePatientDetector} continues from it. */
  snapshot(): PatientDetectorSnapshot
}

const NO_EVENTS: readonly PatientDetectorEvent[] = /* @__PURE__ */ Object.freeze([])

type Stages = Omit<PatientDetectorSnapshot, 'v' | 'kind' | 'options'>

function build(options: PatientDetectorOptions, from: Stages | undefined): PatientDetector {
  const key = options.patientKey
  const gate = options.gate === false ? null : qualityGateDetector(options.gate ?? {}, true, from?.gate ?? undefined)
  const ta = options.thresholdAlerts
  const threshold =
    ta === false
      ? null
      : thresholdEngine({ ...ta, bands: options.bands ?? NHSE_OXIMETRY_HOME_BANDS }, from?.thresholdAlerts ?? undefined)
  const sb = options.sustainedBelow
  const sustained = sb === false ? null : createSustainedBelow(sb ?? {}, from?.sustainedBelow ?? undefined)
  const watch = stalenessWatch(options.staleAfterMs ?? 30_000, from?.staleness)
  const news2Input: News2Spo2Input | null = options.news2 === false ? null : (options.news2 ?? {})
  let lastScore = from?.news2?.lastScore ?? null
  let lastRounded: number | null = null

  let out: PatientDetectorEvent[] = []
  let gated: GatedSample | null = null
  const takeGated = (g: GatedSample): void => {
    gated = g
  }
  const onLevel = (e: ThresholdAlertEvent): void => {
    // The engine alone emits level changes only; staleness is this detector's own watch.
    if (e.type === 'stale' || e.type === 'data-resumed') return
    const alertKey = alertKeyOf(key, e.rule, e.sinceMs)
    out.push({
      id: `${alertKey}/${e.type}:${e.to}`,
      alertKey,
      patientKey: key,
      rule: e.rule,
      startMs: e.sinceMs,
      source: 'threshold-alerts',
      event: e,
    })
  }
  const onSustained = (e: SustainedBelowEvent): void => {
    const alertKey = alertKeyOf(key, e.rule, e.startMs)
    out.push({
      id: `${alertKey}/${e.type}`,
      alertKey,
      patientKey: key,
      rule: e.rule,
      startMs: e.startMs,
      source: 'sustained-below',
      event: e,
    })
  }
  const staleEvent = (event: StalenessEvent): void => {
    const startMs = watch.staleSinceMs() ?? 0
    const alertKey = alertKeyOf(key, STALENESS_RULE, startMs)
    out.push({
      id: `${alertKey}/${event.type}`,
      alertKey,
      patientKey: key,
      rule: STALENESS_RULE,
      startMs,
      source: 'staleness',
      event,
    })
  }
  // Most pushes cause no event: they return one shared empty array instead of a new one each.
  const flush = (): readonly PatientDetectorEvent[] => {
    if (out.length === 0) return NO_EVENTS
    const events = out
    out = []
    return events
  }

  return {
    patientKey: key,
    push(sample, arrivalMs = sample.timeMs) {
      let ruleSample = sample
      let valid: boolean
      if (gate !== null) {
        gate.push(sample, takeGated)
        const g = gated as GatedSample | null
        valid = g !== null && g.rejected === null && g.spo2 !== null
        if (g !== null && g.rejected !== null && sample.spo2 !== null) ruleSample = { ...sample, spo2: null }
      } else {
        valid = !(sample.flags !== undefined && hasUnusableFlag(sample.flags)) && isPlausibleSpo2(sample.spo2)
      }
      if (watch.arrived(arrivalMs, valid ? sample.timeMs : null))
        staleEvent({ type: 'current', atMs: arrivalMs, sample })
      threshold?.push(ruleSample, onLevel)
      sustained?.push(ruleSample, onSustained)
      // The score only changes with the charted (rounded) value, so it is recomputed only then.
      if (news2Input !== null && valid && Math.floor(sample.spo2! + 0.5) !== lastRounded) {
        const score = news2Spo2Score(sample.spo2, news2Input)
        lastRounded = score.spo2
        if (score.score !== lastScore) {
          const event: News2Change = {
            type: 'news2-changed',
            rule: score.rule,
            from: lastScore,
            score,
            atMs: sample.timeMs,
            sample,
          }
          lastScore = score.score
          const alertKey = alertKeyOf(key, score.rule, sample.timeMs)
          out.push({
            id: `${alertKey}/${event.type}`,
            alertKey,
            patientKey: key,
            rule: score.rule,
            startMs: sample.timeMs,
            source: 'news2',
            event,
          })
        }
      }
      return flush()
    },
    tick(nowMs) {
      if (watch.tick(nowMs)) staleEvent({ type: 'stale', atMs: nowMs, lastValidMs: watch.lastValidMs() })
      return flush()
    },
    finish() {
      sustained?.finish?.(onSustained)
      return flush()
    },
    snapshot: () => ({
      v: 1,
      kind: 'patient-detector',
      options: PatientDetectorOptionsCodec.encode(options) as PatientDetectorOptions,
      gate: gate?.snapshot() ?? null,
      thresholdAlerts: threshold?.snapshot() ?? null,
      sustainedBelow: sustained?.snapshot() ?? null,
      staleness: watch.snapshot(),
      news2: news2Input === null ? null : { lastScore },
    }),
  }
}

/**
 * Creates one patient's detector: quality gate → staleness, threshold alerts with the patient's own
 * bands, sustained low and NEWS2 score changes, the same state machines the operators of this
 * package run. Samples the gate rejects reach the rules with `spo2: null` (flags kept), so a rejected
 * reading breaks a run exactly as an invalid one does. Time comes only from the samples and from the
 * `arrivalMs`/`tick` values the caller passes: nothing here reads a clock or starts a timer.
 *
 * An option that would leave a rule silently inert or firing on everything (a non-finite number,
 * inverted bands, a threshold outside (0, 100]) throws `OpenwardError` carrying an `InvalidField`
 * naming it (`sustainedBelow.threshold`); check settings read from data with
 * {@link checkPatientDetectorOptions} first.
 *
 * @example
 * const d = createPatientDetector({ patientKey: 'p1', bands: { normalAtOrAbove: 88, reviewAtOrAbove: 86 } })
 * const events = samples.flatMap((s) => d.push(s))
 * const saved = JSON.stringify(d.snapshot())
 * @category patient detector
 */
export function createPatientDetector(options: PatientDetectorOptions): PatientDetector {
  return build(optionsOrThrow(checkPatientDetectorOptions(options)), undefined)
}

/**
 * Continues a detector from a snapshot (after `JSON.parse`, from a key-value store, in another
 * process): the events from here on equal those of one uninterrupted run. A snapshot that is not
 * one we can read gives a typed {@link SnapshotError}, never a detector with a guessed state.
 *
 * @example
 * const restored = restorePatientDetector(JSON.parse(saved))
 * if (E.isRight(restored)) restored.right.push(nextSample)
 * @category patient detector
 */
export function restorePatientDetector(snapshot: unknown): E.Either<SnapshotError, PatientDetector> {
  const head = typeof snapshot === 'object' && snapshot !== null ? (snapshot as { v?: unknown; kind?: unknown }) : {}
  if (head.kind !== 'patient-detector') return E.left(snapshotKindMismatch(head.kind, 'patient-detector'))
  if (typeof head.v !== 'number' || !PATIENT_SNAPSHOT_VERSIONS.includes(head.v))
    return E.left(snapshotVersionUnsupported(head.v, PATIENT_SNAPSHOT_VERSIONS))
  const decoded = decodeWith(PatientDetectorSnapshot)(snapshot)
  if (E.isLeft(decoded)) return decoded
  const s = decoded.right
  const checked = checkPatientDetectorOptions(s.options)
  if (E.isLeft(checked)) return E.left(snapshotInconsistent('options', checked.left.message))
  const options: PatientDetectorOptions = checked.right
  const stages: [string, boolean, unknown][] = [
    ['gate', options.gate !== false, s.gate],
    ['thresholdAlerts', options.thresholdAlerts !== false, s.thresholdAlerts],
    ['sustainedBelow', options.sustainedBelow !== false, s.sustainedBelow],
    ['news2', options.news2 !== false, s.news2],
  ]
  for (const [stage, on, state] of stages) {
    if (on !== (state !== null))
      return E.left(
        snapshotInconsistent(stage, on ? 'the stage is on but has no state' : 'the stage is off but has a state'),
      )
  }
  return E.right(build(options, s))
}
