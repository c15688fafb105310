import type { OximetrySample } from '@openward/core'

import type { News2Spo2Score } from '../news2.js'
import { type RuleRef, ruleRef } from '../rule-ref.js'
import type { StalenessEvent } from '../staleness.js'
import type { SustainedBelowEvent } from '../sustained-below.js'
import type { LevelChange } from '../threshold-alerts.js'

/** The staleness rule of the patient detector (ISO 80601-2-61, 201.12.4.101). @category rule sets */
export const STALENESS_RULE: RuleRef = ruleRef('openward-staleness', '1.0.0')

/** The NEWS2 SpO2 sub-score of a patient changed (first valid sample included: `from: null`). @category patient detector */
export interface News2Change {
  readonly type: 'news2-changed'
  readonly rule: RuleRef
  readonly from: News2Spo2Score['score']
  readonly score: News2Spo2Score
  /** Sample time of the sample that changed it. */
  readonly atMs: number
  readonly sample: OximetrySample
}

interface PatientEventCommon {
  /**
   * Deterministic id of this event: `alertKey` + `/` + what happened. Equal samples give equal ids in
   * any worker, before or after a restore, so a store can drop a re-sent event.
   */
  readonly id: string
  /**
   * The episode this event belongs to: `patientKey/rule@version/startMs` (raised and cleared of one
   * run share it; `@openward/fhir`'s alert builder derives its identifier from the same three parts).
   */
  readonly alertKey: string
  readonly patientKey: string
  readonly rule: RuleRef
  /** Start of the episode (ms, sample clock). */
  readonly startMs: number
}

/** One event of a patient detector: which stage produced it, and that stage's own event. @category patient detector */
export type PatientDetectorEvent =
  | (PatientEventCommon & { readonly source: 'threshold-alerts'; readonly event: LevelChange })
  | (PatientEventCommon & { readonly source: 'sustained-below'; readonly event: SustainedBelowEvent })
  | (PatientEventCommon & { readonly source: 'staleness'; readonly event: StalenessEvent })
  | (PatientEventCommon & { readonly source: 'news2'; readonly event: News2Change })

/** @internal `patientKey/rule@version/startMs`, the parts URI-escaped so `/` can separate them. */
export function alertKeyOf(patientKey: string, rule: RuleRef, startMs: number): string {
  return `${encodeURIComponent(patientKey)}/${encodeURIComponent(`${rule.name}@${rule.version}`)}/${startMs}`
}
