import type { OximetrySample } from '@openward/core'
import { renderOximetryReportHtml } from '@openward/report'
import type { DesaturationEvent, OximetrySummary } from '@openward/spo2'

import type { BothProfiles } from './analyse-both-profiles.js'

const f = (n: number | null, d = 1) => (n === null ? 'n/a' : n.toFixed(d))
const both = (label: string, pick: (s: OximetrySummary) => string, r: BothProfiles) => ({
  label,
  value: `clinical ${pick(r.clinical)} · pobm ${pick(r.pobm)}`,
})
const eventSpan = (profile: string) => (e: DesaturationEvent) => ({
  startMs: e.startMs,
  endMs: e.endMs,
  label: `${profile}: ${e.rule.name}@${e.rule.version}`,
  kind: 'event' as const,
  detail: `−${f(e.depth)} points from ${f(e.baseline)} %, nadir ${f(e.nadir)} %, ${e.durationS} s`,
})

/**
 * The HTML report of a research replay: the trace with the clinical profile's 3 % events and the
 * sustained-low alerts drawn, and a summary table that puts the two profiles side by side, so a
 * reader sees how much the choice of method moves the indices.
 */
export function researchReportHtml(
  title: string,
  source: readonly string[],
  samples: readonly OximetrySample[],
  r: BothProfiles,
  generatedAt: string,
): string {
  return renderOximetryReportHtml({
    title,
    source,
    spo2: samples.map((s) => ({ timeMs: s.timeMs, value: s.spo2 })),
    pulseRate: samples.map((s) => ({ timeMs: s.timeMs, value: s.pulseRate })),
    spans: [
      ...r.alerts.map((a) => ({
        startMs: a.startMs,
        endMs: a.endMs,
        label: a.rule,
        kind: 'alert' as const,
        detail: `SpO2 ≤ 92 % for ≥ 15 s; nadir ${a.nadir} %`,
      })),
      ...r.clinical.events3.map(eventSpan('clinical')),
    ],
    summary: [
      both('Seconds analysed (valid)', (s) => `${s.samples} (${s.dataQuality.validSeconds})`, r),
      both('ODI3 (events/h)', (s) => `${f(s.odi3)} (${s.events3.length})`, r),
      both('ODI4 (events/h)', (s) => `${f(s.odi4)} (${s.events4.length})`, r),
      both('CT90 / CT88 (%)', (s) => `${f(s.ct90)} / ${f(s.ct88)} (${s.ctComparison})`, r),
      both('Nadir / mean SpO2 (%)', (s) => `${f(s.nadir, 0)} / ${f(s.mean)}`, r),
      { label: 'Sustained-low alerts (≤ 92 % for 15 s)', value: String(r.alerts.length) },
    ],
    ruleSets: [
      `${r.clinical.rule.name}@${r.clinical.rule.version}`,
      `${r.pobm.rule.name}@${r.pobm.rule.version}`,
      ...new Set([...r.clinical.events3, ...r.pobm.events3].map((e) => `${e.rule.name}@${e.rule.version}`)),
      ...new Set(r.alerts.map((a) => a.rule)),
    ],
    dataQuality: [
      `${r.clinical.dataQuality.validSeconds} of ${r.clinical.dataQuality.totalSeconds} seconds carry a valid SpO2 value.`,
      'Clinical denominators are valid seconds; pobm divides by all samples and assumes 1 Hz (pobm 1.0.5).',
      'The trace marks the clinical profile’s 3 % events; the pobm events are in summary.json.',
    ],
    bands: [
      { value: 95, label: '95 % (NHS @home: normal ≥ 95)' },
      { value: 92, label: '92 % (urgent ≤ 92)' },
    ],
    generatedAt,
  })
}
