import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { decodePatientBands } from '../src/patient-thresholds.js'

const bytes = (s: string) => new TextEncoder().encode(s)

describe('decodePatientBands (the thresholds bucket is data from elsewhere)', () => {
  it('reads a patient’s own bands and keeps only the two limits', () => {
    expect(decodePatientBands(bytes('{"normalAtOrAbove":88,"reviewAtOrAbove":86,"note":"COPD"}'))).toEqual(
      E.right({ normalAtOrAbove: 88, reviewAtOrAbove: 86 }),
    )
  })

  it.each([
    ['text that is not JSON', 'ninety-two', /not JSON/],
    ['a JSON array', '[88, 86]', /not an object/],
    ['a limit as text', '{"normalAtOrAbove":"92","reviewAtOrAbove":90}', /normalAtOrAbove: must be a finite number/],
    ['a missing limit', '{"normalAtOrAbove":92}', /reviewAtOrAbove: is required/],
    ['inverted bands', '{"normalAtOrAbove":86,"reviewAtOrAbove":88}', /reviewAtOrAbove: must be ≤ normalAtOrAbove/],
    ['a limit over 100 %', '{"normalAtOrAbove":195,"reviewAtOrAbove":93}', /normalAtOrAbove: must be an SpO2/],
  ])('refuses %s with a typed InvalidOption (never bands a detector is built on)', (_what, text, message) => {
    const r = decodePatientBands(bytes(text))
    expect(E.isLeft(r) && r.left._tag).toBe('InvalidOption')
    expect(E.isLeft(r) && r.left.message).toMatch(message)
  })
})
