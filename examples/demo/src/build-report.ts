import type { OximetrySample } from '@openward/core'
import { renderOximetryReportHtml } from '@openward/report'
import { type AlertSpan, analyzeRecording, type OximetrySummary } from '@openward/spo2'

/** Inputs of the demo report. */
export interface DemoReportInput {
  readonly sourceName: string
  readonly samples: readonly OximetrySample[]
  readonly alerts: readonly AlertSpan[]
  readonly alertRule: string
  readonly generatedAt: string
}

const fmt = (n: number | null, digits = 1) => (n === null ? 'n/a' : n.toFixed(digits))

/** Analyses the whole recording (clinical profile) and renders the self-contained HTML report. */
export function buildReport(input: DemoReportInput): { html: string; summary: OximetrySummary } {
  const summary = analyzeRecording(input.samples)
  const first = input.samples[0]
  const last = input.samples[input.samples.length - 1]
  const minutes = first && last ? (last.timeMs - first.timeMs) / 60_000 : 0
  const html = renderOximetryReportHtml({
    title: 'Openward demo: induced-hypoxaemia recording (Masimo Radical-7, 1 Hz)',
    source: [
      `Recording: ${input.sourceName} (UW Ubicomp varied-FiO2 study, MIT licence)`,
      `Start ${first ? new Date(first.timeMs).toISOString() : 'n/a'}, ${minutes.toFixed(1)} min, ${input.samples.length} samples`,
      'Replayed in virtual time through @openward/oximeter → @openward/spo2 → @openward/fhir',
    ],
    spo2: input.samples.map((s) => ({ timeMs: s.timeMs, value: s.spo2 })),
    pulseRate: input.samples.map((s) => ({ timeMs: s.timeMs, value: s.pulseRate })),
    spans: [
      ...input.alerts.map((a) => ({
        startMs: a.startMs,
        endMs: a.endMs,
        label: a.rule,
        kind: 'alert' as const,
        detail: `SpO2 ≤ 92 % for ≥ 15 s; nadir ${a.nadir} %`,
      })),
      ...summary.events4.map((e) => ({
        startMs: e.startMs,
        endMs: e.endMs,
        label: `${e.rule.name}@${e.rule.version}`,
        kind: 'event' as const,
        detail: `−${fmt(e.depth)} points from ${fmt(e.baseline)} %, nadir ${fmt(e.nadir)} %, ${e.durationS} s`,
      })),
    ],
    summary: [
      { label: 'Samples', value: String(input.samples.length) },
      {
        label: 'Valid signal',
        value: `${fmt(summary.dataQuality.coverage * 100)} % of ${summary.dataQuality.totalSeconds} s`,
      },
      { label: 'Nadir SpO2', value: `${fmt(summary.nadir, 0)} %` },
      { label: 'Mean SpO2', value: `${fmt(summary.mean)} %` },
      { label: 'ODI3 / ODI4 (events per hour)', value: `${fmt(summary.odi3)} / ${fmt(summary.odi4)}` },
      {
        label: `CT90 / CT88 (time ${summary.ctComparison} 90 % / 88 %)`,
        value: `${fmt(summary.ct90)} % / ${fmt(summary.ct88)} %`,
      },
      { label: 'Sustained-low alerts (SpO2 ≤ 92 % for 15 s)', value: String(input.alerts.length) },
    ],
    ruleSets: [input.alertRule, `${summary.rule.name}@${summary.rule.version}`],
    dataQuality: [
      `${summary.dataQuality.validSeconds} of ${summary.dataQuality.totalSeconds} seconds carry a valid SpO2 value.`,
      'This recording is an induced-hypoxaemia laboratory study, not sleep: desaturation indices are shown for illustration.',
    ],
    bands: [
      { value: 95, label: '95 % (NHS @home: normal ≥ 95)' },
      { value: 92, label: '92 % (urgent ≤ 92)' },
    ],
    generatedAt: input.generatedAt,
  })
  return { html, summary }
}
