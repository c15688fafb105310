import { badRequest, evalFhirPath, OperationOutcomeError, parseSearchRequest, type SearchRequest } from '@medplum/core'
import type { Bundle, BundleEntry, BundleLink, Reference, Resource } from '@medplum/fhirtypes'

import { searchParam } from './definitions.js'
import { queryRecord } from './fhir-request.js'
import type { ResourceStore } from './resource-store.js'
import { findMatches } from './search-engine.js'

/** Paging limits of one sandbox. */
export interface PagingLimits {
  readonly defaultCount: number
  readonly maxCount: number
}

/**
 * A type-level search as a `searchset` Bundle (FHIR R4 search §3.1.1.5.6): one page of matches
 * (`_count` defaulted and capped), `_include` one level, self/first/previous/next links that
 * repeat the original query, `total`, and an `outcome` entry naming ignored parameters.
 * Throws an OperationOutcomeError (400) for malformed values, or for unknown parameters when `strict`.
 */
export function searchBundle(
  store: ResourceStore,
  resourceType: string,
  query: URLSearchParams,
  baseUrl: string,
  limits: PagingLimits,
  strict: boolean,
): Bundle {
  const parsed = parseSearchRequest(resourceType, queryRecord(query))
  const count = clampCount(parsed.count, limits)
  const offset = Number.isFinite(parsed.offset) && (parsed.offset ?? 0) > 0 ? (parsed.offset as number) : 0
  if (strict && parsed.revInclude) throw new OperationOutcomeError(badRequest('_revinclude is not supported'))
  const found = findMatches(store, parsed, strict)
  const matches = found.matches
  const unknownParams = [...found.unknownParams, ...(parsed.revInclude ? ['_revinclude'] : [])]
  const page = matches.slice(offset, offset + count)
  const entry: BundleEntry[] = page.map((resource) => ({
    fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`,
    resource: structuredClone(resource),
    search: { mode: 'match' },
  }))
  entry.push(...includedEntries(store, parsed, page, baseUrl))
  if (unknownParams.length > 0) entry.push(unknownParamsEntry(unknownParams))
  const link = pageLinks(`${baseUrl}/${resourceType}`, query, offset, count, matches.length)
  return { resourceType: 'Bundle', type: 'searchset', total: matches.length, link, ...(entry.length ? { entry } : {}) }
}

export function clampCount(requested: number | undefined, limits: PagingLimits): number {
  if (requested === undefined || !Number.isFinite(requested) || requested < 0) return limits.defaultCount
  return Math.min(requested, limits.maxCount)
}

/** self, first, previous and next links for an offset-paged result. */
export function pageLinks(
  path: string,
  query: URLSearchParams,
  offset: number,
  count: number,
  total: number,
): BundleLink[] {
  const at = (o: number): string => {
    const q = new URLSearchParams(query)
    q.set('_count', String(count))
    if (o > 0) q.set('_offset', String(o))
    else q.delete('_offset')
    return `${path}?${q.toString()}`
  }
  const links: BundleLink[] = [
    { relation: 'self', url: at(offset) },
    { relation: 'first', url: at(0) },
  ]
  if (offset > 0 && count > 0) links.push({ relation: 'previous', url: at(Math.max(0, offset - count)) })
  if (count > 0 && offset + count < total) links.push({ relation: 'next', url: at(offset + count) })
  return links
}

/** `_include=Type:param[:Target]`, one level (`:iterate` is treated the same way). */
function includedEntries(
  store: ResourceStore,
  request: SearchRequest,
  page: readonly Resource[],
  baseUrl: string,
): BundleEntry[] {
  const out: BundleEntry[] = []
  const seen = new Set(page.map((r) => `${r.resourceType}/${r.id ?? ''}`))
  for (const target of request.include ?? []) {
    if (target.resourceType !== request.resourceType) continue
    const expression = searchParam(target.resourceType, target.searchParam)?.expression
    if (!expression) continue
    for (const resource of page) {
      for (const value of evalFhirPath(expression, resource)) {
        const ref = (value as Reference | undefined)?.reference
        const [type, id] = ref?.split('/') ?? []
        if (!type || !id || (target.targetType && target.targetType !== type)) continue
        const found = store.get(type, id)
        if (!found || seen.has(`${type}/${id}`)) continue
        seen.add(`${type}/${id}`)
        out.push({ fullUrl: `${baseUrl}/${type}/${id}`, resource: structuredClone(found), search: { mode: 'include' } })
      }
    }
  }
  return out
}

function unknownParamsEntry(codes: readonly string[]): BundleEntry {
  return {
    resource: {
      resourceType: 'OperationOutcome',
      issue: codes.map((code) => ({
        severity: 'warning',
        code: 'not-supported',
        diagnostics: `Unknown search parameter "${code}" was ignored`,
      })),
    },
    search: { mode: 'outcome' },
  }
}
