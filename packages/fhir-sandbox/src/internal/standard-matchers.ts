import {
  convertToSearchableDates,
  convertToSearchableReferences,
  convertToSearchableStrings,
  convertToSearchableTokens,
  type Filter,
  Operator,
  parseFhirPath,
  splitSearchOnComma,
  toPeriod,
  toTypedValue,
  type TypedValue,
} from '@medplum/core'
import type { Period, Resource, SearchParameter } from '@medplum/fhirtypes'

/** Tests one resource against one search filter. */
export type Matcher = (resource: Resource) => boolean

/**
 * Parsed search-parameter expressions. Keys come only from the loaded SearchParameter definitions
 * (a few thousand at most), never from request text, so the map is bounded; parsing one costs more
 * than the indexed lookup of a conditional create, so each is parsed once per process.
 */
const parsedExpressions = new Map<string, ReturnType<typeof parseFhirPath>>()

/**
 * Values reached by a FHIRPath expression. Medplum's own matcher re-parses the expression for every
 * resource tested (~10× slower on a 5,000-resource scan); values are normalised the way its
 * `evalFhirPathTyped` does.
 */
export function evaluator(expression: string): (resource: Resource) => TypedValue[] {
  let atom = parsedExpressions.get(expression)
  if (atom === undefined) {
    atom = parseFhirPath(expression)
    parsedExpressions.set(expression, atom)
  }
  const parsed = atom
  return (resource) =>
    parsed.eval({ variables: {} }, [toTypedValue(resource)]).map((v) => ({ type: v.type, value: v.value?.valueOf() }))
}

/**
 * The token, string, uri, date and reference matching of `@medplum/core` `matchesSearchRequest`
 * (FHIR R4 search §3.1.1.4), over a pre-parsed expression. Returns `undefined` for other types.
 */
export function standardMatcher(param: SearchParameter, filter: Filter): Matcher | undefined {
  const evaluate = evaluator(param.expression ?? '')
  if (filter.operator === Operator.MISSING || filter.operator === Operator.PRESENT) {
    const wantPresent =
      (filter.operator === Operator.MISSING && filter.value === 'false') ||
      (filter.operator === Operator.PRESENT && filter.value === 'true')
    return (resource) => evaluate(resource).length > 0 === wantPresent
  }
  const negated = filter.operator === Operator.NOT_EQUALS || filter.operator === Operator.NOT
  const wanted = splitSearchOnComma(filter.value)
  const any = (test: (values: TypedValue[]) => boolean): Matcher => {
    return (resource) => test(evaluate(resource)) !== negated
  }
  switch (param.type) {
    case 'reference':
      if (filter.value === '')
        return (resource) => (evaluate(resource).length === 0) === (filter.operator === Operator.EQUALS)
      return any((values) => {
        const refs = convertToSearchableReferences(values)
        return wanted.some((w) => refs.includes(w))
      })
    case 'token':
      return any((values) => convertToSearchableTokens(values).some((t) => wanted.some((w) => tokenMatches(t, w))))
    case 'string':
    case 'uri':
      return any((values) => {
        const strings = convertToSearchableStrings(values).map((s) => s.toLowerCase())
        return wanted.some((w) => strings.some((s) => s.includes(w.toLowerCase())))
      })
    case 'date': {
      const periods = wanted.map((w) => toPeriod(w))
      return any((values) =>
        convertToSearchableDates(values).some((v) =>
          periods.some((p) => p !== undefined && dateMatches(v, filter.operator, p)),
        ),
      )
    }
    default:
      return undefined
  }
}

function tokenMatches(token: { system: string | undefined; value: string | undefined }, filterValue: string): boolean {
  const value = token.value?.toLowerCase()
  if (!filterValue.includes('|')) return value === filterValue.toLowerCase()
  const [system = '', code = ''] = filterValue.split('|').map((s) => s.toLowerCase())
  if (!system && !code) return false
  if (!system) return !token.system && value === code // `|code`: no system
  return token.system?.toLowerCase() === system && (!code || value === code)
}

function dateMatches(resourceValue: Period, operator: Filter['operator'], filter: Period): boolean {
  const start = resourceValue.start ?? '0000'
  const end = resourceValue.end ?? '9999'
  const filterStart = filter.start ?? ''
  const filterEnd = filter.end ?? ''
  switch (operator) {
    case Operator.APPROXIMATELY:
    case Operator.EQUALS:
    case Operator.NOT_EQUALS:
      return start < filterEnd && end > filterStart
    case Operator.LESS_THAN:
      return start < filterStart
    case Operator.GREATER_THAN:
      return end > filterEnd
    case Operator.LESS_THAN_OR_EQUALS:
      return start <= filterEnd
    case Operator.GREATER_THAN_OR_EQUALS:
      return end >= filterStart
    case Operator.STARTS_AFTER:
      return start > filterEnd
    case Operator.ENDS_BEFORE:
      return end < filterStart
    default:
      return false
  }
}
