import { type OximetrySample, setFlagNames } from '@openward/core'
import type { AlertLevel, ThresholdAlertEvent } from '@openward/spo2'

/** Everything the page shows, derived from the connection, the samples and the detector's events. */
export interface MonitorState {
  readonly connection: string
  readonly device: string | null
  readonly spo2: number | null
  readonly pulseRate: number | null
  /** Device flags of the last sample (finger out, low perfusion, …). */
  readonly flags: readonly string[]
  readonly level: AlertLevel
  readonly stale: boolean
  /** Newest first, at most {@link MAX_LOG} lines. */
  readonly log: readonly string[]
}

export const MAX_LOG = 50

export const INITIAL_STATE: MonitorState = {
  connection: 'not connected',
  device: null,
  spo2: null,
  pulseRate: null,
  flags: [],
  level: 'normal',
  stale: false,
  log: [],
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19)
const logged = (state: MonitorState, line: string): readonly string[] => [line, ...state.log].slice(0, MAX_LOG)

/** A new sample: a `null` value stays null on screen (shown as "--"), never the last good number. */
export function withSample(state: MonitorState, s: OximetrySample): MonitorState {
  return { ...state, spo2: s.spo2, pulseRate: s.pulseRate, flags: setFlagNames(s.flags) }
}

/** A detector event from `thresholdAlerts`. */
export function withAlert(state: MonitorState, e: ThresholdAlertEvent): MonitorState {
  switch (e.type) {
    case 'escalated':
    case 'de-escalated':
      return {
        ...state,
        level: e.to,
        log: logged(state, `${clock(e.atMs)} ${e.type} ${e.from} → ${e.to} (SpO2 ${e.sample.spo2 ?? '--'} %)`),
      }
    case 'stale':
      return { ...state, stale: true, log: logged(state, `${clock(e.atMs)} no valid reading: value not current`) }
    case 'data-resumed':
      return { ...state, stale: false, log: logged(state, `${clock(e.atMs)} readings resumed`) }
  }
}

/** A connection state change (`connected`, `reconnecting`, …) or a failure message. */
export function withConnection(state: MonitorState, status: string, device?: string): MonitorState {
  return { ...state, connection: status, ...(device === undefined ? {} : { device }) }
}

/** A change reported by the oximeter's `connection$` after pairing: shown and logged. */
export function withConnectionChange(state: MonitorState, status: string, atMs: number): MonitorState {
  if (status === state.connection) return state
  return { ...withConnection(state, status), log: logged(state, `${clock(atMs)} connection ${status}`) }
}
