import { hasUnusableFlag, type OximetrySample } from '@openward/core'
import * as t from 'io-ts'
import type { OperatorFunction } from 'rxjs'

import type { AlertLevel } from './alert-bands.js'
import type { AlertEventFields } from './alert-event.js'
import { checkSustainedBelowOptions, optionsOrThrow } from './detector-options.js'
import { detectorOperator, runDetector, type StatefulDetector } from './internal/detector.js'
import { Count, FiniteNumber, NullableFinite } from './internal/snapshot-codecs.js'
import { type StepInterval, stepInterval, StepIntervalState } from './internal/step-interval.js'
import { type RuleRef, ruleRef } from './rule-ref.js'
import type { SampleQuality } from './sample-quality.js'
import { isPlausibleSpo2 } from './spo2-value.js'

/** The rule set behind {@link sustainedBelow}. @category rule sets */
export const SUSTAINED_BELOW_RULE: RuleRef = ruleRef('openward-sustained-below', '1.1.0')

/** Options of {@link sustainedBelow}. Every default is stated, none is hidden. @category sustained low */
export interface SustainedBelowOptions {
  /** SpO2 (%) at or below which a sample counts as low (inclusive, `≤`). Default 92 (NHS \@home "urgent"). */
  readonly threshold?: number
  /** How long (ms, by the samples' own timestamps) the run must last before it trips. Default 15 000. */
  readonly forMs?: number
  /**
   * A step between consecutive samples longer than this (ms) **and** longer than 1.5 × the stream's own
   * interval (learned from its steps) breaks the run. Default 5 000: a device that sends every 8 s is
   * followed at its own pace, and a 1 Hz device's 6 s dropout still breaks the run.
   */
  readonly maxGapMs?: number
  /** Overrides the rule reference carried by every event (e.g. to name a per-patient rule). */
  readonly rule?: RuleRef
  /** The `severity` every event carries. Default `urgent` (the default 92 % is the NHSE \@home urgent band). */
  readonly severity?: AlertLevel
}

/** A point of the SpO2 curve. @category model */
export interface Spo2Point {
  readonly timeMs: number
  readonly spo2: number
}

/**
 * Why a low run ended. Only `recovered` means the patient's SpO2 was seen above the threshold;
 * every other reason means the run could no longer be followed (no valid data), which is not a recovery.
 *
 * @category sustained low
 */
export type RunEndReason = 'recovered' | 'invalid-value' | 'unusable-flag' | 'gap' | 'time-reversed' | 'end-of-data'

interface SustainedBelowCommon extends AlertEventFields {
  readonly threshold: number
  readonly forMs: number
  /** Time of the first low sample of the run. */
  readonly startMs: number
  /** Time of the sample at which the run had lasted `forMs`. */
  readonly trippedAtMs: number
  readonly nadirSpo2: number
  readonly nadirMs: number
  /**
   * The lowest SpO2 of the run so far (first occurrence).
   * @deprecated Use `nadirSpo2` and `nadirMs`, the names every alert event shares.
   */
  readonly nadir: Spo2Point
  /** Samples seen since the previous event of this stream, and how many were invalid. */
  readonly quality: SampleQuality
}

/** The run has lasted `forMs`: raise the alert. @category sustained low */
export interface SustainedBelowRaised extends SustainedBelowCommon {
  readonly type: 'raised'
  /** Still open. */
  readonly endMs: null
  /** The sample that tripped the rule. */
  readonly sample: OximetrySample
}

/** A raised run ended; see `reason`. @category sustained low */
export interface SustainedBelowCleared extends SustainedBelowCommon {
  readonly type: 'cleared'
  readonly reason: RunEndReason
  /** Time of the sample that ended the run (the last sample's time for `end-of-data`). */
  readonly endMs: number
  /** @deprecated Use `endMs`, the name every alert event shares. */
  readonly clearedAtMs: number
  /** The sample that ended the run; `null` for `end-of-data`. */
  readonly sample: OximetrySample | null
}

/** An event of {@link sustainedBelow}. @category sustained low */
export type SustainedBelowEvent = SustainedBelowRaised | SustainedBelowCleared

