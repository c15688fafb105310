import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes'

import type { VersionRecord } from './version-record.js'

/**
 * A `history` Bundle (FHIR R4 http §3.1.0.11): one entry per version, in the order given (callers
 * pass newest first), each with the `request` that produced it and a `response` carrying its ETag.
 */
export function historyBundle(records: readonly VersionRecord[], baseUrl: string, total?: number): Bundle {
  const entry: BundleEntry[] = records.map((record) => {
    const path = `${record.resourceType}/${record.id}`
    return {
      fullUrl: baseUrl ? `${baseUrl}/${path}` : path,
      ...(record.resource ? { resource: structuredClone(record.resource) as Resource } : {}),
      request: { method: record.method, url: record.method === 'POST' ? record.resourceType : path },
      response: {
        status: record.method === 'POST' ? '201' : record.method === 'DELETE' ? '204' : '200',
        etag: `W/"${record.versionId}"`,
        lastModified: record.lastUpdated,
      },
    }
  })
  return { resourceType: 'Bundle', type: 'history', total: total ?? records.length, ...(entry.length ? { entry } : {}) }
}
