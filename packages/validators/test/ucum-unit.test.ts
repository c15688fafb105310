import ucum from '@lhncbc/ucum-lhc'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { COMMON_UCUM_UNITS, isUcumUnit, validateUcumUnit } from '../src/index.js'

const ids = (r: E.Either<readonly { id: string }[], unknown>) => (E.isLeft(r) ? r.left.map((i) => i.id) : [])

describe('validateUcumUnit', () => {
  afterEach(() => vi.restoreAllMocks())

  it('every fast-pathed unit is valid according to ucum-lhc itself', () => {
    const u = ucum.UcumLhcUtils.getInstance()
    const rejected = [...COMMON_UCUM_UNITS].filter((c) => u.validateUnitString(c, false).status !== 'valid')
    expect(rejected).toEqual([])
  })

  it.each(['mm[Hg]', '/min', '%', 'kg/m2', '10*3/uL', 'mg/(24.h)', '{copies}/mL', 'Cel', 'm[H2O]'])(
    'accepts %s',
    (u) => {
      expect(validateUcumUnit(u)).toEqual(E.right(u))
    },
  )

  it('is case-sensitive', () => {
    expect(isUcumUnit('Cel')).toBe(true)
    expect(ids(validateUcumUnit('cel'))).toEqual(['ucum.invalid'])
    expect(ids(validateUcumUnit('MM[HG]'))).toEqual(['ucum.invalid'])
  })

  it('passes on the suggestion for unit names', () => {
    const r = validateUcumUnit('inch')
    expect(E.isLeft(r) && r.left[0].message).toContain('[in_i]')
  })

  it('rejects spaces, empty strings, bad annotations and non-strings', () => {
    expect(ids(validateUcumUnit(' mg'))).toEqual(['ucum.whitespace'])
    expect(ids(validateUcumUnit(''))).toEqual(['ucum.empty'])
    expect(ids(validateUcumUnit('{Negative Control}'))).toEqual(['ucum.whitespace'])
    expect(ids(validateUcumUnit('{{copies}}/mL'))).toEqual(['ucum.invalid'])
    expect(ids(validateUcumUnit(5))).toEqual(['ucum.type'])
  })

  it('never writes to the console, even when ucum-lhc logs', () => {
    const log = vi.spyOn(console, 'log')
    expect(ids(validateUcumUnit('{|}1'))).toEqual(['ucum.invalid'])
    expect(log).not.toHaveBeenCalled()
  })
})
