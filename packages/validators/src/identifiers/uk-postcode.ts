import type { Brand } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { quote } from '../internal/quote.js'
import { errorIssue, type Issues } from '../issue.js'
import { overLong } from '../internal/input-bound.js'

/** A UK postcode, upper case with one space before the inward code (`SW1A 1AA`). @category identifiers */
export type UkPostcode = Brand<string, 'UkPostcode'>

/** Options for {@link validateUkPostcode}. @category identifiers */
export interface PostcodeOptions {
  /** Also accept NHS pseudo-postcodes `ZZ99 9AZ` (NHS Data Dictionary, POSTCODE OF USUAL ADDRESS). */
  readonly allowNhsPseudo?: boolean
}

// BS 7666 / Royal Mail letter rules: 1st never QVX, 2nd never IJZ, 3rd (A9A) ABCDEFGHJKPSTUW,
// 4th (AA9A) ABEHMNPRVWXY, inward letters never CIKMOV.
const OUTWARD =
  /^(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][0-9][ABCDEFGHJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])$/
const INWARD = /^[0-9][ABD-HJLNP-UW-Z]{2}$/
const NHS_PSEUDO = /^ZZ99 [0-9][A-Z]Z$/

/**
 * Validates a UK postcode against the BS 7666 shape and letter rules (plus `GIR 0AA`).
 * Accepts lower case and a missing or single space; returns the canonical form. A well-formed
 * postcode may still not exist: only PAF/ONS lookups prove that.
 *
 * @example
 * validateUkPostcode('sw1a1aa') // right('SW1A 1AA')
 * validateUkPostcode('ZZ99 3VZ', { allowNhsPseudo: true }) // right (no fixed abode)
 * @category identifiers
 */
export function validateUkPostcode(input: unknown, options: PostcodeOptions = {}): E.Either<Issues, UkPostcode> {
  if (typeof input !== 'string')
    return E.left([errorIssue('invalid', 'postcode.type', `A postcode must be a string, got ${typeof input}`)])
  const tooLong = overLong(input, 'postcode', 'A postcode')
  if (tooLong !== undefined) return E.left([tooLong])
  const s = input.trim().toUpperCase()
  const m = /^([A-Z0-9]{2,4}) ?([A-Z0-9]{3})$/.exec(s)
  if (m === null) {
    return E.left([
      errorIssue(
        'invalid',
        'postcode.format',
        `A postcode is an outward code, an optional space and a 3-character inward code (e.g. SW1A 1AA); got ${quote(s, 20)}`,
      ),
    ])
  }
  const canonical = `${m[1]} ${m[2]}`
  if (canonical === 'GIR 0AA') return E.right(canonical as UkPostcode)
  if (options.allowNhsPseudo === true && NHS_PSEUDO.test(canonical)) return E.right(canonical as UkPostcode)
  if (!OUTWARD.test(m[1]!)) {
    const pseudo = m[1] === 'ZZ99' ? ' (an NHS pseudo-postcode: pass allowNhsPseudo to accept)' : ''
    return E.left([
      errorIssue(
        'value',
        'postcode.outward',
        `Outward code ${m[1]} breaks the BS 7666 pattern or letter rules${pseudo}`,
      ),
    ])
  }
  if (!INWARD.test(m[2]!)) {
    return E.left([
      errorIssue(
        'value',
        'postcode.inward',
        `Inward code ${m[2]} must be a digit and two letters other than C, I, K, M, O, V`,
      ),
    ])
  }
  return E.right(canonical as UkPostcode)
}

/** True when `input` is a well-formed UK postcode. @category identifiers */
export function isUkPostcode(input: unknown, options: PostcodeOptions = {}): boolean {
  return E.isRight(validateUkPostcode(input, options))
}