interface Run {
  readonly startMs: number
  nadir: Spo2Point
  trippedAtMs: number | null
}

const Spo2PointCodec = /* @__PURE__ */ t.readonly(t.type({ timeMs: FiniteNumber, spo2: FiniteNumber }))

/**
 * The whole state of a sustained-below detector, JSON-safe: part of a patient detector's snapshot.
 *
 * @category snapshots
 */
export const SustainedBelowState = /* @__PURE__ */ t.readonly(
  t.intersection([
    t.type({
      lastTimeMs: NullableFinite,
      run: t.union([
        t.readonly(t.type({ startMs: FiniteNumber, nadir: Spo2PointCodec, trippedAtMs: NullableFinite })),
        t.null,
      ]),
      seen: Count,
      seenValid: Count,
    }),
    // Optional so that snapshots written before the interval was learned still restore (it is relearned).
    t.partial({ interval: StepIntervalState }),
  ]),
  'SustainedBelowState',
)
/** @category snapshots */
export type SustainedBelowState = t.TypeOf<typeof SustainedBelowState>

/** @internal the detector with its state; `from` continues a snapshot. */
export function createSustainedBelow(
  options: SustainedBelowOptions,
  from?: SustainedBelowState,
): StatefulDetector<OximetrySample, SustainedBelowEvent, SustainedBelowState> {
  optionsOrThrow(checkSustainedBelowOptions(options))
  return new SustainedBelowMachine(options, from)
}

/**
 * The detector as a class: its state in its own fields (no sample yet held as NaN: a sample's time is
 * finite once kept) and its methods shared, so a patient's push reaches this one object and its gap
 * learner, and nothing is allocated per sample outside a low run.
 */
class SustainedBelowMachine implements StatefulDetector<OximetrySample, SustainedBelowEvent, SustainedBelowState> {
  private readonly threshold: number
  private readonly forMs: number
  private readonly gaps: StepInterval
  private readonly rule: RuleRef
  private readonly severity: AlertLevel
  private lastTimeMs: number
  private run: Run | null
  private seen: number
  private seenValid: number

  constructor(options: SustainedBelowOptions, from: SustainedBelowState | undefined) {
    this.threshold = options.threshold ?? 92
    this.forMs = options.forMs ?? 15_000
    this.gaps = stepInterval(options.maxGapMs ?? 5_000, from?.interval)
    this.rule = options.rule ?? SUSTAINED_BELOW_RULE
    this.severity = options.severity ?? 'urgent'
    this.lastTimeMs = from?.lastTimeMs ?? Number.NaN
    this.run = from?.run == null ? null : { ...from.run }
    this.seen = from?.seen ?? 0
    this.seenValid = from?.seenValid ?? 0
  }

  private quality(): SampleQuality {
    const seen = this.seen
    const q = { samples: seen, validSamples: this.seenValid, invalidFraction: seen > 0 ? 1 - this.seenValid / seen : 0 }
    this.seen = this.seenValid = 0
    return q
  }

  private end(
    reason: RunEndReason,
    atMs: number,
    sample: OximetrySample | null,
    emit: (e: SustainedBelowEvent) => void,
  ): void {
    const run = this.run
    if (run !== null && run.trippedAtMs !== null) {
      const { startMs, nadir, trippedAtMs } = run
      emit({
        type: 'cleared',
        rule: this.rule,
        severity: this.severity,
        threshold: this.threshold,
        forMs: this.forMs,
        startMs,
        endMs: atMs,
        trippedAtMs,
        nadirSpo2: nadir.spo2,
        nadirMs: nadir.timeMs,
        nadir,
        reason,
        clearedAtMs: atMs,
        sample,
        quality: this.quality(),
      })
    }
    this.run = null
  }

