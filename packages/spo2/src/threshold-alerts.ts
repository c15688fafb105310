import { hasUnusableFlag, type OximetrySample } from '@openward/core'
import * as t from 'io-ts'
import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike } from 'rxjs'

import {
  ALERT_LEVELS,
  type AlertBands,
  type AlertLevel,
  NHSE_OXIMETRY_HOME_BANDS,
  NHSE_OXIMETRY_HOME_RULE,
} from './alert-bands.js'
import type { AlertEventFields } from './alert-event.js'
import type { StatefulDetector } from './internal/detector.js'
import { Count, NullableFinite, toNullable } from './internal/snapshot-codecs.js'
import { checkThresholdAlertOptions, optionsOrThrow } from './detector-options.js'
import { staleTimer } from './internal/stale-timer.js'
import { type StepInterval, stepInterval, StepIntervalState } from './internal/step-interval.js'
import type { RuleRef } from './rule-ref.js'
import type { SampleQuality } from './sample-quality.js'
import { isPlausibleSpo2 } from './spo2-value.js'

/** Options of {@link thresholdAlerts}; every default is stated. @category threshold alerts */
export interface ThresholdAlertOptions {
  /** Band limits; default the NHSE \@home bands (per patient: pass that patient's limits). */
  readonly bands?: AlertBands
  /** Time (ms, by sample timestamps) continuously in a worse band before escalating. Default 15 000. */
  readonly persistMs?: number
  /** De-escalate only at `band upper limit + hysteresisPoints` or better … Default 2 (XCSoar #1836). */
  readonly hysteresisPoints?: number
  /** … held for this long (ms). Default 30 000. */
  readonly recoverMs?: number
  /**
   * A step between samples longer than this (ms) **and** longer than 1.5 × the stream's own interval
   * (learned from its steps) restarts the persistence and recovery timers. Default 5 000. So a device
   * that sends every 8 s is followed at its own pace, and a 1 Hz device's 6 s dropout is still a gap.
   */
  readonly maxGapMs?: number
  /** No valid sample for this long (ms, arrival time on `scheduler`) is a `stale` event. Default 30 000 (ISO 80601-2-61). */
  readonly staleAfterMs?: number
  /** Reject `questionable` readings. Default true. */
  readonly rejectQuestionable?: boolean
  readonly rule?: RuleRef
  readonly scheduler?: SchedulerLike
}

interface AlertCommon {
  readonly rule: RuleRef
  readonly bands: AlertBands
  readonly quality: SampleQuality
}

/**
 * The level changed. As an alert: `severity` is the new level, `startMs` the start of the run that
 * made it fire, and the level holds from then on (`endMs: null`); the band machine does not track a
 * nadir (`nadirSpo2: null`).
 *
 * @category threshold alerts
 */
export interface LevelChange extends AlertCommon, AlertEventFields {
  readonly type: 'escalated' | 'de-escalated'
  readonly from: AlertLevel
  readonly to: AlertLevel
  /** Sample time at which the rule fired. */
  readonly atMs: number
  /** Start of the run (in the worse band, or at the recovery level) that made it fire. */
  readonly startMs: number
  /** @deprecated Use `startMs`, the name every alert event shares. */
  readonly sinceMs: number
  readonly endMs: null
  readonly nadirSpo2: null
  readonly nadirMs: null
  readonly sample: OximetrySample
}

/** No valid sample for `staleAfterMs` (arrival time): the last value is no longer current. @category threshold alerts */
export interface StaleEvent extends AlertCommon {
  readonly type: 'stale'
  /** Scheduler time when staleness was detected. */
  readonly atMs: number
  /** Sample time of the last valid sample; `null` when none has arrived ("no data"). */
  readonly lastValidMs: number | null
  readonly level: AlertLevel
}

/** Valid data arrived again after a `stale` event. @category threshold alerts */
export interface DataResumedEvent extends AlertCommon {
  readonly type: 'data-resumed'
  readonly atMs: number
  readonly sample: OximetrySample
  readonly level: AlertLevel
}

