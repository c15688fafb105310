import type { OximetrySummary } from '@openward/spo2'

import { type Figure, known, noData } from './figure.js'

/**
 * The SpO2 figures of one summary (a night or an hour), read from `@openward/spo2`'s summary: this
 * file is the one place that knows the summary's shape, so the report never recomputes a figure.
 */
export interface Spo2Figures {
  readonly odi3: Figure
  readonly odi4: Figure
  readonly events3: number
  readonly events4: number
  readonly ct90: Figure
  readonly ct88: Figure
  /** Minutes below 90 % (`<` clinical, `≤` pobm: see the summary's `ctComparison`). */
  readonly t90Minutes: Figure
  readonly nadir: Figure
  readonly mean: Figure
  /** Minutes with a valid SpO2. */
  readonly validMinutes: number
  readonly coverage: number
}

/** Why the summary's desaturation figures (ODI, and with `affects: 'all'` every figure) are missing. */
export function desaturationNoDataReason(summary: OximetrySummary): string | undefined {
  return summary.insufficient?.message
}

/** Why every figure of the summary is missing (no or too little valid SpO2), or undefined. */
export function noDataReason(summary: OximetrySummary): string | undefined {
  return summary.insufficient?.affects === 'all' ? summary.insufficient.message : undefined
}

/** Reads the figures of a summary; a `null` figure becomes `no data` with the summary's reason. */
export function spo2Figures(summary: OximetrySummary): Spo2Figures {
  const reason = summary.insufficient?.message ?? 'not computed'
  const fig = (v: number | null): Figure => (v === null ? noData(reason) : known(v))
  return {
    odi3: fig(summary.odi3),
    odi4: fig(summary.odi4),
    events3: summary.events3.length,
    events4: summary.events4.length,
    ct90: fig(summary.ct90),
    ct88: fig(summary.ct88),
    t90Minutes: fig(summary.t90Minutes),
    nadir: fig(summary.nadir),
    mean: fig(summary.mean),
    validMinutes: summary.dataQuality.validSeconds / 60,
    coverage: summary.dataQuality.coverage,
  }
}
