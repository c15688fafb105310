import type { AlertLevel } from './alert-bands.js'
import type { AlertEventFields } from './alert-event.js'
import type { RuleRef } from './rule-ref.js'
import type { RunEndReason, SustainedBelowEvent } from './sustained-below.js'

/**
 * One sustained-low alert as a span: raised at `startMs`, ended at `endMs` (`null` while still open).
 * It carries the {@link AlertEventFields}, so it goes to `@openward/fhir`'s `detectorAlertObservation` as it is.
 *
 * @category sustained low
 */
export interface AlertSpan extends Omit<AlertEventFields, 'rule'> {
  /** `name@version` of the rule that raised it (text, as reports print it; `ruleRef` is the structured form). */
  readonly rule: string
  readonly ruleRef: RuleRef
  readonly severity: AlertLevel
  readonly startMs: number
  readonly trippedAtMs: number
  readonly endMs: number | null
  /** Why it ended (`recovered`, `gap`, …); `null` while open. Only `recovered` is a recovery. */
  readonly endReason: RunEndReason | null
  readonly nadirSpo2: number
  readonly nadirMs: number
  /** @deprecated Use `nadirSpo2`, the name every alert event shares. */
  readonly nadir: number
}

/**
 * Pairs each `raised` event with the `cleared` event of the same run (moved here from `@openward/cli`).
 * A run cleared for a reason other than recovery (a gap, unusable data) keeps that reason, so a report
 * never calls lost signal a recovery.
 *
 * @example
 * const spans = alertSpans(detectSustainedBelow(samples))
 * @category sustained low
 */
export function alertSpans(events: readonly SustainedBelowEvent[]): AlertSpan[] {
  const spans: AlertSpan[] = []
  const open = new Map<number, number>()
  for (const e of events) {
    if (e.type === 'raised') {
      open.set(e.startMs, spans.length)
      spans.push({
        rule: `${e.rule.name}@${e.rule.version}`,
        ruleRef: e.rule,
        severity: e.severity,
        startMs: e.startMs,
        trippedAtMs: e.trippedAtMs,
        endMs: null,
        endReason: null,
        nadirSpo2: e.nadirSpo2,
        nadirMs: e.nadirMs,
        nadir: e.nadirSpo2,
      })
      continue
    }
    const index = open.get(e.startMs)
    const span = index === undefined ? undefined : spans[index]
    if (index === undefined || span === undefined) continue
    spans[index] = {
      ...span,
      endMs: e.endMs,
      endReason: e.reason,
      nadirSpo2: e.nadirSpo2,
      nadirMs: e.nadirMs,
      nadir: e.nadirSpo2,
    }
    open.delete(e.startMs)
  }
  return spans
}
