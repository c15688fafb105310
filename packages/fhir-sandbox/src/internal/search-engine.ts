import {
  badRequest,
  type Filter,
  Operator,
  OperationOutcomeError,
  type SearchRequest,
  splitSearchOnComma,
} from '@medplum/core'
import type { Resource, ResourceType, SearchParameter } from '@medplum/fhirtypes'

import { searchParam } from './definitions.js'
import type { ResourceStore } from './resource-store.js'
import { type Matcher, paramMatcher, parseToken, qualifyBareIds } from './search-matchers.js'
import { evaluator } from './standard-matchers.js'
import { sortResources } from './search-sort.js'
import type { IndexedReferenceField } from './store-indexes.js'

type Stored = Resource & { id: string }

/** The resources matching a search, before paging, plus the parameters that were not understood. */
export interface SearchMatches {
  readonly matches: readonly Stored[]
  readonly unknownParams: readonly string[]
}

/**
 * Evaluates a search against the store. `strict` (used for conditional create/update/delete and by
 * `Prefer: handling=strict`) rejects unknown parameters with 400: ignoring one would let an
 * `If-None-Exist` match everything. Lenient mode drops them and reports them (FHIR R4 §3.1.1.5.7).
 */
export function findMatches(store: ResourceStore, request: SearchRequest, strict: boolean): SearchMatches {
  const { resourceType } = request
  const unknownParams: string[] = []
  const plans: FilterPlan[] = []
  for (const filter of request.filters ?? []) {
    const plan = planFilter(store, resourceType, filter)
    if (plan) plans.push(plan)
    else unknownParams.push(filter.code)
  }
  if (strict && unknownParams.length > 0) {
    throw new OperationOutcomeError(badRequest(`Unknown search parameter: ${unknownParams.join(', ')}`))
  }
  const candidates = narrowestCandidates(store, resourceType, plans)
  const matches: Stored[] = []
  for (const resource of candidates) {
    if (plans.every((plan) => plan.matches(resource))) matches.push(resource)
  }
  return { matches: sortResources(matches, request.sortRules), unknownParams }
}

const SUPPORTED_TYPES = new Set(['token', 'string', 'uri', 'date', 'reference', 'quantity', 'number'])

interface FilterPlan {
  readonly matches: Matcher
  /** Ids that could match, from an index; absent when the filter cannot use one. */
  readonly candidates?: () => Iterable<string>
}

function planFilter(store: ResourceStore, resourceType: string, filter: Filter): FilterPlan | undefined {
  if (filter.code.includes('.')) return chainPlan(store, resourceType, filter)
  const param = searchParam(resourceType, filter.code)
  // composite and special parameters would silently match nothing: report them as unsupported
  if (!param || !SUPPORTED_TYPES.has(param.type)) return undefined
  const matches = paramMatcher(resourceType, param, filter)
  const candidates = indexCandidates(store, resourceType, param, filter)
  return candidates ? { matches, candidates } : { matches }
}

function indexCandidates(
  store: ResourceStore,
  resourceType: string,
  param: SearchParameter,
  filter: Filter,
): (() => Iterable<string>) | undefined {
  if (filter.operator !== Operator.EQUALS) return undefined
  const values = splitSearchOnComma(filter.value)
  if (param.code === '_id') return () => values
  // `identifier=system|` (any value in a system) cannot use the value index.
  const tokens = values.map(parseToken)
  if (
    param.type === 'token' &&
    param.expression === `${resourceType}.identifier` &&
    tokens.every((t) => t.code !== '')
  ) {
    return () => union(tokens.map((t) => store.indexes.byIdentifierValue(resourceType, t.code)))
  }
  const field = indexedField(resourceType, param)
  if (param.type === 'reference' && field && filter.value !== '') {
    const refs = splitSearchOnComma(qualifyBareIds(param, filter.value))
    return () => union(refs.map((ref) => store.indexes.byReference(resourceType, field, ref)))
  }
  return undefined
}

function indexedField(resourceType: string, param: SearchParameter): IndexedReferenceField | undefined {
  const expression = param.expression ?? ''
  for (const field of ['subject', 'patient'] as const) {
    const direct = `${resourceType}.${field}`
    if (expression === direct || expression === `${direct}.where(resolve() is Patient)`) return field
  }
  return undefined
}

/**
 * Chained search `subject.identifier=sys|val` (or `subject:Patient.identifier=…`): find the targets
 * first, then match resources whose reference points at one of them (FHIR R4 search §3.1.1.4.13).
 */
function chainPlan(store: ResourceStore, resourceType: string, filter: Filter): FilterPlan | undefined {
  const dot = filter.code.indexOf('.')
  const [refCode = '', explicitType] = filter.code.slice(0, dot).split(':')
  const targetCode = filter.code.slice(dot + 1)
  const param = searchParam(resourceType, refCode)
  if (!param || param.type !== 'reference' || targetCode.includes('.')) return undefined
  const targetTypes = explicitType ? [explicitType] : (param.target ?? [])
  if (!targetTypes.every((type) => searchParam(type, targetCode))) return undefined
  const refs = new Set<string>()
  for (const targetType of targetTypes) {
    const targetFilter = { code: targetCode, operator: Operator.EQUALS, value: filter.value }
    const found = findMatches(store, { resourceType: targetType as ResourceType, filters: [targetFilter] }, true)
    for (const target of found.matches) refs.add(`${targetType}/${target.id}`)
  }
  const evaluate = evaluator(param.expression ?? '')
  const matches: Matcher = (resource) =>
    evaluate(resource).some((tv) => refs.has((tv.value as { reference?: string } | undefined)?.reference ?? ''))
  const field = indexedField(resourceType, param)
  if (!field) return { matches }
  return {
    matches,
    candidates: () => union([...refs].map((ref) => store.indexes.byReference(resourceType, field, ref))),
  }
}

function narrowestCandidates(
  store: ResourceStore,
  resourceType: string,
  plans: readonly FilterPlan[],
): Iterable<Stored> {
  let best: Set<string> | undefined
  for (const plan of plans) {
    if (!plan.candidates) continue
    const ids = new Set(plan.candidates())
    if (!best || ids.size < best.size) best = ids
  }
  if (!best) return store.all(resourceType)
  const found: Stored[] = []
  for (const id of best) {
    const resource = store.get(resourceType, id)
    if (resource) found.push(resource)
  }
  return found
}

function union(sets: Iterable<Iterable<string>>): Set<string> {
  const out = new Set<string>()
  for (const set of sets) for (const id of set) out.add(id)
  return out
}
