import { type OperatorFunction, map } from 'rxjs'

import { type RuleRef, ruleRef } from './rule-ref.js'

/** NEWS2 SpO2 scale 1 (the default). @category rule sets */
export const NEWS2_SCALE1_RULE: RuleRef = ruleRef('news2-rcp-2017-scale1', '1.0.0')
/** NEWS2 SpO2 scale 2 (hypercapnic respiratory failure, prescribed target 88–92 %). @category rule sets */
export const NEWS2_SCALE2_RULE: RuleRef = ruleRef('news2-rcp-2017-scale2', '1.0.0')

/**
 * Inputs of the NEWS2 SpO2 sub-score. Scale 2 is only for patients with confirmed hypercapnic
 * respiratory failure and a prescribed 88–92 % target, and must be an explicit clinical choice:
 * it is never inferred. `onOxygen` only changes scale 2 (the separate "air or oxygen?" parameter is
 * {@link news2AirOrOxygenScore}).
 *
 * @category NEWS2
 */
export type News2Spo2Input =
  { readonly scale?: 1; readonly onOxygen?: boolean } | { readonly scale: 2; readonly onOxygen: boolean }

/** A NEWS2 SpO2 sub-score with the rule that produced it. @category NEWS2 */
export interface News2Spo2Score {
  readonly rule: RuleRef
  /** 0–3, or `null` when the SpO2 is missing or impossible (no score is better than a wrong one). */
  readonly score: 0 | 1 | 2 | 3 | null
  /** The SpO2 after rounding to a whole percent (half up), as charted. */
  readonly spo2: number | null
}

function scale1(s: number): 0 | 1 | 2 | 3 {
  if (s >= 96) return 0
  if (s >= 94) return 1
  if (s >= 92) return 2
  return 3
}

function scale2(s: number, onOxygen: boolean): 0 | 1 | 2 | 3 {
  if (s <= 83) return 3
  if (s <= 85) return 2
  if (s <= 87) return 1
  if (s <= 92 || !onOxygen) return 0
  if (s <= 94) return 1
  if (s <= 96) return 2
  return 3
}

/**
 * The NEWS2 SpO2 sub-score (Royal College of Physicians, *National Early Warning Score 2*, 2017,
 * chart 1). Scale 1: ≥ 96 → 0, 94–95 → 1, 92–93 → 2, ≤ 91 → 3. Scale 2: ≤ 83 → 3, 84–85 → 2,
 * 86–87 → 1, 88–92 (or ≥ 93 on air) → 0, 93–94 on O2 → 1, 95–96 on O2 → 2, ≥ 97 on O2 → 3.
 * The chart's bands are whole percent, so a fractional value is first rounded half up (93.5 → 94).
 *
 * @example
 * news2Spo2Score(93).score // 2
 * news2Spo2Score(95, { scale: 2, onOxygen: true }).score // 2
 * @category NEWS2
 */
export function news2Spo2Score(spo2: number | null, input: News2Spo2Input = {}): News2Spo2Score {
  const chart = input.scale === 2 ? (input.onOxygen === true ? 2 : 1) : 0
  if (spo2 === null || !Number.isFinite(spo2) || spo2 <= 0 || spo2 > 100) return NO_SCORE[chart]!
  return scoresOf(chart)[Math.floor(spo2 + 0.5)]!
}

/** The chart a score is read from: 0 scale 1, 1 scale 2 on air, 2 scale 2 on oxygen. */
type Chart = 0 | 1 | 2

const RULES: readonly RuleRef[] = [NEWS2_SCALE1_RULE, NEWS2_SCALE2_RULE, NEWS2_SCALE2_RULE]
const NO_SCORE: readonly News2Spo2Score[] = /* @__PURE__ */ RULES.map((rule) =>
  Object.freeze({ rule, score: null, spo2: null }),
)
const charts: (readonly News2Spo2Score[] | undefined)[] = [undefined, undefined, undefined]

/**
 * A valid SpO2 rounds to a whole percent 0…100, so each chart has 101 possible scores: they are built
 * once, on first use, and shared (frozen). A detector scoring every sample of 50 000 patients then
 * allocates nothing per sample.
 */
function scoresOf(chart: Chart): readonly News2Spo2Score[] {
  return (charts[chart] ??= Array.from({ length: 101 }, (_, s) =>
    Object.freeze({ rule: RULES[chart]!, score: chart === 0 ? scale1(s) : scale2(s, chart === 2), spo2: s }),
  ))
}

/**
 * The separate NEWS2 "air or oxygen?" parameter: supplemental oxygen scores 2, air 0.
 *
 * @category NEWS2
 */
export function news2AirOrOxygenScore(onOxygen: boolean): 0 | 2 {
  return onOxygen ? 2 : 0
}

/**
 * Maps each SpO2 value to its NEWS2 SpO2 sub-score.
 *
 * @category NEWS2
 */
export function news2Spo2Scores(input: News2Spo2Input = {}): OperatorFunction<number | null, News2Spo2Score> {
  return map((spo2) => news2Spo2Score(spo2, input))
}
