import type { OximetrySample } from '@openward/core'
import { type AlertBands, type AlertLevel, alertLevelOf, NHSE_OXIMETRY_HOME_BANDS } from '@openward/spo2'
import type { WardEventOutput, WardOutput, WardSummaryOutput } from '@openward/ward-stream'

import { MinuteRing } from './minute-ring.js'

export type { MinutePoint } from './minute-ring.js'

/** An acknowledgement as the board publishes it on `ward.<tenant>.ack.<patientKey>`. */
export interface AlertAck {
  readonly v: 1
  /** The output id of the alert event acknowledged (the detector's event id). */
  readonly alertId: string
  readonly alertKey: string
  readonly patientKey: string
  /** The alert's FHIR Observation identifier (the writer's `urn:openward:alert` value). */
  readonly observationIdentifier: { readonly system: string; readonly value: string } | null
  /** Who acknowledged (the board's user name). */
  readonly by: string
  /** Board clock, ms since the epoch. */
  readonly atMs: number
}

/** An open alert episode of a patient. */
export interface ActiveAlert {
  readonly output: WardEventOutput
  readonly ack: AlertAck | null
  /** Board clock when the board first saw it (latency measurements). */
  readonly seenAtMs: number
}

/** Everything the board knows about one patient. */
export interface PatientState {
  readonly key: string
  /** Latest sample (any values `null` when the device said "no value"). */
  latest: OximetrySample | null
  /** The patient's own bands, `null` when none is set (NHSE defaults apply, said so on the card). */
  bands: AlertBands | null
  /** Last 60 minutes (preallocated: the board's memory does not grow as the hour fills). */
  readonly minutes: MinuteRing
  /** Open alerts by episode (`alertKey`). */
  readonly alerts: Map<string, ActiveAlert>
  /** Bumped when `alerts` changed (an alert opened, closed or was acknowledged). */
  alertsVersion: number
  /** Bumped on every change: the view redraws a card only when this moved. */
  version: number
}

/** How acute a patient is right now: lower sorts first. */
export type Acuity = number

/** Acks kept while waiting for their alert (an ack and its alert arrive within moments on one stream). */
const PENDING_ACKS_MAX = 1_000

const SEVERITY: Record<AlertLevel, number> = { normal: 0, review: 1, urgent: 2 }

/** The board's model of one ward: pure, no DOM, no NATS (unit-tested on its own). */
export class BoardState {
  readonly patients = new Map<string, PatientState>()
  /** Acks that arrived before their alert (replay order across subjects), by alert id, oldest first. */
  private readonly pendingAcks = new Map<string, AlertAck>()
  /** Bumped whenever any patient changed. */
  version = 0

  constructor(readonly sparklineMinutes = 60) {}

  patient(key: string): PatientState {
    let p = this.patients.get(key)
    if (p === undefined) {
      p = {
        key,
        latest: null,
        bands: null,
        minutes: new MinuteRing(this.sparklineMinutes),
        alerts: new Map(),
        alertsVersion: 0,
        version: 0,
      }
      this.patients.set(key, p)
    }
    return p
  }

  private touch(p: PatientState): void {
    p.version++
    this.version++
  }

  /** Newest sample of a batch (samples never move the display backwards in time). */
  applySamples(patientKey: string, samples: readonly OximetrySample[]): void {
    const last = samples[samples.length - 1]
    if (last === undefined) return
    const p = this.patient(patientKey)
    if (p.latest !== null && last.timeMs <= p.latest.timeMs) return
    p.latest = last
    this.touch(p)
  }

  setBands(patientKey: string, bands: AlertBands | null): void {
    const p = this.patient(patientKey)
    p.bands = bands
    this.touch(p)
  }

  /** One message of the output stream. */
  applyOutput(out: WardOutput, seenAtMs: number): void {
    const p = this.patient(out.patientKey)
    if (out.kind === 'summary') this.applySummary(p, out)
    else if (out.kind === 'alert') this.applyAlert(p, out, seenAtMs)
    // `score` (NEWS2 sub-score) and `stale` (the worker's arrival clock) are not acknowledgeable
    // alerts here: the board shows staleness from its own clock, so a silent worker cannot hide it.
    else return
    this.touch(p)
  }

  private applySummary(p: PatientState, s: WardSummaryOutput): void {
    p.minutes.set(s.minuteStartMs, s.meanSpo2)
  }

