import { getStatus } from '@medplum/core'
import type { OperationOutcome, Resource } from '@medplum/fhirtypes'

import { type FhirHttpRequest, headerValue, prefers } from './fhir-request.js'
import { FHIR_JSON, type HostResponse, json } from './http-io.js'

/**
 * Turns a router result into HTTP: status from the outcome, and the headers the router does not
 * set (FHIR R4 http §3.1.0.1.6/§3.1.0.4): `ETag: W/"<versionId>"`, `Last-Modified`, `Location` on
 * create, `Prefer: return=minimal|OperationOutcome`, and `If-None-Match` → 304 on reads.
 */
export function fhirResponse(
  req: FhirHttpRequest,
  baseUrl: string,
  outcome: OperationOutcome,
  resource: Resource | undefined,
  statusOverride?: number,
): HostResponse {
  const status = statusOverride ?? getStatus(outcome)
  if (!resource || status >= 400) return json(status, outcomeBody(outcome))
  const headers: Record<string, string> = { 'content-type': FHIR_JSON }
  const versionId = resource.meta?.versionId
  const isStoredResource = versionId !== undefined && resource.id !== undefined && resource.resourceType !== 'Bundle'
  if (isStoredResource) {
    headers['etag'] = `W/"${versionId}"`
    if (resource.meta?.lastUpdated) headers['last-modified'] = new Date(resource.meta.lastUpdated).toUTCString()
    const location = `${baseUrl}/${resource.resourceType}/${resource.id}/_history/${versionId}`
    if (status === 201 || req.method === 'PUT') headers['location'] = location
    if (req.method === 'GET' && etagMatches(headerValue(req, 'if-none-match'), versionId)) {
      return { status: 304, headers: { etag: headers['etag'] } }
    }
  }
  if (req.method !== 'GET' && prefers(req, 'return=minimal')) return { status, headers }
  if (req.method !== 'GET' && prefers(req, 'return=operationoutcome'))
    return json(status, outcomeBody(outcome), headers)
  return { status, headers, body: JSON.stringify(resource) }
}

function etagMatches(ifNoneMatch: string | undefined, versionId: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, ''))
    .some((tag) => tag === versionId || tag === '*')
}

export function outcomeBody(outcome: OperationOutcome): OperationOutcome {
  // Medplum's canned outcomes carry ids like "ok"; a client does not need them.
  const { id: _id, ...rest } = outcome
  return rest
}
