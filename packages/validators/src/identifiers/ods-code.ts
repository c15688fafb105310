import type { Brand } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { quote } from '../internal/quote.js'
import { errorIssue, type Issues } from '../issue.js'
import { overLong } from '../internal/input-bound.js'

/** An NHS Organisation Data Service code, upper case. @category identifiers */
export type OdsCode = Brand<string, 'OdsCode'>

/**
 * Validates an ODS organisation or site code: 1 to 9 letters or digits (NHS England
 * "Organisations and services" developer guide). Input is trimmed and upper-cased, because the
 * codes are case-insensitive in practice and stored upper case. Existence needs the ODS API.
 *
 * @example
 * validateOdsCode('rr8')   // right('RR8')
 * validateOdsCode('RR8-13') // left
 * @category identifiers
 */
export function validateOdsCode(input: unknown): E.Either<Issues, OdsCode> {
  if (typeof input !== 'string')
    return E.left([errorIssue('invalid', 'ods.type', `An ODS code must be a string, got ${typeof input}`)])
  const tooLong = overLong(input, 'ods', 'An ODS code')
  if (tooLong !== undefined) return E.left([tooLong])
  const s = input.trim().toUpperCase()
  if (s.length === 0) return E.left([errorIssue('required', 'ods.empty', 'An ODS code is empty')])
  if (s.length > 9)
    return E.left([errorIssue('invalid', 'ods.length', `An ODS code has at most 9 characters; got ${s.length}`)])
  if (!/^[A-Z0-9]+$/.test(s)) {
    return E.left([
      errorIssue('invalid', 'ods.format', `An ODS code contains letters and digits only; got ${quote(s)}`),
    ])
  }
  return E.right(s as OdsCode)
}

/** True when `input` is a well-formed ODS code. @category identifiers */
export function isOdsCode(input: unknown): boolean {
  return E.isRight(validateOdsCode(input))
}
