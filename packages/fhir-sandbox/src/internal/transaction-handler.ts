import { getStatus, isOk, normalizeOperationOutcome } from '@medplum/core'
import type { FhirRouter } from '@medplum/fhir-router'
import type { Bundle, BundleEntry, OperationOutcome } from '@medplum/fhirtypes'

import { type HostResponse, json } from './http-io.js'
import type { SandboxRepository } from './sandbox-repository.js'

/**
 * Runs a batch or transaction Bundle. The router is run in batch mode (its transaction mode refuses
 * more than 8 conditional entries and more than 50 updates); for a transaction the host makes the
 * result all-or-nothing itself: an undo log is open for the whole bundle and any failed entry rolls
 * every write back (FHIR R4 http §3.1.0.11.2). The caller holds the store mutex.
 */
export async function runBundle(
  router: FhirRouter,
  repo: SandboxRepository,
  bundle: Bundle,
  baseUrl: string,
  minimal = false,
): Promise<HostResponse> {
  const atomic = bundle.type === 'transaction'
  if (atomic) repo.store.begin()
  let committed = false
  try {
    const [outcome, result] = await router.handleRequest(
      { method: 'POST', url: '', pathname: '', body: bundle, params: {}, query: {}, config: { transactions: false } },
      repo,
    )
    if (!isOk(outcome) || result?.resourceType !== 'Bundle') return failure(outcome)
    const response = result as Bundle
    if (atomic) {
      const failedAt = (response.entry ?? []).findIndex((e) => Number(e.response?.status ?? '500') >= 400)
      if (failedAt >= 0) return entryFailure(response.entry?.[failedAt], failedAt)
      repo.store.commit()
      committed = true
    }
    for (const entry of response.entry ?? []) {
      decorate(entry, baseUrl)
      // `Prefer: return=minimal` applies to each entry (FHIR R4 http §3.1.0.11.3): keep only `response`.
      const type = entry.resource?.resourceType
      if (minimal && type !== 'OperationOutcome' && type !== 'Bundle') delete entry.resource
    }
    return json(200, response)
  } catch (err) {
    return failure(normalizeOperationOutcome(err))
  } finally {
    if (atomic && !committed) repo.store.rollback()
  }
}

/** Adds the version-specific Location, ETag and Last-Modified each entry response should carry. */
function decorate(entry: BundleEntry, baseUrl: string): void {
  const resource = entry.resource
  const response = entry.response
  if (!response) return
  delete response.outcome
  const versionId = resource?.meta?.versionId
  if (!resource?.id || !versionId || resource.resourceType === 'OperationOutcome') return
  response.etag = `W/"${versionId}"`
  if (resource.meta?.lastUpdated) response.lastModified = resource.meta.lastUpdated
  response.location = `${baseUrl}/${resource.resourceType}/${resource.id}/_history/${versionId}`
}

function failure(outcome: OperationOutcome): HostResponse {
  const status = getStatus(outcome)
  const { id: _id, ...body } = outcome
  return json(status >= 400 ? status : 400, body)
}

function entryFailure(entry: BundleEntry | undefined, index: number): HostResponse {
  const status = Number(entry?.response?.status ?? '400')
  const cause =
    entry?.response?.outcome ?? (entry?.resource?.resourceType === 'OperationOutcome' ? entry.resource : undefined)
  const issues = cause?.issue ?? []
  const { id: _id, ...rest } = cause ?? { resourceType: 'OperationOutcome' as const, issue: [] }
  return json(status, {
    ...rest,
    issue: [
      {
        severity: 'error',
        code: 'processing',
        diagnostics: `Transaction rolled back: entry ${index} failed with ${status}`,
      },
      ...issues,
    ],
  })
}
