import type { Brand } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { parseDigitGroups } from '../internal/digit-groups.js'
import { errorIssue, type Issues, type ValidationIssue } from '../issue.js'
import { checkDigitIssue } from './nhs-number.js'

/** A Scottish Community Health Index number (10 digits, as a string). @category identifiers */
export type ChiNumber = Brand<string, 'ChiNumber'>

/** Options for {@link validateChiNumber}. @category identifiers */
export interface ChiOptions {
  /** When given, the 9th digit must match: even for female, odd for male. */
  readonly sex?: 'female' | 'male'
}

/**
 * Validates a CHI number (NHS Data Dictionary "COMMUNITY HEALTH INDEX NUMBER"): DDMMYY date of
 * birth (a real date in 19xx or 20xx, the century is not encoded), two digits, a sex digit and
 * the modulus-11 check digit. Accepts `NNNNNNNNNN`, `NNNNNN NNNN` and `NNN NNN NNNN`.
 *
 * @example
 * validateChiNumber('1904851231') // right
 * @category identifiers
 */
export function validateChiNumber(input: unknown, options: ChiOptions = {}): E.Either<Issues, ChiNumber> {
  const parsed = parseDigitGroups(
    input,
    10,
    [
      [6, 4],
      [3, 3, 4],
    ],
    'chi',
    'A CHI number',
  )
  if (typeof parsed !== 'string') return E.left([parsed])
  const issues: ValidationIssue[] = []
  const dateIssue = chiDateIssue(parsed)
  if (dateIssue !== undefined) issues.push(dateIssue)
  const check = checkDigitIssue(parsed, 'chi', 'CHI number')
  if (check !== undefined) issues.push(check)
  if (options.sex !== undefined) {
    const odd = (parsed.charCodeAt(8) - 48) % 2 === 1
    if (odd !== (options.sex === 'male')) {
      issues.push(
        errorIssue(
          'value',
          'chi.sex',
          `9th digit ${parsed[8]} is ${odd ? 'odd (male)' : 'even (female)'}, not ${options.sex}`,
        ),
      )
    }
  }
  const [first, ...rest] = issues
  return first === undefined ? E.right(parsed as ChiNumber) : E.left([first, ...rest])
}

/** True when `input` is a valid CHI number. @category identifiers */
export function isChiNumber(input: unknown): boolean {
  return E.isRight(validateChiNumber(input))
}

function chiDateIssue(d: string): ValidationIssue | undefined {
  const day = Number(d.slice(0, 2))
  const month = Number(d.slice(2, 4))
  const yy = Number(d.slice(4, 6))
  if (month < 1 || month > 12 || day < 1 || (day > daysIn(month, 1900 + yy) && day > daysIn(month, 2000 + yy))) {
    return errorIssue(
      'value',
      'chi.date',
      `CHI number must start with a date of birth DDMMYY; ${d.slice(0, 6)} is not a date`,
    )
  }
  return undefined
}

function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}
