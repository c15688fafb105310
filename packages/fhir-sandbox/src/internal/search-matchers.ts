import { type Filter, matchesSearchRequest, Operator, splitSearchOnComma, type TypedValue } from '@medplum/core'
import type { Identifier, Reference, ResourceType, SearchParameter } from '@medplum/fhirtypes'

import { evaluator, type Matcher, standardMatcher } from './standard-matchers.js'

export type { Matcher } from './standard-matchers.js'

/**
 * Builds the matcher for a known parameter. The standard token/string/uri/date/reference cases use
 * Medplum's matching rules over a pre-parsed expression; the host adds what it silently answers with 0 results (spec note fhir.md §4.2):
 * quantity and number comparisons, `:identifier` on references, and bare-id references.
 */
export function paramMatcher(resourceType: string, param: SearchParameter, filter: Filter): Matcher {
  const expression = param.expression ?? ''
  if (param.type === 'quantity' || param.type === 'number') return numericMatcher(expression, param.type, filter)
  if (param.type === 'reference' && filter.operator === Operator.IDENTIFIER) {
    return referenceIdentifierMatcher(expression, filter.value)
  }
  const normalised = param.type === 'reference' ? { ...filter, value: qualifyBareIds(param, filter.value) } : filter
  const fast = standardMatcher(param, normalised)
  if (fast) return fast
  const request = { resourceType: resourceType as ResourceType, filters: [normalised] }
  return (resource) => matchesSearchRequest(resource, request)
}

/**
 * A bare id names a resource of any target type (FHIR R4 search §3.1.1.4.9): `patient=123` is
 * `Patient/123`, and `subject=123` is `Patient/123,Group/123,…` (comma = OR).
 */
export function qualifyBareIds(param: SearchParameter, value: string): string {
  const targets = param.target ?? []
  return splitSearchOnComma(value)
    .flatMap((v) =>
      v === '' || v.includes('/') || v.includes(':') || targets.length === 0 ? [v] : targets.map((t) => `${t}/${v}`),
    )
    .join(',')
}

function referenceIdentifierMatcher(expression: string, value: string): Matcher {
  const evaluate = evaluator(expression)
  const wanted = splitSearchOnComma(value).map(parseToken)
  return (resource) =>
    evaluate(resource).some((tv) => {
      const identifier = (tv.value as Reference | undefined)?.identifier
      return identifier !== undefined && wanted.some((w) => tokenMatches(identifier, w))
    })
}

interface Token {
  readonly system: string | undefined
  readonly code: string
}

export function parseToken(value: string): Token {
  const bar = value.indexOf('|')
  return bar < 0 ? { system: undefined, code: value } : { system: value.slice(0, bar), code: value.slice(bar + 1) }
}

function tokenMatches(identifier: Identifier, token: Token): boolean {
  if (token.system !== undefined && (identifier.system ?? '') !== token.system) return false
  return token.code === '' || identifier.value === token.code
}

interface NumericTarget {
  readonly number: number
  readonly system: string | undefined
  readonly code: string | undefined
  /** Half-width of the implied range: FHIR R4 §3.1.1.5.7 (precision of the stated value). */
  readonly halfWidth: number
}

function numericMatcher(expression: string, type: 'quantity' | 'number', filter: Filter): Matcher {
  const evaluate = evaluator(expression)
  const targets = splitSearchOnComma(filter.value).map(parseNumeric)
  return (resource) => {
    for (const tv of evaluate(resource)) {
      const found = numericValue(tv, type)
      if (!found) continue
      for (const target of targets) {
        if (!target) continue
        if (target.system && found.system !== target.system) continue
        if (target.code && found.code !== target.code && found.unit !== target.code) continue
        if (compare(found.value, filter.operator, target)) return true
      }
    }
    return false
  }
}

function parseNumeric(value: string): NumericTarget | undefined {
  const [num = '', system, code] = value.split('|')
  const number = Number(num)
  if (num.trim() === '' || !Number.isFinite(number)) return undefined
  const decimals = num.includes('.') ? (num.split('.')[1]?.length ?? 0) : 0
  return { number, system: system || undefined, code: code || undefined, halfWidth: 0.5 * 10 ** -decimals }
}

function numericValue(
  tv: TypedValue,
  type: 'quantity' | 'number',
): { value: number; system?: string; code?: string; unit?: string } | undefined {
  const v = tv.value as unknown
  if (typeof v === 'number') return { value: v }
  if (type === 'quantity' && v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number') {
    return v as { value: number; system?: string; code?: string; unit?: string }
  }
  return undefined
}

/** FHIR R4 search §3.1.1.4.1 prefixes; `ap` is ±10 % of the target value. */
function compare(actual: number, operator: Filter['operator'], target: NumericTarget): boolean {
  const { number: t, halfWidth } = target
  switch (operator) {
    case Operator.EQUALS:
      return actual >= t - halfWidth && actual < t + halfWidth
    case Operator.NOT_EQUALS:
      return !(actual >= t - halfWidth && actual < t + halfWidth)
    case Operator.GREATER_THAN:
    case Operator.STARTS_AFTER:
      return actual > t
    case Operator.LESS_THAN:
    case Operator.ENDS_BEFORE:
      return actual < t
    case Operator.GREATER_THAN_OR_EQUALS:
      return actual >= t
    case Operator.LESS_THAN_OR_EQUALS:
      return actual <= t
    case Operator.APPROXIMATELY:
      return Math.abs(actual - t) <= Math.abs(t) * 0.1
    default:
      return false
  }
}