  push(sample: OximetrySample, emit: (e: SustainedBelowEvent) => void): void {
    this.seen++
    const t = sample.timeMs
    const last = this.lastTimeMs
    if (!Number.isFinite(t)) return this.end('invalid-value', Number.isNaN(last) ? 0 : last, sample, emit)
    if (!Number.isNaN(last)) {
      if (t === last) return // duplicate timestamp: the first sample at a time wins
      if (t < last) this.end('time-reversed', t, sample, emit)
      else if (this.gaps.isGap(t - last)) this.end('gap', t, sample, emit)
    }
    this.lastTimeMs = t
    if (sample.flags !== undefined && hasUnusableFlag(sample.flags)) return this.end('unusable-flag', t, sample, emit)
    const spo2 = sample.spo2
    if (!isPlausibleSpo2(spo2)) return this.end('invalid-value', t, sample, emit)
    this.seenValid++
    if (spo2 > this.threshold) return this.end('recovered', t, sample, emit)
    let run = this.run
    if (run === null) {
      run = this.run = { startMs: t, nadir: { timeMs: t, spo2 }, trippedAtMs: null }
    } else if (spo2 < run.nadir.spo2) {
      run.nadir = { timeMs: t, spo2 }
    }
    if (run.trippedAtMs === null && t - run.startMs >= this.forMs) {
      run.trippedAtMs = t
      emit({
        type: 'raised',
        rule: this.rule,
        severity: this.severity,
        threshold: this.threshold,
        forMs: this.forMs,
        startMs: run.startMs,
        endMs: null,
        trippedAtMs: t,
        nadirSpo2: run.nadir.spo2,
        nadirMs: run.nadir.timeMs,
        nadir: run.nadir,
        sample,
        quality: this.quality(),
      })
    }
  }

  finish(emit: (e: SustainedBelowEvent) => void): void {
    this.end('end-of-data', Number.isNaN(this.lastTimeMs) ? 0 : this.lastTimeMs, null, emit)
  }

  snapshot(): SustainedBelowState {
    const run = this.run
    return {
      lastTimeMs: Number.isNaN(this.lastTimeMs) ? null : this.lastTimeMs,
      run: run === null ? null : { ...run },
      seen: this.seen,
      seenValid: this.seenValid,
      interval: this.gaps.snapshot(),
    }
  }
}

/**
 * Raises an alert when SpO2 stays at or below `threshold` for `forMs`, measured by the samples' own
 * timestamps (not arrival time), and clears it when the run ends.
 *
 * Decisions (documented in the README):
 * - The run trips at the first low sample whose time is ≥ `startMs + forMs`; at 1 Hz a 15 s rule
 *   needs the low samples at t, t+1 … t+15.
 * - A null/NaN/impossible SpO2 (see {@link isPlausibleSpo2}), an unusable device flag (finger out,
 *   searching, sensor off), a gap or a timestamp going backwards **breaks** the run: we never claim
 *   "sustained" over time we did not observe. A gap is a step longer than `maxGapMs` and than 1.5 × the
 *   stream's own sampling interval: a slow device's run is followed at its pace (with a fixed 5 s
 *   limit, one sending every 6 s or slower never raised). The `cleared` event then says why.
 * - A sample with the same timestamp as the previous one is ignored (first one wins).
 * - When the source completes during a raised run, a `cleared` event with reason `end-of-data` is emitted.
 * - Bad input never errors the stream; only a source error is forwarded.
 *
 * Time comes only from the samples, so the operator needs no scheduler.
 *
 * @example
 * samples$.pipe(sustainedBelow({ threshold: 92, forMs: 15_000 })).subscribe((e) => console.log(e.type, e.nadir))
 * @category sustained low
 */
export function sustainedBelow(
  options: SustainedBelowOptions = {},
): OperatorFunction<OximetrySample, SustainedBelowEvent> {
  optionsOrThrow(checkSustainedBelowOptions(options))
  return detectorOperator(() => createSustainedBelow(options))
}

/**
 * The batch form of {@link sustainedBelow}: the same events, from an array of samples.
 *
 * @category sustained low
 */
export function detectSustainedBelow(
  samples: Iterable<OximetrySample>,
  options: SustainedBelowOptions = {},
): SustainedBelowEvent[] {
  return runDetector(() => createSustainedBelow(options), samples)
}
