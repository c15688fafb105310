import { hasUnusableFlag, type OximetrySample } from '@openward/core'
import { isPlausibleSpo2 } from '@openward/spo2'

/**
 * The last `keepMs` of one patient's valid SpO2 values, to give an alert its nadir: the lowest
 * valid value in the run that made the detector fire. Bounded: older values are dropped as new
 * ones arrive.
 */
export function recentNadir(keepMs = 120_000) {
  const times: number[] = []
  const values: number[] = []
  return {
    push(s: OximetrySample): void {
      if (hasUnusableFlag(s.flags) || !isPlausibleSpo2(s.spo2)) return
      times.push(s.timeMs)
      values.push(s.spo2)
      while (times.length > 0 && times[0]! < s.timeMs - keepMs) {
        times.shift()
        values.shift()
      }
    },
    /** Lowest valid SpO2 with `fromMs ≤ time ≤ toMs`, or null when none is kept. */
    between(fromMs: number, toMs: number): number | null {
      let min: number | null = null
      for (let i = 0; i < times.length; i++)
        if (times[i]! >= fromMs && times[i]! <= toMs && (min === null || values[i]! < min)) min = values[i]!
      return min
    },
  }
}
