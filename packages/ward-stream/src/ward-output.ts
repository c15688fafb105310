import type { RuleRef } from '@openward/spo2'

/** Version of the output message format. */
export const WARD_OUTPUT_VERSION = 1

/** Kinds of detector events on the output stream. */
export type WardEventKind = 'alert' | 'stale' | 'score'

/** What a detector said about a patient, ready for the output stream (times in ms since the epoch). */
export interface WardDetectorEvent {
  /**
   * `alert`: a clinical rule (threshold bands, sustained low) fired or ended; `stale`: data stopped or
   * came back (arrival time); `score`: the NEWS2 SpO2 sub-score changed.
   */
  readonly kind: WardEventKind
  /** Deterministic id within the tenant (the detector's own event id): replaying the same samples gives the same id. */
  readonly id: string
  /** The episode it belongs to (raised and cleared of one run share it). */
  readonly alertKey: string
  /** Which detector stage: `threshold-alerts`, `sustained-below`, `staleness`, `news2`. */
  readonly source: string
  /** The stage's event type, e.g. `escalated`, `de-escalated`, `raised`, `cleared`, `stale`, `current`, `news2-changed`. */
  readonly type: string
  readonly rule: RuleRef
  /** When it fired: sample time for rules, the worker's clock for staleness. */
  readonly atMs: number
  /** Start of the episode. */
  readonly startMs: number
  /** End of the episode (cleared, de-escalated), `null` while open. */
  readonly endMs: number | null
  /** Lowest SpO2 (%) of the episode, or the SpO2 that fired a level change; `null` when not known. */
  readonly nadir: number | null
  /** Alert level after a level change (`normal`, `review`, `urgent`), else `null`. */
  readonly level: string | null
  /** The band the event stands for (FHIR interpretation LL for `urgent`, L for `review`, N for `normal`). */
  readonly severity: 'normal' | 'review' | 'urgent'
}

interface OutputCommon {
  readonly v: number
  /** Stable id: the JetStream message id and, for alerts, part of the FHIR identifier. */
  readonly id: string
  readonly tenant: string
  readonly patientKey: string
  readonly partition: number
  /** Samples-stream sequence of the batch that produced it. */
  readonly sourceSeq: number
  /** `sentAtMs` of that batch (publisher clock): publish → output latency. */
  readonly sentAtMs: number
  /** Worker clock when it was emitted. */
  readonly emittedAtMs: number
}

/** A detector event on `ward.<tenant>.out.<kind>.<patientKey>`. */
export interface WardEventOutput extends OutputCommon {
  readonly kind: WardEventKind
  readonly event: WardDetectorEvent
}

/** One patient-minute (by sample time) on `ward.<tenant>.out.summary.<patientKey>`: a board's latest values. */
export interface WardSummaryOutput extends OutputCommon {
  readonly kind: 'summary'
  readonly minuteStartMs: number
  readonly samples: number
  readonly validSamples: number
  /** `null` when the minute had no valid SpO2 ("no data" is never a number). */
  readonly minSpo2: number | null
  readonly meanSpo2: number | null
  readonly lastSpo2: number | null
  readonly lastPulseRate: number | null
  readonly lastTimeMs: number
}

/** A message of the output stream. */
export type WardOutput = WardEventOutput | WardSummaryOutput
