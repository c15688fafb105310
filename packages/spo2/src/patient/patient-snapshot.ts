import * as t from 'io-ts'

import type { AlertBands } from '../alert-bands.js'
import { FiniteNumber } from '../internal/snapshot-codecs.js'
import type { News2Spo2Input } from '../news2.js'
import { QualityGateState, type QualityGateOptions } from '../quality-gate.js'
import { SustainedBelowState, type SustainedBelowOptions } from '../sustained-below.js'
import { ThresholdAlertState, type ThresholdAlertOptions } from '../threshold-alerts.js'
import { StalenessWatchState } from './staleness-watch.js'

/** The format version this package writes; {@link restorePatientDetector} reads these. @category snapshots */
export const PATIENT_SNAPSHOT_VERSIONS: readonly number[] = [1]

/**
 * Options of `createPatientDetector`: one patient's whole per-sample pipeline, every stage optional
 * (`false` turns it off). Everything here is plain data, so it travels inside the snapshot.
 *
 * @category patient detector
 */
export interface PatientDetectorOptions {
  /** The patient's key; part of every event id. */
  readonly patientKey: string
  /** The quality gate's options (default: its defaults); `false` passes samples as they are. */
  readonly gate?: QualityGateOptions | false
  /** This patient's band limits. Default the NHSE \@home bands. */
  readonly bands?: AlertBands
  /** The band state machine's other options; `false` turns the threshold alerts off. */
  readonly thresholdAlerts?: Omit<ThresholdAlertOptions, 'bands' | 'scheduler' | 'staleAfterMs'> | false
  /** Sustained-low options (default threshold 92 for 15 s); `false` turns it off. */
  readonly sustainedBelow?: SustainedBelowOptions | false
  /** No valid sample arrived for this long (ms) → `stale`. Default 30 000 (ISO 80601-2-61). */
  readonly staleAfterMs?: number
  /** NEWS2 SpO2 scale (default scale 1); `false` turns the score changes off. */
  readonly news2?: News2Spo2Input | false
}

const RuleRefCodec = /* @__PURE__ */ t.type({ name: t.string, version: t.string })
const Off = /* @__PURE__ */ t.literal(false)
const GateOptions = /* @__PURE__ */ t.exact(
  t.partial({
    rejectQuestionable: t.boolean,
    rejectMotion: t.boolean,
    rejectLowPerfusion: t.boolean,
    minSpo2: FiniteNumber,
    maxSpo2: FiniteNumber,
    maxJump: FiniteNumber,
    lockOnMs: FiniteNumber,
    reattachAfterMs: FiniteNumber,
    lockOnAtStart: t.boolean,
  }),
)
const ThresholdOptions = /* @__PURE__ */ t.exact(
  t.partial({
    persistMs: FiniteNumber,
    hysteresisPoints: FiniteNumber,
    recoverMs: FiniteNumber,
    maxGapMs: FiniteNumber,
    rejectQuestionable: t.boolean,
    rule: RuleRefCodec,
  }),
)
const SustainedOptions = /* @__PURE__ */ t.exact(
  t.partial({ threshold: FiniteNumber, forMs: FiniteNumber, maxGapMs: FiniteNumber, rule: RuleRefCodec }),
)
const News2Input = /* @__PURE__ */ t.union([
  t.exact(t.type({ scale: t.literal(2), onOxygen: t.boolean })),
  t.exact(t.partial({ scale: t.literal(1), onOxygen: t.boolean })),
])

/** The JSON form of {@link PatientDetectorOptions}; encoding drops fields that are not options. @category snapshots */
export const PatientDetectorOptionsCodec = /* @__PURE__ */ t.exact(
  t.intersection([
    t.type({ patientKey: t.string }),
    t.partial({
      gate: t.union([GateOptions, Off]),
      bands: t.exact(t.type({ normalAtOrAbove: FiniteNumber, reviewAtOrAbove: FiniteNumber })),
      thresholdAlerts: t.union([ThresholdOptions, Off]),
      sustainedBelow: t.union([SustainedOptions, Off]),
      staleAfterMs: FiniteNumber,
      news2: t.union([News2Input, Off]),
    }),
  ]),
  'PatientDetectorOptions',
)

/**
 * A patient detector's whole state, JSON-safe and versioned: `{ v: 1, kind: 'patient-detector', … }`.
 * Each stage's state is `null` exactly when the options turn that stage off.
 *
 * @category snapshots
 */
export const PatientDetectorSnapshot = /* @__PURE__ */ t.readonly(
  t.type({
    v: t.literal(1),
    kind: t.literal('patient-detector'),
    options: PatientDetectorOptionsCodec,
    gate: t.union([QualityGateState, t.null]),
    thresholdAlerts: t.union([ThresholdAlertState, t.null]),
    sustainedBelow: t.union([SustainedBelowState, t.null]),
    staleness: StalenessWatchState,
    news2: t.union([
      t.type({ lastScore: t.union([t.literal(0), t.literal(1), t.literal(2), t.literal(3), t.null]) }),
      t.null,
    ]),
  }),
  'PatientDetectorSnapshot',
)
/** @category snapshots */
export type PatientDetectorSnapshot = t.TypeOf<typeof PatientDetectorSnapshot>
