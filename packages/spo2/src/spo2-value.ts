/**
 * True when `spo2` is a number an oximeter can mean: finite, above 0 and at most 100 %.
 * `0` is excluded because monitors use it as their "no reading" code (MIMIC, CORC recordings);
 * NaN, negative and > 100 values are excluded as impossible. Low but possible values (e.g. 45 %)
 * are kept: genuinely low readings are never clamped or dropped.
 *
 * @category refinements
 */
export function isPlausibleSpo2(spo2: number | null | undefined): spo2 is number {
  return typeof spo2 === 'number' && Number.isFinite(spo2) && spo2 > 0 && spo2 <= 100
}
