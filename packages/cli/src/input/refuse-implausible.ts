import { implausibility, type OximetrySample, type PlausibleQuantity } from '@openward/core'

/** What {@link refuseImplausible} did. */
export interface PlausibilityCheck {
  readonly samples: readonly OximetrySample[]
  /** How many values were refused, and the first one's reason (for a one-line warning). */
  readonly refused: number
  readonly first?: string
}

const FIELDS: readonly (readonly [keyof OximetrySample & PlausibleQuantity, PlausibleQuantity])[] = [
  ['spo2', 'spo2'],
  ['pulseRate', 'pulseRate'],
  ['perfusionIndex', 'perfusionIndex'],
]

/**
 * The loader's second line of defence (the importers are the first): a value outside its
 * physiological range (`PlausibleRange` in @openward/core: SpO2 above 100 %, pulse 422/min) is not a
 * reading but a decoding or file fault. It becomes `null` with the `questionable` flag, and is
 * counted so the command can say so; it never reaches a summary as a number.
 */
export function refuseImplausible(samples: readonly OximetrySample[]): PlausibilityCheck {
  let refused = 0
  let first: string | undefined
  const out = samples.map((s) => {
    let fixed: OximetrySample | undefined
    for (const [field, quantity] of FIELDS) {
      const value = s[field]
      if (typeof value !== 'number') continue
      const why = implausibility(quantity, value)
      if (why === undefined) continue
      refused++
      first ??= `${why.message} at ${new Date(s.timeMs).toISOString()}`
      fixed = { ...(fixed ?? s), [field]: null, flags: { ...s.flags, questionable: true } }
    }
    return fixed ?? s
  })
  return refused === 0 ? { samples, refused } : { samples: out, refused, ...(first === undefined ? {} : { first }) }
}
