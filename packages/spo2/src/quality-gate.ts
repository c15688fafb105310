import { hasUnusableFlag, type OximetrySample } from '@openward/core'
import * as t from 'io-ts'
import type { OperatorFunction } from 'rxjs'

import { checkQualityGateOptions, optionsOrThrow } from './detector-options.js'
import { detectorOperator, runDetector, type StatefulDetector } from './internal/detector.js'
import { FiniteNumber, NullableFinite, toNullable } from './internal/snapshot-codecs.js'

/**
 * Why the gate did not accept a sample's SpO2. The sample is still passed on (with `spo2: null`), so
 * nothing is lost silently and downstream can count invalid time.
 *
 * @category quality
 */
export type RejectReason =
  | 'unusable-flag'
  | 'questionable'
  | 'motion'
  | 'low-perfusion'
  | 'out-of-range'
  | 'implausible-jump'
  | 'lock-on'
  | 'time-not-increasing'

/** A sample after the quality gate. @category quality */
export interface GatedSample {
  readonly timeMs: number
  /** The accepted SpO2, or `null` when the sample was rejected or had none. */
  readonly spo2: number | null
  readonly rejected: RejectReason | null
  readonly sample: OximetrySample
}

/** Options of {@link qualityGate}; every default is stated. @category quality */
export interface QualityGateOptions {
  /** Reject `questionable` readings. Default true. */
  readonly rejectQuestionable?: boolean
  /** Reject readings flagged `motion`. Default false (policy: motion readings are often right). */
  readonly rejectMotion?: boolean
  /** Reject readings flagged `lowPerfusion`. Default false. */
  readonly rejectLowPerfusion?: boolean
  /** Lowest accepted SpO2 (exclusive). Default 0: any positive value is kept, low ones included. */
  readonly minSpo2?: number
  /** Highest accepted SpO2 (inclusive). Default 100. */
  readonly maxSpo2?: number
  /**
   * A change larger than this (points) from the previous reading **and** from the last accepted one
   * is an implausible jump. Only the first sample at a new level is rejected: a sustained change is
   * accepted from the next sample on, so a real fall is never dropped. Default 10. The limit is per
   * second of step: readings more than 1 s apart may differ by `maxJump × step (s)` (a 4 s device, 40).
   */
  readonly maxJump?: number
  /** Samples within this many ms after a (re)attachment are the lock-on ramp and rejected. Default 5 000. */
  readonly lockOnMs?: number
  /**
   * No sample for longer than this counts as a detachment (starts a new lock-on). Default 10 000. So that a
   * slow trend source (one value a minute) is not "re-attached" at every sample, the limit is raised to
   * 3 × the previous sample interval when that is longer.
   */
  readonly reattachAfterMs?: number
  /** Apply the lock-on exclusion to the very first samples too. Default true. */
  readonly lockOnAtStart?: boolean
}

/**
 * The whole state of a quality gate, JSON-safe: part of a patient detector's snapshot.
 * `attachedAtMs` is `null` while detached; `attachedFromStart` stands for "attached since before the
 * first sample" (`lockOnAtStart: false`), which the gate holds as −∞ and JSON cannot.
 *
 * @category snapshots
 */
export const QualityGateState = /* @__PURE__ */ t.readonly(
  t.type({
    lastTimeMs: NullableFinite,
    lastStepMs: FiniteNumber,
    attachedAtMs: NullableFinite,
    attachedFromStart: t.boolean,
    prevRaw: NullableFinite,
    lastAccepted: NullableFinite,
  }),
  'QualityGateState',
)
/** @category snapshots */
export type QualityGateState = t.TypeOf<typeof QualityGateState>

/** The flags the gate reads, as booleans (from a `SampleFlags` object or from `SampleColumns` bits). */
export interface GateFlags {
  unusable: boolean
  questionable: boolean
  motion: boolean
  lowPerfusion: boolean
}

/**
 * @internal The gate's state machine over plain values: `decide` judges one reading (time, SpO2 or
 * `null`, flags) and returns why it was rejected, or `null` when accepted. The object gate and the
 * columnar summary both run this one implementation, so they cannot disagree.
 */
