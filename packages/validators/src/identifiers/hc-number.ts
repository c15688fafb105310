import type { Brand } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { parseDigitGroups } from '../internal/digit-groups.js'
import { errorIssue, type Issues } from '../issue.js'
import { checkDigitIssue } from './nhs-number.js'

/** A Northern Ireland Health and Care number (10 digits, as a string). @category identifiers */
export type HcNumber = Brand<string, 'HcNumber'>

/**
 * Validates an H&C number (NHS Data Dictionary "HEALTH AND CARE NUMBER"): NHS-number format and
 * modulus-11 check digit, issued from 320 000 001 to 399 999 999 (first nine digits).
 *
 * @example
 * validateHcNumber('320 000 0012')
 * @category identifiers
 */
export function validateHcNumber(input: unknown): E.Either<Issues, HcNumber> {
  const parsed = parseDigitGroups(input, 10, [[3, 3, 4]], 'hc', 'An H&C number')
  if (typeof parsed !== 'string') return E.left([parsed])
  const body = parsed.slice(0, 9)
  if (body < '320000001' || body > '399999999') {
    return E.left([
      errorIssue(
        'value',
        'hc.range',
        `H&C numbers are issued from 320000001 to 399999999 (first nine digits); got ${body}`,
      ),
    ])
  }
  const check = checkDigitIssue(parsed, 'hc', 'H&C number')
  return check === undefined ? E.right(parsed as HcNumber) : E.left([check])
}

/** True when `input` is a valid H&C number. @category identifiers */
export function isHcNumber(input: unknown): boolean {
  return E.isRight(validateHcNumber(input))
}
