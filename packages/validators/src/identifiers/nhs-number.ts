import type { Brand } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { parseDigitGroups } from '../internal/digit-groups.js'
import { modulus11CheckDigit } from '../internal/modulus-11.js'
import { errorIssue, issue, type Issues, type ValidationIssue } from '../issue.js'

/** A 10-digit NHS number (bare digits, as a string) whose modulus-11 check digit is right. @category identifiers */
export type NhsNumber = Brand<string, 'NhsNumber'>

const GROUPS = [[3, 3, 4]] as const

/**
 * Validates an NHS number: 10 digits, written bare or as `NNN NNN NNNN` / `NNN-NNN-NNNN`, with the
 * modulus-11 check digit of the NHS Data Model and Dictionary ("NHS NUMBER"). Returns the bare
 * digits. Ranges (Scotland, test numbers...) are information, see {@link describeNhsNumberRange}.
 *
 * @example
 * validateNhsNumber('943 476 5919') // right('9434765919')
 * validateNhsNumber('9434765918')   // left([{ id: 'nhs-number.checksum', ... }])
 * @category identifiers
 */
export function validateNhsNumber(input: unknown): E.Either<Issues, NhsNumber> {
  // Fast path for the common bare form: one pass, no allocation besides the Either.
  if (typeof input === 'string' && input.length === 10 && isNhsDigits(input)) {
    return E.right(input as NhsNumber)
  }
  const parsed = parseDigitGroups(input, 10, GROUPS, 'nhs-number', 'An NHS number')
  if (typeof parsed !== 'string') return E.left([parsed])
  const bad = checkDigitIssue(parsed, 'nhs-number', 'NHS number')
  return bad === undefined ? E.right(parsed as NhsNumber) : E.left([bad])
}

/**
 * True when `input` is a valid NHS number in any accepted presentation.
 *
 * @example
 * isNhsNumber('9434765919') // true
 * @category identifiers
 */
export function isNhsNumber(input: unknown): boolean {
  if (typeof input === 'string' && input.length === 10) return isNhsDigits(input)
  return E.isRight(validateNhsNumber(input))
}

function isNhsDigits(s: string): boolean {
  let sum = 0
  for (let i = 0; i < 9; i++) {
    const d = s.charCodeAt(i) - 48
    if (d < 0 || d > 9) return false
    sum += d * (10 - i)
  }
  const last = s.charCodeAt(9) - 48
  const check = 11 - (sum % 11)
  return (check === 11 ? 0 : check) === last
}

/** Shared by NHS, CHI and H&C numbers: explains a wrong modulus-11 check digit, or undefined when right. */
export function checkDigitIssue(digits: string, idPrefix: string, label: string): ValidationIssue | undefined {
  const expected = modulus11CheckDigit(digits)
  const actual = digits.charCodeAt(9) - 48
  if (expected === 10) {
    return errorIssue(
      'value',
      `${idPrefix}.checksum`,
      `${label} ${digits} is never issued: its first nine digits give check value 10 (modulus 11)`,
    )
  }
  if (expected !== actual) {
    return errorIssue(
      'value',
      `${idPrefix}.checksum`,
      `${label} ${digits} fails the modulus-11 check: last digit is ${actual}, expected ${expected}`,
    )
  }
  return undefined
}

/** Who issues numbers in a range of the NHS number space. @category identifiers */
export type NhsNumberRange =
  | 'unallocated'
  | 'scotland-chi'
  | 'northern-ireland-hc'
  | 'england-wales-iom'
  | 'reserved-not-issued'
  | 'republic-of-ireland-ihi'
  | 'synthetic-test'

// Ranges collated by uk-fci/nhs-number constants.py from NHS sources (see specs/validators.md 1.1).
const RANGES: readonly (readonly [string, NhsNumberRange])[] = [
  ['0009999999', 'unallocated'],
  ['3112999999', 'scotland-chi'],
  ['3199999999', 'unallocated'],
  ['3999999999', 'northern-ireland-hc'],
  ['4999999999', 'england-wales-iom'],
  ['5999999999', 'reserved-not-issued'],
  ['7999999999', 'england-wales-iom'],
  ['8599999999', 'republic-of-ireland-ihi'],
  ['8999999999', 'unallocated'],
  ['9999999999', 'synthetic-test'],
]

/**
 * Classifies a valid NHS number by issuing range.
 *
 * @example
 * nhsNumberRange(validNumber) // 'england-wales-iom'
 * @category identifiers
 */
export function nhsNumberRange(n: NhsNumber): NhsNumberRange {
  for (const [upper, range] of RANGES) if (n <= upper) return range
  return 'unallocated'
}

/**
 * Information and warnings about a valid NHS number: its range, test/synthetic and
 * repeated-digit placeholders (1111111111, 9999999999 pass the checksum but are not real).
 *
 * @category identifiers
 */
export function describeNhsNumberRange(n: NhsNumber): ValidationIssue[] {
  const range = nhsNumberRange(n)
  const out = [issue('information', 'informational', 'nhs-number.range', `range: ${range}`)]
  if (/^(\d)\1{9}$/.test(n)) {
    out.push(issue('warning', 'business-rule', 'nhs-number.placeholder', `${n} is a repeated-digit placeholder`))
  }
  if (range === 'synthetic-test' || range === 'reserved-not-issued' || range === 'unallocated') {
    out.push(
      issue(
        'warning',
        'business-rule',
        'nhs-number.not-issued',
        `${n} is in a range not issued to patients (${range})`,
      ),
    )
  }
  return out
}
