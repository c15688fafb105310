import type { OximetrySample } from '@openward/core'
import type { AlertBands } from '@openward/spo2'
import type { Observable } from 'rxjs'

/** A patient on the virtual ward. */
export interface WardPatient {
  /** 10-digit NHS number: the Observations' subject and the hub's patient key. */
  readonly nhsNumber: string
  readonly name: string
  /** This patient's SpO2 bands (e.g. a COPD target of 88–92 %); default the NHSE @home bands. */
  readonly bands?: AlertBands
}

/** One oximeter assigned to one patient: a live connection's `samples$`, or a replay. */
export interface WardFeed {
  readonly patient: WardPatient
  /** Stable device key used in the Observations' business identifiers (serial number, port, …). */
  readonly deviceId: string
  readonly samples$: Observable<OximetrySample>
}
