import type { Binary } from '@medplum/fhirtypes'

import { type FhirHttpRequest, headerValue } from './fhir-request.js'
import type { HostResponse } from './http-io.js'

/**
 * FHIR R4 Binary §2.42.0.3: a Binary may be sent and read as raw bytes with its own content type.
 * The router only speaks JSON, so the host wraps raw bytes into a Binary resource and back.
 */
export function binaryFromBytes(bytes: Buffer, contentType: string, id: string | undefined): Binary {
  return {
    resourceType: 'Binary',
    ...(id ? { id } : {}),
    contentType: contentType.split(';')[0]?.trim() ?? contentType,
    data: bytes.toString('base64'),
  }
}

/** Raw bytes unless the client asked for FHIR JSON. */
export function wantsRawBinary(req: FhirHttpRequest): boolean {
  const accept = (headerValue(req, 'accept') ?? '').toLowerCase()
  return !accept.includes('json') || req.query.get('_format') === 'raw'
}

export function rawBinaryResponse(binary: Binary): HostResponse {
  const headers: Record<string, string> = { 'content-type': binary.contentType ?? 'application/octet-stream' }
  if (binary.meta?.versionId) headers['etag'] = `W/"${binary.meta.versionId}"`
  return { status: 200, headers, body: Buffer.from(binary.data ?? '', 'base64') }
}
