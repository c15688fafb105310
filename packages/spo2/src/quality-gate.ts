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
  return new GateCore(o, from)
}

/**
 * The gate's state as a class: its numbers in its own fields ("none" held as NaN: a kept time or reading
 * is never NaN) and its methods shared, so one object per stream holds it all and a push allocates
 * nothing (a burst of 50 000 patients reaches a few cache lines per sample, not a dozen closures).
 */
class GateCore {
  private readonly minSpo2: number
  private readonly maxSpo2: number
  private readonly maxJump: number
  private readonly lockOnMs: number
  private readonly reattachMs: number
  private readonly rejectQuestionable: boolean
  private readonly rejectMotion: boolean
  private readonly rejectLowPerfusion: boolean
  private lastTimeMs: number
  private lastStepMs: number
  /** NaN: detached (the next valid reading starts a lock-on ramp); −∞: attached since before the first sample. */
  private attachedAtMs: number
  private prevRaw: number
  private lastAccepted: number

  constructor(o: QualityGateOptions, from: QualityGateState | undefined) {
    this.minSpo2 = o.minSpo2 ?? 0
    this.maxSpo2 = o.maxSpo2 ?? 100
    this.maxJump = o.maxJump ?? 10
    this.lockOnMs = o.lockOnMs ?? 5_000
    this.reattachMs = o.reattachAfterMs ?? 10_000
    this.rejectQuestionable = o.rejectQuestionable !== false
    this.rejectMotion = o.rejectMotion === true
    this.rejectLowPerfusion = o.rejectLowPerfusion === true
    this.lastTimeMs = from?.lastTimeMs ?? Number.NEGATIVE_INFINITY
    this.lastStepMs = from?.lastStepMs ?? 0
    this.attachedAtMs =
      from !== undefined
        ? from.attachedFromStart
          ? Number.NEGATIVE_INFINITY
          : (from.attachedAtMs ?? Number.NaN)
        : o.lockOnAtStart === false
          ? Number.NEGATIVE_INFINITY
          : Number.NaN
    this.prevRaw = from?.prevRaw ?? Number.NaN
    this.lastAccepted = from?.lastAccepted ?? Number.NaN
  }

  // The limit is per second of step: a 4 s device's consecutive readings may be 4 × as far apart in a
  // real fall (the overnight record decimated to 4 s drops > 10 points between readings 163 times).
  private jumpLimit(stepMs: number): number {
    return stepMs > 1000 && Number.isFinite(stepMs) ? (this.maxJump * stepMs) / 1000 : this.maxJump
  }

  private judge(v: number | null, f: GateFlags | undefined, t: number, stepMs: number): RejectReason | null {
    if (f !== undefined) {
      if (f.unusable) return 'unusable-flag'
      if (f.questionable && this.rejectQuestionable) return 'questionable'
      if (f.motion && this.rejectMotion) return 'motion'
      if (f.lowPerfusion && this.rejectLowPerfusion) return 'low-perfusion'
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= this.minSpo2 || v > this.maxSpo2) return 'out-of-range'
    if (Number.isNaN(this.attachedAtMs)) this.attachedAtMs = t
    const prevRaw = this.prevRaw
    const jump =
      !Number.isNaN(prevRaw) &&
      Math.abs(v - prevRaw) > this.jumpLimit(stepMs) &&
      (Number.isNaN(this.lastAccepted) || Math.abs(v - this.lastAccepted) > this.jumpLimit(stepMs))
    this.prevRaw = v
    if (t - this.attachedAtMs < this.lockOnMs) return 'lock-on'
    return jump ? 'implausible-jump' : null
  }

  decide(t: number, v: number | null, f: GateFlags | undefined): RejectReason | null {
    const lastTimeMs = this.lastTimeMs
    // NaN, ±Infinity, duplicate or backwards: no place on the time line.
    if (!(t > lastTimeMs) || t === Number.POSITIVE_INFINITY) return 'time-not-increasing'
    const step = t - lastTimeMs
    if (Number.isFinite(lastTimeMs) && step > this.reattachMs && step > 3 * this.lastStepMs) {
      this.attachedAtMs = Number.NaN
      this.prevRaw = Number.NaN
    }
    if (Number.isFinite(lastTimeMs)) this.lastStepMs = step
    this.lastTimeMs = t
    const rejected = this.judge(v, f, t, step)
    if (rejected === 'unusable-flag' || rejected === 'out-of-range') {
      // Detached or no reading: the next valid reading starts a new lock-on ramp.
      this.attachedAtMs = Number.NaN
      this.prevRaw = Number.NaN
    }
    if (rejected === null) this.lastAccepted = v!
    return rejected
  }

  snapshot(): QualityGateState {
    const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x)
    return {
      lastTimeMs: toNullable(this.lastTimeMs),
      lastStepMs: this.lastStepMs,
      attachedAtMs: toNullable(this.attachedAtMs),
      attachedFromStart: this.attachedAtMs === Number.NEGATIVE_INFINITY,
      prevRaw: orNull(this.prevRaw),
      lastAccepted: orNull(this.lastAccepted),
    }
  }
}

/** The flags of the sample being judged: read synchronously by `decide`, so one object serves every gate. */
const scratchFlags: GateFlags = { unusable: false, questionable: false, motion: false, lowPerfusion: false }

/** @internal The gate over samples; `judge` is what a caller that needs only the verdict runs (no output object). */
export class SampleGate extends GateCore implements StatefulDetector<OximetrySample, GatedSample, QualityGateState> {
  /** Why `s` is rejected, or `null` when its SpO2 is accepted; advances the state like `push`. */
  judgeSample(s: OximetrySample): RejectReason | null {
    const f = s.flags
    if (f === undefined) return this.decide(s.timeMs, s.spo2, undefined)
    scratchFlags.unusable = hasUnusableFlag(f)
    scratchFlags.questionable = f.questionable
    scratchFlags.motion = f.motion
    scratchFlags.lowPerfusion = f.lowPerfusion
    return this.decide(s.timeMs, s.spo2, scratchFlags)
  }

  push(s: OximetrySample, emit: (g: GatedSample) => void): void {
    const rejected = this.judgeSample(s)
    emit({ timeMs: s.timeMs, spo2: rejected === null ? s.spo2 : null, rejected, sample: s })
  }
}

function createGate(o: QualityGateOptions, from?: QualityGateState): SampleGate {
  optionsOrThrow(checkQualityGateOptions(o))
  return new SampleGate(o, from)
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
