import { describe, expect, it } from 'vitest'

import { integerIn, numberIn, oneOf } from '../src/option-values.js'
import { UsageError } from '../src/usage-error.js'

describe('option values', () => {
  it('oneOf accepts a listed value and names the choices otherwise', () => {
    expect(oneOf('pobm', ['clinical', 'pobm'] as const, '--profile')).toBe('pobm')
    expect(() => oneOf('fast', ['clinical', 'pobm'] as const, '--profile')).toThrow(
      new UsageError("--profile must be one of clinical, pobm, got 'fast'"),
    )
    expect(() => oneOf(undefined, ['a'] as const, '--x')).toThrow(UsageError)
  })

  it('numberIn takes decimals within the range, inclusive', () => {
    expect(numberIn('92.5', 50, 100, '--alert-threshold')).toBe(92.5)
    expect(numberIn('100', 50, 100, '--alert-threshold')).toBe(100)
    for (const bad of ['', ' ', 'abc', '101', 'NaN', 'Infinity', undefined]) {
      expect(() => numberIn(bad, 50, 100, '--alert-threshold')).toThrow(UsageError)
    }
  })

  it('integerIn takes whole numbers written as digits only', () => {
    expect(integerIn('8103', 0, 65535, '--port')).toBe(8103)
    for (const bad of ['1.5', '-1', '1e3', '65536', '', undefined]) {
      expect(() => integerIn(bad, 0, 65535, '--port')).toThrow(/--port must be a whole number from 0 to 65535/)
    }
  })
})