/** An event of {@link thresholdAlerts}. @category threshold alerts */
export type ThresholdAlertEvent = LevelChange | StaleEvent | DataResumedEvent

/**
 * The whole state of the band state machine, JSON-safe: part of a patient detector's snapshot.
 * The `…StartMs` fields are the starts of the runs being timed (`null`: no run).
 *
 * @category snapshots
 */
export const ThresholdAlertState = /* @__PURE__ */ t.readonly(
  t.intersection([
    t.type({
      level: t.keyof({ normal: null, review: null, urgent: null }),
      reviewRunStartMs: NullableFinite,
      urgentRunStartMs: NullableFinite,
      recoveryStartMs: NullableFinite,
      lastTimeMs: NullableFinite,
      lastValidMs: NullableFinite,
      seen: Count,
      seenValid: Count,
    }),
    // Optional so that snapshots written before the interval was learned still restore (it is relearned).
    t.partial({ interval: StepIntervalState }),
  ]),
  'ThresholdAlertState',
)
/** @category snapshots */
export type ThresholdAlertState = t.TypeOf<typeof ThresholdAlertState>

interface Engine extends StatefulDetector<OximetrySample, ThresholdAlertEvent, ThresholdAlertState> {
  /** True when the last pushed sample was valid. */
  lastWasValid(): boolean
  common(): AlertCommon
  level(): AlertLevel
  lastValidMs(): number | null
}

/** @internal the band state machine, pure (time from sample timestamps only). */
export function thresholdEngine(o: ThresholdAlertOptions, from?: ThresholdAlertState): Engine {
  optionsOrThrow(checkThresholdAlertOptions(o))
  return new BandMachine(o, from)
}

/**
 * The band state machine as a class: its numbers in its own fields (runs without a start held as NaN)
 * and its methods shared, so a patient's push reaches this one object and its gap learner, and a burst
 * of 50 000 patients touches a few cache lines per sample instead of a dozen closures and arrays.
 */
class BandMachine implements Engine {
  private readonly bands: AlertBands
  private readonly rule: RuleRef
  private readonly persistMs: number
  private readonly recoverMs: number
  private readonly rejectQuestionable: boolean
  private readonly gaps: StepInterval
  private readonly normalAtOrAbove: number
  private readonly reviewAtOrAbove: number
  // Recovery from review / urgent needs SpO2 ≥ the band's whole-percent top + k (NHSE: 94 + 2, 92 + 2).
  private readonly recoverAt1: number
  private readonly recoverAt2: number
  private lvl: number
  private reviewRunStartMs: number
  private urgentRunStartMs: number
  private recStart: number
  private lastMs: number
  private lastValid: number
  private valid = false
  private seen: number
  private seenValid: number

  constructor(o: ThresholdAlertOptions, from: ThresholdAlertState | undefined) {
    const bands = o.bands ?? NHSE_OXIMETRY_HOME_BANDS
    const k = o.hysteresisPoints ?? 2
    this.bands = bands
    this.rule = o.rule ?? NHSE_OXIMETRY_HOME_RULE
    this.persistMs = o.persistMs ?? 15_000
    this.recoverMs = o.recoverMs ?? 30_000
    this.rejectQuestionable = o.rejectQuestionable !== false
    this.gaps = stepInterval(o.maxGapMs ?? 5_000, from?.interval)
    this.normalAtOrAbove = bands.normalAtOrAbove
    this.reviewAtOrAbove = bands.reviewAtOrAbove
    this.recoverAt1 = bands.normalAtOrAbove - 1 + k
    this.recoverAt2 = bands.reviewAtOrAbove - 1 + k
    this.lvl = from === undefined ? 0 : ALERT_LEVELS.indexOf(from.level)
    this.reviewRunStartMs = from?.reviewRunStartMs ?? Number.NaN
    this.urgentRunStartMs = from?.urgentRunStartMs ?? Number.NaN
    this.recStart = from?.recoveryStartMs ?? Number.NaN
    this.lastMs = from?.lastTimeMs ?? Number.NEGATIVE_INFINITY
    // No valid sample yet is NaN: a valid sample's time is never NaN (`t > lastMs` is false for NaN).
    this.lastValid = from?.lastValidMs ?? Number.NaN
    this.seen = from?.seen ?? 0
    this.seenValid = from?.seenValid ?? 0
  }

