import { evalFhirPath, type SortRule } from '@medplum/core'
import type { Resource } from '@medplum/fhirtypes'

import { searchParam } from './definitions.js'

/**
 * Applies `_sort` rules (first rule most significant). Without rules the store's insertion order is
 * kept, which makes paging stable.
 */
export function sortResources<T extends Resource>(resources: T[], rules: readonly SortRule[] | undefined): T[] {
  if (!rules || rules.length === 0 || resources.length < 2) return resources
  const keyed = resources.map((resource) => ({ resource, keys: rules.map((rule) => sortKey(resource, rule.code)) }))
  keyed.sort((a, b) => {
    for (let i = 0; i < rules.length; i++) {
      const order = (a.keys[i] ?? '').localeCompare(b.keys[i] ?? '', 'en', { numeric: true })
      if (order !== 0) return rules[i]?.descending ? -order : order
    }
    return 0
  })
  return keyed.map((k) => k.resource)
}

function sortKey(resource: Resource, code: string): string {
  const expression = searchParam(resource.resourceType, code)?.expression
  if (!expression) return ''
  const values = evalFhirPath(expression, resource)
  const first = values[0]
  if (first === undefined || first === null) return ''
  if (typeof first === 'string') return first
  if (typeof first === 'object') {
    const v = first as Record<string, unknown>
    const scalar = v['start'] ?? v['value'] ?? v['reference'] ?? v['code'] ?? v['family']
    if (typeof scalar === 'string' || typeof scalar === 'number') return String(scalar)
  }
  return JSON.stringify(first)
}