  private applyAlert(p: PatientState, out: WardEventOutput, seenAtMs: number): void {
    const e = out.event
    if (e.source === 'threshold-alerts') {
      // The band rule is one level per patient: its newest event replaces any earlier one (an
      // escalation review → urgent starts a new episode key). De-escalated to review still leaves
      // the patient in review, so only a return to normal closes it.
      for (const [k, a] of p.alerts) if (a.output.event.source === 'threshold-alerts') p.alerts.delete(k)
      if (e.severity === 'normal') {
        p.alertsVersion++
        return
      }
    } else if (e.endMs !== null || e.severity === 'normal') {
      // Other rules (sustained low) end their episode with an end time.
      if (p.alerts.delete(e.alertKey)) p.alertsVersion++
      return
    }
    p.alertsVersion++
    const ack = this.pendingAcks.get(out.id) ?? null
    this.pendingAcks.delete(out.id)
    // A new event needs acknowledging again, even within an episode.
    p.alerts.set(e.alertKey, { output: out, ack, seenAtMs })
  }

  /** An acknowledgement from any board (this one included). */
  applyAck(ack: AlertAck): void {
    const p = this.patient(ack.patientKey)
    const a = p.alerts.get(ack.alertKey)
    if (a === undefined || a.output.id !== ack.alertId) {
      // Most of these never find their alert (an ack of an episode that has since closed, or of an
      // earlier event of it): keep only the newest few so a board open for days does not grow.
      this.pendingAcks.set(ack.alertId, ack)
      if (this.pendingAcks.size > PENDING_ACKS_MAX) this.pendingAcks.delete(this.pendingAcks.keys().next().value!)
      return
    }
    if (a.ack !== null) return
    p.alerts.set(ack.alertKey, { ...a, ack })
    p.alertsVersion++
    this.touch(p)
  }

  /** The band of the latest SpO2 under the patient's bands (NHSE when none), `null` when there is no value. */
  static bandOf(p: PatientState): AlertLevel | null {
    const v = p.latest?.spo2
    return v === null || v === undefined ? null : alertLevelOf(v, p.bands ?? NHSE_OXIMETRY_HOME_BANDS)
  }

  /** The band of the last closed minute's mean SpO2 (what the order uses), `null` before the first minute. */
  static minuteBandOf(p: PatientState): AlertLevel | null {
    const v = p.minutes.newestMean()
    return v === null ? null : alertLevelOf(v, p.bands ?? NHSE_OXIMETRY_HOME_BANDS)
  }

  /**
   * Acuity order: unacknowledged alerts (urgent before review), then acknowledged ones, then patients
   * with no reading for `staleAfterMs`, then by the band of the last minute's mean SpO2; ties by key.
   * Not by the latest 1 Hz reading: noisy readings near a limit would move cards every second, and
   * whether a low reading matters is the detector's call (its persistence rules raise the alert).
   */
  static acuity(p: PatientState, nowMs: number, staleAfterMs: number): Acuity {
    let worstOpen = -1
    let worstAcked = -1
    for (const a of p.alerts.values()) {
      const s = SEVERITY[a.output.event.severity]
      if (a.ack === null) worstOpen = Math.max(worstOpen, s)
      else worstAcked = Math.max(worstAcked, s)
    }
    if (worstOpen >= 0) return 10 - worstOpen
    if (worstAcked >= 0) return 20 - worstAcked
    if (p.latest === null || nowMs - p.latest.timeMs > staleAfterMs) return 30
    const band = BoardState.minuteBandOf(p)
    return 40 - (band === null ? 0 : SEVERITY[band])
  }

  /** Patients in acuity order. */
  sorted(nowMs: number, staleAfterMs: number): PatientState[] {
    const rows = [...this.patients.values()].map((p) => ({ p, a: BoardState.acuity(p, nowMs, staleAfterMs) }))
    rows.sort((x, y) => x.a - y.a || (x.p.key < y.p.key ? -1 : x.p.key > y.p.key ? 1 : 0))
    return rows.map((r) => r.p)
  }
}

/** "12 s", "3 min", "2 h": how long ago, for a card. */
export function formatAge(ms: number): string {
  if (ms < 0) ms = 0
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s`
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min`
  return `${Math.floor(ms / 3_600_000)} h`
}