  common(): AlertCommon {
    const seen = this.seen
    const quality = {
      samples: seen,
      validSamples: this.seenValid,
      invalidFraction: seen > 0 ? 1 - this.seenValid / seen : 0,
    }
    this.seen = this.seenValid = 0
    return { rule: this.rule, bands: this.bands, quality }
  }

  private resetRuns(): void {
    this.reviewRunStartMs = this.urgentRunStartMs = this.recStart = Number.NaN
  }

  private change(type: LevelChange['type'], to: number, sinceMs: number, s: OximetrySample, t: number): LevelChange {
    const ev: LevelChange = {
      type,
      from: ALERT_LEVELS[this.lvl]!,
      to: ALERT_LEVELS[to]!,
      severity: ALERT_LEVELS[to]!,
      atMs: t,
      startMs: sinceMs,
      endMs: null,
      sinceMs,
      nadirSpo2: null,
      nadirMs: null,
      sample: s,
      ...this.common(),
    }
    this.lvl = to
    this.recStart = Number.NaN
    return ev
  }

  push(s: OximetrySample, emit: (e: ThresholdAlertEvent) => void): void {
    const t = s.timeMs
    this.valid = false
    if (!(t > this.lastMs)) return // non-finite, duplicate or backwards timestamp: ignored
    this.seen++
    if (this.lastMs > Number.NEGATIVE_INFINITY && this.gaps.isGap(t - this.lastMs)) this.resetRuns()
    this.lastMs = t
    const v = s.spo2
    const flags = s.flags
    const unusable = flags !== undefined && (hasUnusableFlag(flags) || (flags.questionable && this.rejectQuestionable))
    if (unusable || !isPlausibleSpo2(v)) return this.resetRuns()
    this.valid = true
    this.seenValid++
    this.lastValid = t
    const b = v >= this.normalAtOrAbove ? 0 : v >= this.reviewAtOrAbove ? 1 : 2
    // A run in a worse band starts at its first sample there and lasts while the band holds.
    this.reviewRunStartMs = b >= 1 ? (Number.isNaN(this.reviewRunStartMs) ? t : this.reviewRunStartMs) : Number.NaN
    this.urgentRunStartMs = b >= 2 ? (Number.isNaN(this.urgentRunStartMs) ? t : this.urgentRunStartMs) : Number.NaN
    const level = this.lvl
    if (level > 0) {
      const recovered = v >= (level === 1 ? this.recoverAt1 : this.recoverAt2)
      this.recStart = recovered ? (Number.isNaN(this.recStart) ? t : this.recStart) : Number.NaN
    }
    // The worst band first, so a fall straight to urgent escalates to urgent, not to review.
    const urgent = this.urgentRunStartMs
    if (level < 2 && !Number.isNaN(urgent) && t - urgent >= this.persistMs)
      return emit(this.change('escalated', 2, urgent, s, t))
    const review = this.reviewRunStartMs
    if (level < 1 && !Number.isNaN(review) && t - review >= this.persistMs)
      return emit(this.change('escalated', 1, review, s, t))
    if (level > 0 && !Number.isNaN(this.recStart) && t - this.recStart >= this.recoverMs)
      emit(this.change('de-escalated', b, this.recStart, s, t))
  }

