import type { ResourceStore } from './resource-store.js'
import { historyBundle } from './history-bundle.js'
import { type HostResponse, json, outcome } from './http-io.js'
import { clampCount, pageLinks, type PagingLimits } from './search-handler.js'

/**
 * Instance (`Type/id/_history`) and type (`Type/_history`) history, newest first, stable across
 * calls (MemoryRepository reverses its array in place on every read), paged like a search, with
 * `_since` (FHIR R4 http §3.1.0.11).
 */
export function historyResponse(
  store: ResourceStore,
  resourceType: string,
  id: string | undefined,
  query: URLSearchParams,
  baseUrl: string,
  limits: PagingLimits,
): HostResponse {
  let records = id === undefined ? store.typeHistory(resourceType) : store.history(resourceType, id)
  if (id !== undefined && records.length === 0) return outcome(404, 'not-found', `${resourceType}/${id} not found`)
  const since = query.get('_since')
  if (since) {
    const t = Date.parse(since)
    if (Number.isNaN(t)) return outcome(400, 'invalid', `_since is not an instant: ${since}`)
    records = records.filter((r) => Date.parse(r.lastUpdated) >= t)
  }
  const rawCount = query.get('_count')
  const count = clampCount(rawCount === null ? undefined : Number(rawCount), limits)
  const offset = Math.max(0, Number(query.get('_offset') ?? 0) || 0)
  const newestFirst = [...records].reverse()
  const bundle = historyBundle(newestFirst.slice(offset, offset + count), baseUrl, newestFirst.length)
  const path = `${baseUrl}/${resourceType}${id === undefined ? '' : `/${id}`}/_history`
  return json(200, { ...bundle, link: pageLinks(path, query, offset, count, newestFirst.length) })
}
