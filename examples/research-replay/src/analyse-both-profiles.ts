import type { OximetrySample } from '@openward/core'
import {
  type AlertSpan,
  alertSpans,
  analyzeRecording,
  detectSustainedBelow,
  type OximetrySummary,
} from '@openward/spo2'

/** Both analyses of one recording, and the sustained-low alerts. */
export interface BothProfiles {
  /** Gap-aware: quality gate, 1 Hz resampling, valid-time denominators. */
  readonly clinical: OximetrySummary
  /** pobm 1.0.5's relative detector reproduced (one row = one second; all-sample denominators). */
  readonly pobm: OximetrySummary
  /** SpO2 ≤ `alertThreshold` % for ≥ `alertSeconds` s. */
  readonly alerts: readonly AlertSpan[]
}

/**
 * Runs `analyzeRecording` in the `clinical` and the `pobm` profile, and the sustained-low detector
 * in its batch form (the same rule the live operator applies).
 */
export function analyseBothProfiles(
  samples: readonly OximetrySample[],
  alertThreshold = 92,
  alertSeconds = 15,
): BothProfiles {
  return {
    clinical: analyzeRecording(samples, { profile: 'clinical' }),
    pobm: analyzeRecording(samples, { profile: 'pobm' }),
    alerts: alertSpans(detectSustainedBelow(samples, { threshold: alertThreshold, forMs: alertSeconds * 1000 })),
  }
}

/** The headline numbers of a summary, the same keys in the JSON and the CSV. */
export function headline(s: OximetrySummary) {
  return {
    rule: `${s.rule.name}@${s.rule.version}`,
    samples: s.samples,
    validSeconds: s.dataQuality.validSeconds,
    coverage: s.dataQuality.coverage,
    odi3: s.odi3,
    odi4: s.odi4,
    events3: s.events3.length,
    events4: s.events4.length,
    ct90: s.ct90,
    ct88: s.ct88,
    ctComparison: s.ctComparison,
    nadir: s.nadir,
    mean: s.mean,
  }
}
