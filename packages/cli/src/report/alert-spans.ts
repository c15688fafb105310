import type { SustainedBelowEvent } from '@openward/spo2'

/** One sustained-low alert as a span: raised at `startMs`, cleared at `endMs` (null while still open). */
export interface AlertSpan {
  /** `name@version` of the rule that raised it. */
  readonly rule: string
  readonly startMs: number
  readonly trippedAtMs: number
  readonly endMs: number | null
  /** Why it ended (`recovered`, `gap`, ...); null while open. */
  readonly endReason: string | null
  readonly nadir: number
}

/**
 * Pairs each `raised` event with the `cleared` event of the same run. A run cleared for a reason
 * other than recovery (a gap, unusable data) keeps that reason, so a report never calls lost signal
 * a recovery.
 */
export function alertSpans(events: readonly SustainedBelowEvent[]): AlertSpan[] {
  const spans: AlertSpan[] = []
  const open = new Map<number, number>()
  for (const e of events) {
    if (e.type === 'raised') {
      open.set(e.startMs, spans.length)
      spans.push({
        rule: `${e.rule.name}@${e.rule.version}`,
        startMs: e.startMs,
        trippedAtMs: e.trippedAtMs,
        endMs: null,
        endReason: null,
        nadir: e.nadir.spo2,
      })
      continue
    }
    const index = open.get(e.startMs)
    const span = index === undefined ? undefined : spans[index]
    if (index === undefined || span === undefined) continue
    spans[index] = { ...span, endMs: e.clearedAtMs, endReason: e.reason, nadir: e.nadir.spo2 }
    open.delete(e.startMs)
  }
  return spans
}
