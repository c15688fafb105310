import { checkAlertBands, type ThresholdAlertOptions } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'

/** Protocols offered in the chooser: the standard PLX profile and the common vendor ones. */
export const PROTOCOLS = ['plx-continuous', 'berrymed', 'viatom-o2'] as const

/**
 * Detector options from the page's query string, for demonstrations and tests:
 * `?persistMs=2000&staleAfterMs=5000`. Without them the defaults hold (15 s persistence,
 * 30 s staleness, NHSE @home bands); `normal=88&review=86` sets a patient's own bands.
 */
export function optionsFromQuery(search: string): ThresholdAlertOptions {
  const q = new URLSearchParams(search)
  const num = (name: string): number | undefined => {
    const v = q.get(name)
    const n = v === null ? Number.NaN : Number(v)
    return Number.isFinite(n) && n > 0 ? n : undefined
  }
  const persistMs = num('persistMs')
  const staleAfterMs = num('staleAfterMs')
  const normal = num('normal')
  const review = num('review')
  // Bands that do not pass the detector's own check (inverted, over 100 %) are ignored: the defaults hold.
  const bands =
    normal === undefined || review === undefined
      ? undefined
      : checkAlertBands({ normalAtOrAbove: normal, reviewAtOrAbove: review })
  return {
    ...(persistMs === undefined ? {} : { persistMs }),
    ...(staleAfterMs === undefined ? {} : { staleAfterMs }),
    ...(bands !== undefined && E.isRight(bands) ? { bands: bands.right } : {}),
  }
}
