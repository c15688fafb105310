import { decodeWith, hasUnusableFlag, type OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { NHSE_OXIMETRY_HOME_BANDS } from '../alert-bands.js'
import { checkPatientDetectorOptions, optionsOrThrow } from '../detector-options.js'
import { news2Spo2Score, type News2Spo2Input, type News2Spo2Score } from '../news2.js'
import { qualityGateDetector, type SampleGate } from '../quality-gate.js'
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
import { type StalenessWatch, stalenessWatch } from './staleness-watch.js'

/**
 * One patient's detectors as an object, usable outside RxJS (a worker that owns many patients,
 * a test, a batch job): push samples, tick the clock, read the events, save and restore the state.
 * Call the methods on the detector (`d.tick(now)`); they are shared by all patients' detectors, not
 * bound to each (to wrap one, write `tick: (now) => d.tick(now)`).
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
  return new Detectors(options, from)
}

/**
 * One patient's stages as a class: each stage is one object with its state in its own fields and the
 * methods are shared, so a push of one of 50 000 patients in a burst reaches a handful of objects and
 * allocates nothing unless an event is emitted (the per-patient state no longer fits in any cache, so
 * every object reached is a memory access).
 */
class Detectors implements PatientDetector {
  readonly patientKey: string
  private readonly options: PatientDetectorOptions
  private readonly gate: SampleGate | null
  private readonly threshold: ReturnType<typeof thresholdEngine> | null
  private readonly sustained: ReturnType<typeof createSustainedBelow> | null
  private readonly watch: StalenessWatch
  private readonly news2Input: News2Spo2Input | null
  private lastScore: News2Spo2Score['score']
  /** The charted (rounded) SpO2 the score was last computed for; NaN: none yet. */
  private lastRounded = Number.NaN
  private out: PatientDetectorEvent[] = []

  constructor(options: PatientDetectorOptions, from: Stages | undefined) {
    this.patientKey = options.patientKey
    this.options = options
    this.gate = options.gate === false ? null : qualityGateDetector(options.gate ?? {}, from?.gate ?? undefined)
    const ta = options.thresholdAlerts
    this.threshold =
      ta === false
        ? null
        : thresholdEngine(
            { ...ta, bands: options.bands ?? NHSE_OXIMETRY_HOME_BANDS },
            from?.thresholdAlerts ?? undefined,
          )
    const sb = options.sustainedBelow
    this.sustained = sb === false ? null : createSustainedBelow(sb ?? {}, from?.sustainedBelow ?? undefined)
    this.watch = stalenessWatch(options.staleAfterMs ?? 30_000, from?.staleness)
    this.news2Input = options.news2 === false ? null : (options.news2 ?? {})
    this.lastScore = from?.news2?.lastScore ?? null
  }

  // Stage callbacks, built once per patient (a push passes them, it does not create them).
  private readonly onLevel = (e: ThresholdAlertEvent): void => {
    // The engine alone emits level changes only; staleness is this detector's own watch.
    if (e.type === 'stale' || e.type === 'data-resumed') return
    const key = this.patientKey
    const alertKey = alertKeyOf(key, e.rule, e.sinceMs)
    this.out.push({
      id: `${alertKey}/${e.type}:${e.to}`,
      alertKey,
      patientKey: key,
      rule: e.rule,
      startMs: e.sinceMs,
      source: 'threshold-alerts',
      event: e,
    })
  }

  private readonly onSustained = (e: SustainedBelowEvent): void => {
    const key = this.patientKey
    const alertKey = alertKeyOf(key, e.rule, e.startMs)
    this.out.push({
      id: `${alertKey}/${e.type}`,
      alertKey,
      patientKey: key,
      rule: e.rule,
      startMs: e.startMs,
      source: 'sustained-below',
      event: e,
    })
  }

  private staleEvent(event: StalenessEvent): void {
    const key = this.patientKey
    const startMs = this.watch.staleSinceMs() ?? 0
    const alertKey = alertKeyOf(key, STALENESS_RULE, startMs)
    this.out.push({
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
  private flush(): readonly PatientDetectorEvent[] {
    if (this.out.length === 0) return NO_EVENTS
    const events = this.out
    this.out = []
    return events
  }

  push(sample: OximetrySample, arrivalMs = sample.timeMs): readonly PatientDetectorEvent[] {
    let ruleSample = sample
    let valid: boolean
    const gate = this.gate
    if (gate !== null) {
      // The gate's verdict alone (no output object): a rejected reading reaches the rules as `spo2: null`.
      const rejected = gate.judgeSample(sample)
      valid = rejected === null && sample.spo2 !== null
      if (rejected !== null && sample.spo2 !== null) ruleSample = { ...sample, spo2: null }
    } else {
      valid = !(sample.flags !== undefined && hasUnusableFlag(sample.flags)) && isPlausibleSpo2(sample.spo2)
    }
    if (this.watch.arrived(arrivalMs, valid ? sample.timeMs : null))
      this.staleEvent({ type: 'current', atMs: arrivalMs, sample })
    this.threshold?.push(ruleSample, this.onLevel)
    this.sustained?.push(ruleSample, this.onSustained)
    // The score only changes with the charted (rounded) value, so it is recomputed only then.
    const news2Input = this.news2Input
    if (news2Input !== null && valid && Math.floor(sample.spo2! + 0.5) !== this.lastRounded) {
      const score = news2Spo2Score(sample.spo2, news2Input)
      this.lastRounded = score.spo2!
      if (score.score !== this.lastScore) {
        const event: News2Change = {
          type: 'news2-changed',
          rule: score.rule,
          from: this.lastScore,
          score,
          atMs: sample.timeMs,
          sample,
        }
        this.lastScore = score.score
        const key = this.patientKey
        const alertKey = alertKeyOf(key, score.rule, sample.timeMs)
        this.out.push({
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
    return this.flush()
  }

  tick(nowMs: number): readonly PatientDetectorEvent[] {
    if (this.watch.tick(nowMs)) this.staleEvent({ type: 'stale', atMs: nowMs, lastValidMs: this.watch.lastValidMs() })
    return this.flush()
  }

  finish(): readonly PatientDetectorEvent[] {
    this.sustained?.finish?.(this.onSustained)
    return this.flush()
  }

  snapshot(): PatientDetectorSnapshot {
    return {
      v: 1,
      kind: 'patient-detector',
      options: PatientDetectorOptionsCodec.encode(this.options) as PatientDetectorOptions,
      gate: this.gate?.snapshot() ?? null,
      thresholdAlerts: this.threshold?.snapshot() ?? null,
      sustainedBelow: this.sustained?.snapshot() ?? null,
      staleness: this.watch.snapshot(),
      news2: this.news2Input === null ? null : { lastScore: this.lastScore },
    }
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