  snapshot(): ThresholdAlertState {
    return {
      level: ALERT_LEVELS[this.lvl]!,
      reviewRunStartMs: toNullable(this.reviewRunStartMs),
      urgentRunStartMs: toNullable(this.urgentRunStartMs),
      recoveryStartMs: toNullable(this.recStart),
      lastTimeMs: toNullable(this.lastMs),
      lastValidMs: this.lastValidMs(),
      seen: this.seen,
      seenValid: this.seenValid,
      interval: this.gaps.snapshot(),
    }
  }

  lastWasValid(): boolean {
    return this.valid
  }

  level(): AlertLevel {
    return ALERT_LEVELS[this.lvl]!
  }

  lastValidMs(): number | null {
    return Number.isNaN(this.lastValid) ? null : this.lastValid
  }
}

/**
 * Virtual-ward threshold alerts: escalation and de-escalation between the bands `normal`, `review`
 * and `urgent` (default the NHSE Oximetry \@home bands, `nhse-oximetry-home-2022`), with
 *
 * - **persistence**: a worse band must hold for `persistMs` by sample time before escalating (a band
 *   held 14 s does not trip a 15 s rule; 15 s does); levels may be skipped (normal → urgent);
 * - **hysteresis**: de-escalation needs SpO2 ≥ the current band's upper limit + `hysteresisPoints`
 *   for `recoverMs`; the new level is the band of the sample at which recovery completes;
 * - **gaps and invalid samples** (unusable flags, questionable, impossible values) restart the timers
 *   but never change the level: missing data is not a recovery. A gap is a step longer than `maxGapMs`
 *   and than 1.5 × the stream's own sampling interval, so slow devices (one value every 8 s, a minute)
 *   are followed at their own pace instead of never alerting;
 * - **staleness**: when no valid sample has *arrived* for `staleAfterMs` (on `scheduler`), a `stale`
 *   event (ISO 80601-2-61: a value older than 30 s is not current; `lastValidMs: null` = no data at
 *   all), and `data-resumed` when valid data comes back.
 *
 * Duplicate and backwards timestamps are ignored. Bad input never errors the stream.
 *
 * @example
 * samples$.pipe(thresholdAlerts({ bands: { normalAtOrAbove: 88, reviewAtOrAbove: 86 } }))
 * @category threshold alerts
 */
export function thresholdAlerts(
  options: ThresholdAlertOptions = {},
): OperatorFunction<OximetrySample, ThresholdAlertEvent> {
  optionsOrThrow(checkThresholdAlertOptions(options))
  const scheduler = options.scheduler ?? asyncScheduler
  const staleAfterMs = options.staleAfterMs ?? 30_000
  return (source) =>
    new Observable<ThresholdAlertEvent>((subscriber) => {
      const engine = thresholdEngine(options)
      const emit = (e: ThresholdAlertEvent): void => subscriber.next(e)
      const timer = staleTimer(scheduler, staleAfterMs, () =>
        emit({
          type: 'stale',
          atMs: scheduler.now(),
          lastValidMs: engine.lastValidMs(),
          level: engine.level(),
          ...engine.common(),
        }),
      )
      const sub = source.subscribe({
        next: (s) => {
          engine.push(s, emit)
          if (!engine.lastWasValid() || !timer.touch()) return
          emit({ type: 'data-resumed', atMs: scheduler.now(), sample: s, level: engine.level(), ...engine.common() })
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      })
      return () => {
        timer.subscription.unsubscribe()
        sub.unsubscribe()
      }
    })
}

/**
 * The batch form of {@link thresholdAlerts} without staleness (which needs arrival time): the level
 * changes of a recording.
 *
 * @category threshold alerts
 */
export function detectThresholdAlerts(
  samples: Iterable<OximetrySample>,
  options: ThresholdAlertOptions = {},
): LevelChange[] {
  const engine = thresholdEngine(options)
  const out: LevelChange[] = []
  for (const s of samples) engine.push(s, (e) => e.type !== 'stale' && e.type !== 'data-resumed' && out.push(e))
  return out
}
