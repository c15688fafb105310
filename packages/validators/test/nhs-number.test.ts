import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  describeNhsNumberRange,
  isNhsNumber,
  type NhsNumber,
  nhsNumberRange,
  validateChiNumber,
  validateHcNumber,
  validateNhsNumber,
} from '../src/index.js'

const leftIds = (r: E.Either<readonly { id: string }[], unknown>) => (E.isLeft(r) ? r.left.map((i) => i.id) : [])

describe('validateNhsNumber', () => {
  // 401 023 2137 is the NHS Data Dictionary worked example: sum 92, 92 mod 11 = 4, 11 - 4 = 7.
  it.each(['4010232137', '9434765919', '9000000009', '943 476 5919', '943-476-5919', '  9434765919 '])(
    'accepts %s',
    (n) => {
      expect(validateNhsNumber(n)).toEqual(E.right(n.replace(/[\s-]/g, '')))
      expect(isNhsNumber(n)).toBe(true)
    },
  )

  it('rejects a wrong check digit and says which digit was expected', () => {
    const r = validateNhsNumber('4010232138')
    expect(leftIds(r)).toEqual(['nhs-number.checksum'])
    expect(E.isLeft(r) && r.left[0].message).toContain('expected 7')
  })

  // UK Core's published examples carry NHS numbers that fail the check digit (specs/validators.md 1.1).
  it.each(['9912003890', '9912003814', '4123456879'])('rejects the UK Core example number %s', (n) => {
    expect(leftIds(validateNhsNumber(n))).toEqual(['nhs-number.checksum'])
  })

  it('rejects numbers whose check value is 10 (never issued)', () => {
    // 123456789x: 10+18+24+28+30+30+28+24+18 = 210, 210 mod 11 = 1, check 10.
    const r = validateNhsNumber('1234567890')
    expect(leftIds(r)).toEqual(['nhs-number.checksum'])
    expect(E.isLeft(r) && r.left[0].message).toContain('never issued')
  })

  it.each([
    ['943.476.5919', 'only digits'],
    ['943 4765 919', 'grouping'],
    ['943  476 5919', 'grouping'],
    ['943 476-5919', 'grouping'],
    ['943476591', 'found 9'],
    ['94347659190', 'found 11'],
    ['', 'empty'],
  ])('explains the format problem in %j', (n, why) => {
    const r = validateNhsNumber(n)
    expect(E.isLeft(r)).toBe(true)
    expect(E.isLeft(r) && r.left[0].message).toContain(why)
  })

  it('rejects numbers (leading zeros are lost) and other non-strings', () => {
    expect(leftIds(validateNhsNumber(4010232137))).toEqual(['nhs-number.type'])
    expect(leftIds(validateNhsNumber(null))).toEqual(['nhs-number.type'])
  })

  it('classifies ranges and warns on placeholders and test numbers', () => {
    expect(nhsNumberRange('4010232137' as NhsNumber)).toBe('england-wales-iom')
    expect(nhsNumberRange('9000000009' as NhsNumber)).toBe('synthetic-test')
    expect(nhsNumberRange('0101011237' as NhsNumber)).toBe('scotland-chi')
    const notes = describeNhsNumberRange('9999999999' as NhsNumber).map((i) => i.id)
    expect(notes).toEqual(['nhs-number.range', 'nhs-number.placeholder', 'nhs-number.not-issued'])
    expect(describeNhsNumberRange('4010232137' as NhsNumber).map((i) => i.severity)).toEqual(['information'])
  })
})

describe('validateChiNumber', () => {
  it('accepts a real date of birth with a right check digit, in 10 or 6+4 form', () => {
    expect(validateChiNumber('0101011237')).toEqual(E.right('0101011237'))
    expect(validateChiNumber('010101 1237')).toEqual(E.right('0101011237'))
  })
  it('accepts 29 Feb 00 (2000 was a leap year) and rejects 31 Feb', () => {
    // 290200123x: 20+81+0+14+0+0+4+6+6 = 131, 131 mod 11 = 10, check 1.
    expect(validateChiNumber('2902001231')).toEqual(E.right('2902001231'))
    expect(leftIds(validateChiNumber('3102001235'))).toEqual(['chi.date', 'chi.checksum'])
  })
  it('checks the sex digit only when asked', () => {
    // 9th digit 3 is odd: male.
    expect(E.isRight(validateChiNumber('0101011237', { sex: 'male' }))).toBe(true)
    expect(leftIds(validateChiNumber('0101011237', { sex: 'female' }))).toEqual(['chi.sex'])
  })
})

describe('validateHcNumber', () => {
  it('accepts the first issuable number (320000001 + check 5)', () => {
    // 30 + 18 + 2 = 50, 50 mod 11 = 6, check 5.
    expect(validateHcNumber('320 000 0015')).toEqual(E.right('3200000015'))
  })
  it('rejects numbers outside the H&C range and bad check digits', () => {
    expect(leftIds(validateHcNumber('4010232137'))).toEqual(['hc.range'])
    expect(leftIds(validateHcNumber('3200000012'))).toEqual(['hc.checksum'])
  })
})
