import type { Brand } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { issue, type Issues, type ValidationIssue } from '../issue.js'
import { sctidParts, validateSnomedConceptId } from './sctid.js'

/** A dm+d VTM/VMP/VMPP/AMP/AMPP id: an SCTID concept id, kept as a string. @category identifiers */
export type DmdId = Brand<string, 'DmdId'>

/** The UK drug extension namespace (NHSBSA dm+d). */
export const UK_DRUG_NAMESPACE = '1000001'

/**
 * Validates a dm+d id: a SNOMED CT concept id (partition 00 for reused International concepts,
 * 10 for extension concepts). Whether it exists in dm+d is a terminology question, not checked.
 *
 * @example
 * validateDmdId('39732311000001104') // right
 * @category identifiers
 */
export function validateDmdId(input: unknown): E.Either<Issues, DmdId> {
  const r = validateSnomedConceptId(input)
  if (E.isLeft(r)) {
    const [first, ...rest] = r.left
    return E.left([{ ...first, id: first.id.replace(/^sctid\./, 'dmd.') }, ...rest])
  }
  return E.right(r.right as string as DmdId)
}

/** True when `input` is a well-formed dm+d id. @category identifiers */
export function isDmdId(input: unknown): boolean {
  return E.isRight(validateDmdId(input))
}

/** Warnings for a valid dm+d id (extension ids outside the UK drug namespace). @category identifiers */
export function describeDmdId(id: DmdId): ValidationIssue[] {
  const parts = sctidParts(id as string as Parameters<typeof sctidParts>[0])
  if (parts.format === 'long' && parts.namespace !== UK_DRUG_NAMESPACE) {
    return [
      issue(
        'warning',
        'business-rule',
        'dmd.namespace',
        `namespace ${parts.namespace} is not the UK drug extension (${UK_DRUG_NAMESPACE})`,
      ),
    ]
  }
  return []
}
