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
import { stepInterval, StepIntervalState } from './internal/step-interval.js'
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
  const bands = o.bands ?? NHSE_OXIMETRY_HOME_BANDS
  const rule = o.rule ?? NHSE_OXIMETRY_HOME_RULE
  const persistMs = o.persistMs ?? 15_000
  const k = o.hysteresisPoints ?? 2
  const recoverMs = o.recoverMs ?? 30_000
  const gaps = stepInterval(o.maxGapMs ?? 5_000, from?.interval)
  // The whole-percent top of each worse band (urgent ≤ 92, review ≤ 94 for NHSE); recovery needs top + k.
  const ceilings = [Number.POSITIVE_INFINITY, bands.normalAtOrAbove - 1, bands.reviewAtOrAbove - 1]
  let level = from === undefined ? 0 : ALERT_LEVELS.indexOf(from.level)
  const escStart = [Number.NaN, from?.reviewRunStartMs ?? Number.NaN, from?.urgentRunStartMs ?? Number.NaN]
  let recStart = from?.recoveryStartMs ?? Number.NaN
  let lastMs = from?.lastTimeMs ?? Number.NEGATIVE_INFINITY
  let lastValid: number | null = from?.lastValidMs ?? null
  let valid = false
  let seen = from?.seen ?? 0
  let seenValid = from?.seenValid ?? 0

  const common = (): AlertCommon => {
    const quality = { samples: seen, validSamples: seenValid, invalidFraction: seen > 0 ? 1 - seenValid / seen : 0 }
    seen = seenValid = 0
    return { rule, bands, quality }
  }
  const resetRuns = (): void => {
    escStart[1] = escStart[2] = recStart = Number.NaN
  }
  const bandOf = (v: number): number => (v >= bands.normalAtOrAbove ? 0 : v >= bands.reviewAtOrAbove ? 1 : 2)
  const change = (type: LevelChange['type'], to: number, sinceMs: number, s: OximetrySample, t: number) => {
    const ev: LevelChange = {
      type,
      from: ALERT_LEVELS[level]!,
      to: ALERT_LEVELS[to]!,
      severity: ALERT_LEVELS[to]!,
      atMs: t,
      startMs: sinceMs,
      endMs: null,
      sinceMs,
      nadirSpo2: null,
      nadirMs: null,
      sample: s,
      ...common(),
    }
    level = to
    recStart = Number.NaN
    return ev
  }

  return {
    push(s, emit) {
      const t = s.timeMs
      valid = false
      if (!(t > lastMs)) return // non-finite, duplicate or backwards timestamp: ignored
      seen++
      if (lastMs > Number.NEGATIVE_INFINITY && gaps.isGap(t - lastMs)) resetRuns()
      lastMs = t
      const v = s.spo2
      const flags = s.flags
      const unusable =
        flags !== undefined && (hasUnusableFlag(flags) || (flags.questionable && o.rejectQuestionable !== false))
      if (unusable || !isPlausibleSpo2(v)) return resetRuns()
      valid = true
      seenValid++
      lastValid = t
      const b = bandOf(v)
      for (let x = 1; x <= 2; x++) escStart[x] = b >= x ? (Number.isNaN(escStart[x]!) ? t : escStart[x]!) : Number.NaN
      if (level > 0) recStart = v >= ceilings[level]! + k ? (Number.isNaN(recStart) ? t : recStart) : Number.NaN
      for (let x = 2; x > level; x--) {
        if (!Number.isNaN(escStart[x]!) && t - escStart[x]! >= persistMs)
          return emit(change('escalated', x, escStart[x]!, s, t))
      }
      if (level > 0 && !Number.isNaN(recStart) && t - recStart >= recoverMs)
        emit(change('de-escalated', b, recStart, s, t))
    },
    snapshot: () => ({
      level: ALERT_LEVELS[level]!,
      reviewRunStartMs: toNullable(escStart[1]!),
      urgentRunStartMs: toNullable(escStart[2]!),
      recoveryStartMs: toNullable(recStart),
      lastTimeMs: toNullable(lastMs),
      lastValidMs: lastValid,
      seen,
      seenValid,
      interval: gaps.snapshot(),
    }),
    lastWasValid: () => valid,
    common,
    level: () => ALERT_LEVELS[level]!,
    lastValidMs: () => lastValid,
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
