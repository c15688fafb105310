import { errorIssue, type ValidationIssue } from '../issue.js'
import { overLong } from './input-bound.js'

/**
 * Normalises a digit string typed by a person: trims, then accepts the bare digits or the given
 * groupings separated by one space or one hyphen (used consistently). Returns the bare digits or
 * an issue that says what is wrong with the presentation.
 */
export function parseDigitGroups(
  input: unknown,
  length: number,
  groupings: readonly (readonly number[])[],
  idPrefix: string,
  label: string,
): string | ValidationIssue {
  if (typeof input !== 'string') {
    const what =
      typeof input === 'number' ? 'a number (identifiers must be strings: leading zeros are lost)' : typeof input
    return errorIssue('invalid', `${idPrefix}.type`, `${label} must be a string, got ${what}`)
  }
  const tooLong = overLong(input, idPrefix, label)
  if (tooLong !== undefined) return tooLong
  const s = input.trim()
  if (s.length === length && isAllDigits(s)) return s
  if (s.length === 0) return errorIssue('required', `${idPrefix}.empty`, `${label} is empty`)
  for (const groups of groupings) {
    for (const sep of [' ', '-']) {
      if (matchesGroups(s, groups, sep)) return s.split(sep).join('')
    }
  }
  return errorIssue('invalid', `${idPrefix}.format`, describeBadFormat(s, length, label, groupings))
}

function matchesGroups(s: string, groups: readonly number[], sep: string): boolean {
  const parts = s.split(sep)
  if (parts.length !== groups.length) return false
  return parts.every((p, i) => p.length === groups[i] && isAllDigits(p))
}

function describeBadFormat(
  s: string,
  length: number,
  label: string,
  groupings: readonly (readonly number[])[],
): string {
  const digits = s.replace(/\D/g, '').length
  const others = s.replace(/[\d\s-]/g, '')
  const shapes = groupings.map((g) => g.map((n) => 'N'.repeat(n)).join(' ')).join(', ')
  if (others.length > 0) return `${label} may contain only digits, spaces and hyphens; found "${others.slice(0, 10)}"`
  if (digits !== length) return `${label} has ${length} digits; found ${digits}`
  return `${label} grouping not recognised: write ${'N'.repeat(length)} or ${shapes} (one space or one hyphen between groups)`
}

/** True when every character is an ASCII digit. */
export function isAllDigits(s: string): boolean {
  if (s.length === 0) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}
