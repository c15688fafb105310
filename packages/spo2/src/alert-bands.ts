import { type RuleRef, ruleRef } from './rule-ref.js'

/** The NHS England COVID Oximetry \@home bands, used by respiratory virtual wards. @category rule sets */
export const NHSE_OXIMETRY_HOME_RULE: RuleRef = ruleRef('nhse-oximetry-home-2022', '1.1.0')

/** An alert level, from best to worst. @category threshold alerts */
export type AlertLevel = 'normal' | 'review' | 'urgent'

/** Order of the levels (index = severity). @category threshold alerts */
export const ALERT_LEVELS: readonly AlertLevel[] = ['normal', 'review', 'urgent']

/**
 * Band limits (SpO2 %, inclusive lower bounds of the better bands): `normal` at or above
 * `normalAtOrAbove`, `review` at or above `reviewAtOrAbove`, `urgent` below. Lower bounds make a
 * fractional value fall in the worse band (94.5 is review, 92.5 urgent), the safe side. Per-patient
 * values go here, e.g. a COPD patient with a target of 88–92 %: `{ normalAtOrAbove: 88, reviewAtOrAbove: 86 }`.
 *
 * @category threshold alerts
 */
export interface AlertBands {
  readonly normalAtOrAbove: number
  readonly reviewAtOrAbove: number
}

/**
 * NHSE COVID Oximetry \@home (SOP v1.3, 19 Jul 2022): ≥ 95 % normal, 93–94 % clinical review the same
 * day, ≤ 92 % urgent.
 *
 * @category threshold alerts
 */
export const NHSE_OXIMETRY_HOME_BANDS: AlertBands = /* @__PURE__ */ Object.freeze({
  normalAtOrAbove: 95,
  reviewAtOrAbove: 93,
})

/**
 * The level a single SpO2 value falls in.
 *
 * @example
 * alertLevelOf(93, NHSE_OXIMETRY_HOME_BANDS) // 'review'
 * @category threshold alerts
 */
export function alertLevelOf(spo2: number, bands: AlertBands = NHSE_OXIMETRY_HOME_BANDS): AlertLevel {
  if (spo2 >= bands.normalAtOrAbove) return 'normal'
  if (spo2 >= bands.reviewAtOrAbove) return 'review'
  return 'urgent'
}
