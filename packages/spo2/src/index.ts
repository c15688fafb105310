/**
 * `@openward/spo2`: streaming SpO2 anomaly detection (RxJS operators) and batch oximetry analytics.
 *
 * @packageDocumentation
 */
export type { RuleRef } from './rule-ref.js'
export { ruleRef } from './rule-ref.js'
export { isPlausibleSpo2 } from './spo2-value.js'
export type {
  RunEndReason,
  Spo2Point,
  SustainedBelowCleared,
  SustainedBelowEvent,
  SustainedBelowOptions,
  SustainedBelowRaised,
} from './sustained-below.js'
export { detectSustainedBelow, SUSTAINED_BELOW_RULE, sustainedBelow } from './sustained-below.js'
