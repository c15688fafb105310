/**
 * Which rule set produced an event or a summary, and in which version. Every event and summary in
 * this package carries one, because thresholds, baselines and denominators differ between tools and
 * a clinician reading an alert must be able to tell which definition fired
 * (spo2-analytics spec note, section 7).
 *
 * @category model
 */
export interface RuleRef {
  /** A stable kebab-case id, e.g. `nhse-oximetry-home-2022`, `odi-clinical-3pct-v1`. */
  readonly name: string
  /** The version of our implementation of that rule set (semver). */
  readonly version: string
}

/**
 * Builds a frozen {@link RuleRef}.
 *
 * @category constructors
 */
export function ruleRef(name: string, version: string): RuleRef {
  return Object.freeze({ name, version })
}
