import type { Brand } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { quote } from '../internal/quote.js'
import { errorIssue, issue, type Issues, type ValidationIssue } from '../issue.js'
import { overLong } from '../internal/input-bound.js'

/** A LOINC term code such as `8867-4`. @category identifiers */
export type LoincCode = Brand<string, 'LoincCode'>

/**
 * Deprecated LOINC codes whose published check digit does not follow the mod-10 rule
 * (LOINC forum, "LOINC Code and Mod 10 Check Digit Mismatch"). They are real codes, so they are
 * accepted, with a warning from {@link describeLoincCode}.
 */
export const LOINC_CHECK_DIGIT_EXCEPTIONS: ReadonlySet<string> = /* @__PURE__ */ new Set([
  '11491-6',
  '11501-6',
  '5895-7',
  '5896-5',
  '5897-3',
  '5928-1',
  '6028-3',
  '6415-5',
  '6580-7',
  '6645-7',
  '6646-5',
  '6647-3',
  '6648-1',
  '6649-9',
])

/**
 * The LOINC mod-10 check digit of a numeric body (LOINC Users' Guide 12C): from the right,
 * double every other digit starting with the rightmost, sum all digits, `(10 - sum mod 10) mod 10`.
 *
 * @example
 * loincCheckDigit('8867') // 4
 * @category identifiers
 */
export function loincCheckDigit(body: string): number {
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    const d = body.charCodeAt(body.length - 1 - i) - 48
    if (i % 2 === 0) {
      const x = d * 2
      sum += x > 9 ? x - 9 : x
    } else sum += d
  }
  return (10 - (sum % 10)) % 10
}

/**
 * Validates a LOINC term code: 1-7 digits, a hyphen and the mod-10 check digit; the 14 documented
 * exceptions are accepted. Part (`LP…`) and answer (`LA…`) ids are not term codes.
 *
 * @example
 * validateLoincCode('8867-4') // right: Heart rate
 * validateLoincCode('8867-5') // left: check digit should be 4
 * @category identifiers
 */
export function validateLoincCode(input: unknown): E.Either<Issues, LoincCode> {
  if (typeof input !== 'string')
    return E.left([errorIssue('invalid', 'loinc.type', `A LOINC code must be a string, got ${typeof input}`)])
  const tooLong = overLong(input, 'loinc', 'A LOINC code')
  if (tooLong !== undefined) return E.left([tooLong])
  const s = input.trim()
  const m = /^(\d{1,7})-(\d)$/.exec(s)
  if (m === null) {
    const hint = /^L[AP]\d/i.test(s) ? ' (LP/LA ids are LOINC parts/answers, not term codes)' : ''
    return E.left([
      errorIssue(
        'invalid',
        'loinc.format',
        `A LOINC code is digits, a hyphen and one check digit (e.g. 8867-4); got ${quote(s, 40)}${hint}`,
      ),
    ])
  }
  const expected = loincCheckDigit(m[1]!)
  if (String(expected) !== m[2] && !LOINC_CHECK_DIGIT_EXCEPTIONS.has(s)) {
    return E.left([
      errorIssue(
        'value',
        'loinc.checksum',
        `${s} fails the mod-10 check: check digit is ${m[2]}, expected ${expected}`,
      ),
    ])
  }
  return E.right(s as LoincCode)
}

/** True when `input` is a valid LOINC term code. @category identifiers */
export function isLoincCode(input: unknown): boolean {
  return E.isRight(validateLoincCode(input))
}

/** Warnings for a valid LOINC code (one of the allow-listed check-digit exceptions). @category identifiers */
export function describeLoincCode(code: LoincCode): ValidationIssue[] {
  return LOINC_CHECK_DIGIT_EXCEPTIONS.has(code)
    ? [
        issue(
          'warning',
          'business-rule',
          'loinc.check-digit-exception',
          `${code} is a deprecated code whose check digit does not follow mod 10`,
        ),
      ]
    : []
}