export function createGateCore(
  o: QualityGateOptions,
  from?: QualityGateState,
): {
  decide(t: number, v: number | null, f: GateFlags | undefined): RejectReason | null
  snapshot(): QualityGateState
} {
  optionsOrThrow(checkQualityGateOptions(o))
  const minSpo2 = o.minSpo2 ?? 0
  const maxSpo2 = o.maxSpo2 ?? 100
  const maxJump = o.maxJump ?? 10
  // The limit is per second of step: a 4 s device's consecutive readings may be 4 × as far apart in a
  // real fall (the overnight record decimated to 4 s drops > 10 points between readings 163 times).
  const jumpLimit = (stepMs: number): number =>
    stepMs > 1000 && Number.isFinite(stepMs) ? (maxJump * stepMs) / 1000 : maxJump
  const lockOnMs = o.lockOnMs ?? 5_000
  const reattachMs = o.reattachAfterMs ?? 10_000
  let lastTimeMs = from?.lastTimeMs ?? Number.NEGATIVE_INFINITY
  let lastStepMs = from?.lastStepMs ?? 0
  let attachedAtMs: number | null =
    from !== undefined
      ? from.attachedFromStart
        ? Number.NEGATIVE_INFINITY
        : from.attachedAtMs
      : o.lockOnAtStart === false
        ? Number.NEGATIVE_INFINITY
        : null
  let prevRaw: number | null = from?.prevRaw ?? null
  let lastAccepted: number | null = from?.lastAccepted ?? null

  const judge = (v: number | null, f: GateFlags | undefined, t: number, stepMs: number): RejectReason | null => {
    if (f !== undefined) {
      if (f.unusable) return 'unusable-flag'
      if (f.questionable && o.rejectQuestionable !== false) return 'questionable'
      if (f.motion && o.rejectMotion === true) return 'motion'
      if (f.lowPerfusion && o.rejectLowPerfusion === true) return 'low-perfusion'
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= minSpo2 || v > maxSpo2) return 'out-of-range'
    attachedAtMs ??= t
    const jump =
      prevRaw !== null &&
      Math.abs(v - prevRaw) > jumpLimit(stepMs) &&
      (lastAccepted === null || Math.abs(v - lastAccepted) > jumpLimit(stepMs))
    prevRaw = v
    if (t - attachedAtMs < lockOnMs) return 'lock-on'
    return jump ? 'implausible-jump' : null
  }

  return {
    decide(t, v, f) {
      // NaN, ±Infinity, duplicate or backwards: no place on the time line.
      if (!(t > lastTimeMs) || t === Number.POSITIVE_INFINITY) return 'time-not-increasing'
      const step = t - lastTimeMs
      if (Number.isFinite(lastTimeMs) && step > reattachMs && step > 3 * lastStepMs) {
        attachedAtMs = null
        prevRaw = null
      }
      if (Number.isFinite(lastTimeMs)) lastStepMs = step
      lastTimeMs = t
      const rejected = judge(v, f, t, step)
      if (rejected === 'unusable-flag' || rejected === 'out-of-range') {
        // Detached or no reading: the next valid reading starts a new lock-on ramp.
        attachedAtMs = null
        prevRaw = null
      }
      if (rejected === null) lastAccepted = v
      return rejected
    },
    snapshot: () => ({
      lastTimeMs: toNullable(lastTimeMs),
      lastStepMs,
      attachedAtMs: attachedAtMs === null ? null : toNullable(attachedAtMs),
      attachedFromStart: attachedAtMs === Number.NEGATIVE_INFINITY,
      prevRaw,
      lastAccepted,
    }),
  }
}

function createGate(
  o: QualityGateOptions,
  reuseOutput = false,
  from?: QualityGateState,
): StatefulDetector<OximetrySample, GatedSample, QualityGateState> {
  const core = createGateCore(o, from)
  // Inside a fused chain whose next stage copies what it needs, one mutable output object is reused,
  // which saves an allocation per sample; the public operator always emits fresh objects.
  const shared: { -readonly [K in keyof GatedSample]: GatedSample[K] } | null = reuseOutput
    ? { timeMs: 0, spo2: null, rejected: null, sample: null as unknown as OximetrySample }
    : null
  const out = (timeMs: number, spo2: number | null, rejected: RejectReason | null, sample: OximetrySample) => {
    if (shared === null) return { timeMs, spo2, rejected, sample }
    shared.timeMs = timeMs
    shared.spo2 = spo2
    shared.rejected = rejected
    shared.sample = sample
    return shared
  }
  const flags: GateFlags = { unusable: false, questionable: false, motion: false, lowPerfusion: false }
  return {
    push(s, emit) {
      const f = s.flags
      if (f !== undefined) {
        flags.unusable = hasUnusableFlag(f)
        flags.questionable = f.questionable
        flags.motion = f.motion
        flags.lowPerfusion = f.lowPerfusion
      }
      const rejected = core.decide(s.timeMs, s.spo2, f === undefined ? undefined : flags)
      emit(out(s.timeMs, rejected === null ? s.spo2 : null, rejected, s))
    },
    snapshot: core.snapshot,
  }
}

/**
 * The signal-quality gate: marks (does not drop) samples whose SpO2 cannot be used — unusable device
 * status (finger out, searching, sensor off), questionable readings, impossible values (NaN, ≤ 0,
 * > 100), implausible one-sample jumps, the lock-on ramp after each (re)attachment (the first seconds
 * read low, spec §6.5), and timestamps that do not increase. Genuinely low readings are never clamped
 * or dropped. Time comes from the samples, so no scheduler is needed.
 *
 * @example
 * samples$.pipe(qualityGate({ lockOnMs: 5_000 }))
 * @category quality
 */
export function qualityGate(options: QualityGateOptions = {}): OperatorFunction<OximetrySample, GatedSample> {
  optionsOrThrow(checkQualityGateOptions(options))
  return detectorOperator(() => createGate(options))
}

/** The batch form of {@link qualityGate}. @category quality */
export function gateSamples(samples: Iterable<OximetrySample>, options: QualityGateOptions = {}): GatedSample[] {
  return runDetector(() => createGate(options), samples)
}

/** @internal the gate as a detector, for composed pipelines. */
export const qualityGateDetector = createGate
