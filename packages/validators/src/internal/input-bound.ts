import { errorIssue, type ValidationIssue } from '../issue.js'

/**
 * Longest text accepted by an identifier validator, surrounding whitespace included. The longest
 * identifier here is an 18-digit SCTID (SNOMED CT Release File Specification 6.1); 64 leaves room
 * for spaces a person typed while refusing a pasted document before any work is done on it.
 */
export const MAX_IDENTIFIER_INPUT_LENGTH = 64

/** An issue when `input` is longer than {@link MAX_IDENTIFIER_INPUT_LENGTH}. */
export function overLong(input: string, idPrefix: string, label: string): ValidationIssue | undefined {
  if (input.length <= MAX_IDENTIFIER_INPUT_LENGTH) return undefined
  return errorIssue(
    'too-long',
    `${idPrefix}.too-long`,
    `${label} of ${input.length} characters is longer than any valid one (limit ${MAX_IDENTIFIER_INPUT_LENGTH})`,
  )
}
