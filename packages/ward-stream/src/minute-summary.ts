import type { OximetrySample } from '@openward/core'

/** One patient-minute by sample time, as it accumulates (JSON-safe: part of a worker's checkpoint). */
export interface MinuteTally {
  /** Start of the minute, ms since the epoch (a multiple of 60 000). */
  readonly startMs: number
  samples: number
  /** Samples with an SpO2 value. */
  valid: number
  /** Lowest SpO2 (%), `null` while no valid sample. */
  min: number | null
  /** Sum of the valid SpO2 values (for the mean). */
  sum: number
  lastSpo2: number | null
  lastPulseRate: number | null
  lastTimeMs: number
}

/** A patient's summaries in progress: the open minute and a finished one waiting for its emission time. */
export interface MinuteSummaryState {
  /** The minute the samples are in, `null` before the first sample. */
  open: MinuteTally | null
  /** A minute that is over but not emitted yet (its emission is staggered), else `null`. */
  closed: MinuteTally | null
}

export const MINUTE_MS = 60_000

export const emptyMinuteSummaries = (): MinuteSummaryState => ({ open: null, closed: null })

/**
 * Adds one sample to a patient's minute summaries; returns the finished minutes to emit now, oldest
 * first (usually none, at most two).
 *
 * A minute's content is its samples by sample time (minute-aligned, deterministic). When it is
 * *emitted* is staggered: at the patient's first sample at or after `minute end + emitDelayMs`, where
 * `emitDelayMs` is the patient's own phase (see `phaseOf`); every patient of a ward crosses a minute
 * boundary at the same instant, and emitting all their summaries then was a burst of one output per
 * patient in one second. A finished minute is emitted earlier when the next one finishes too (a gap in
 * the data longer than the delay), so no minute is ever skipped and the order stays by minute.
 * Emission depends on the samples and the delay only: a replay from a checkpoint emits the same
 * minutes at the same samples. A sample at or before the last one is ignored (a duplicate or out of
 * order: the detectors ignore it too). `emitDelayMs` 0 emits at the first sample of the next minute.
 */
export function pushMinuteSample(
  state: MinuteSummaryState,
  sample: OximetrySample,
  emitDelayMs: number,
): readonly MinuteTally[] {
  const { open } = state
  if (open !== null && sample.timeMs <= open.lastTimeMs) return []
  const startMs = Math.floor(sample.timeMs / MINUTE_MS) * MINUTE_MS
  let emit: MinuteTally[] | undefined
  if (open !== null && open.startMs !== startMs) {
    if (state.closed !== null) emit = [state.closed]
    state.closed = open
    state.open = null
  }
  const closed = state.closed
  if (closed !== null && sample.timeMs >= closed.startMs + MINUTE_MS + emitDelayMs) {
    ;(emit ??= []).push(closed)
    state.closed = null
  }
  const m: MinuteTally = state.open ?? {
    startMs,
    samples: 0,
    valid: 0,
    min: null,
    sum: 0,
    lastSpo2: null,
    lastPulseRate: null,
    lastTimeMs: 0,
  }
  m.samples++
  if (sample.spo2 !== null) {
    m.valid++
    m.sum += sample.spo2
    m.min = m.min === null ? sample.spo2 : Math.min(m.min, sample.spo2)
  }
  m.lastSpo2 = sample.spo2
  m.lastPulseRate = sample.pulseRate
  m.lastTimeMs = sample.timeMs
  state.open = m
  return emit ?? []
}
