import type { Brand } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { isAllDigits } from '../internal/digit-groups.js'
import { verhoeffValid } from '../internal/verhoeff.js'
import { quote } from '../internal/quote.js'
import { errorIssue, type Issues } from '../issue.js'
import { overLong } from '../internal/input-bound.js'

/** A SNOMED CT identifier, kept as a string (18-digit ids do not fit a JS number). @category identifiers */
export type Sctid = Brand<string, 'Sctid'>

/** What an SCTID identifies, from its partition identifier. @category identifiers */
export type SctidKind = 'concept' | 'description' | 'relationship' | 'expression'

/** The parts of a valid SCTID. @category identifiers */
export interface SctidParts {
  readonly kind: SctidKind
  /** `short` = International release (partition 0x), `long` = extension with a namespace (1x). */
  readonly format: 'short' | 'long'
  /** The 7-digit namespace for long-format ids (e.g. `1000001` UK drug extension). */
  readonly namespace?: string
  readonly partition: string
}

// SNOMED CT Release File Specification 6.5 "Partition identifier".
const PARTITIONS: Readonly<Record<string, SctidKind>> = {
  '00': 'concept',
  '01': 'description',
  '02': 'relationship',
  '10': 'concept',
  '11': 'description',
  '12': 'relationship',
  '16': 'expression',
}

/**
 * Validates a SNOMED CT identifier (Release File Specification 6.1-6.6): 6 to 18 digits, no
 * leading zero, a known partition identifier and a Verhoeff check digit. Surrounding
 * whitespace is trimmed; the id stays a string.
 *
 * @example
 * validateSctid('404684003')          // right (Clinical finding)
 * validateSctid('39732311000001104')  // right (UK drug extension concept)
 * @category identifiers
 */
export function validateSctid(input: unknown): E.Either<Issues, Sctid> {
  if (typeof input !== 'string') {
    return E.left([
      errorIssue(
        'invalid',
        'sctid.type',
        `An SCTID must be a string (18-digit ids lose precision as numbers), got ${typeof input}`,
      ),
    ])
  }
  const tooLong = overLong(input, 'sctid', 'An SCTID')
  if (tooLong !== undefined) return E.left([tooLong])
  const s = input.trim()
  if (!isAllDigits(s))
    return E.left([errorIssue('invalid', 'sctid.format', `An SCTID contains digits only; got ${quote(s, 40)}`)])
  if (s.length < 6 || s.length > 18) {
    return E.left([errorIssue('invalid', 'sctid.length', `An SCTID has 6 to 18 digits; got ${s.length}`)])
  }
  if (s[0] === '0') return E.left([errorIssue('invalid', 'sctid.leading-zero', 'An SCTID never starts with 0')])
  const partition = s.slice(-3, -1)
  const kind = PARTITIONS[partition]
  if (kind === undefined) {
    return E.left([
      errorIssue(
        'value',
        'sctid.partition',
        `Partition identifier ${partition} (digits 2-3 from the right) is reserved`,
      ),
    ])
  }
  if (partition[0] === '1' && s.length < 11) {
    return E.left([
      errorIssue(
        'value',
        'sctid.namespace',
        `Long-format partition ${partition} needs a 7-digit namespace: at least 11 digits`,
      ),
    ])
  }
  if (!verhoeffValid(s)) return E.left([errorIssue('value', 'sctid.checksum', `${s} fails the Verhoeff check digit`)])
  return E.right(s as Sctid)
}

/** True when `input` is a valid SCTID. @category identifiers */
export function isSctid(input: unknown): boolean {
  return E.isRight(validateSctid(input))
}

/**
 * Splits a valid SCTID into kind, format, partition and namespace.
 *
 * @example
 * sctidParts(id).kind // 'concept'
 * @category identifiers
 */
export function sctidParts(id: Sctid): SctidParts {
  const partition = id.slice(-3, -1)
  const kind = PARTITIONS[partition] ?? 'concept'
  if (partition[0] === '1') return { kind, format: 'long', namespace: id.slice(-10, -3), partition }
  return { kind, format: 'short', partition }
}

/**
 * Validates a SNOMED CT concept id (partition 00 or 10), the only kind allowed in
 * `Coding.code` for `http://snomed.info/sct` apart from expressions.
 *
 * @category identifiers
 */
export function validateSnomedConceptId(input: unknown): E.Either<Issues, Sctid> {
  return E.chain((id: Sctid) => {
    const parts = sctidParts(id)
    return parts.kind === 'concept'
      ? E.right(id)
      : E.left<Issues, Sctid>([
          errorIssue(
            'value',
            'sctid.not-concept',
            `${id} is a ${parts.kind} id (partition ${parts.partition}), not a concept id`,
          ),
        ])
  })(validateSctid(input))
}
