import type { TaggedError } from './tagged-error.js'
import { taggedError } from './tagged-error.js'

/**
 * The physiologically possible range of each vital sign Openward carries. A value outside it is
 * not a reading but a decoding or device fault, so it is refused (set to `null` and flagged when
 * samples are normalised; never written as a final Observation).
 *
 * - SpO2: 0–100 % by definition of a saturation (ISO 80601-2-61:2017 §201.12.1.101 specifies
 *   accuracy over 70–100 %; values below 70 % are possible readings, values above 100 % are not).
 * - Pulse rate: 20–300 /min. ISO 80601-2-61 §201.12.1.104 requires the manufacturer to state the
 *   pulse-rate range; typical devices state 25–250 or 30–250 /min. 300 covers neonates; below 20
 *   no oximeter reports a pulse.
 * - Perfusion index: 0–20 % (Masimo's PI range, the widest any of our devices reports).
 *
 * @category model
 */
export const PlausibleRange = {
  spo2: { min: 0, max: 100, unit: '%' },
  pulseRate: { min: 20, max: 300, unit: '/min' },
  perfusionIndex: { min: 0, max: 20, unit: '%' },
} as const

/** A vital sign with a plausibility range. @category model */
export type PlausibleQuantity = keyof typeof PlausibleRange

/**
 * A value outside its physiological range: carries which quantity, the value and the range.
 *
 * @category model
 */
export interface Implausible extends TaggedError<'Implausible'> {
  readonly quantity: PlausibleQuantity
  readonly value: number
  readonly min: number
  readonly max: number
}

/**
 * True when `value` is a finite number inside the quantity's plausible range.
 *
 * @example
 * isPlausible('spo2', 97) // true
 * isPlausible('spo2', 118) // false
 * @category refinements
 */
export function isPlausible(quantity: PlausibleQuantity, value: number): boolean {
  const r = PlausibleRange[quantity]
  return Number.isFinite(value) && value >= r.min && value <= r.max
}

/**
 * Returns `undefined` for a plausible value, otherwise the typed reason.
 *
 * @category constructors
 */
export function implausibility(quantity: PlausibleQuantity, value: number): Implausible | undefined {
  if (isPlausible(quantity, value)) return undefined
  const { min, max, unit } = PlausibleRange[quantity]
  return taggedError('Implausible', `${quantity} ${String(value)} is outside ${min}–${max} ${unit}`, {
    quantity,
    value,
    min,
    max,
  })
}
