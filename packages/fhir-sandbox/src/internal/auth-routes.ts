import type { FhirHttpRequest } from './fhir-request.js'
import { type HostResponse, outcome } from './http-io.js'
import { ACCEPTED_ALGORITHMS, type TokenService } from './token-service.js'

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' }

/** `POST /oauth2/token`: form in, token or OAuth error JSON out. */
export async function tokenResponse(
  service: TokenService | undefined,
  req: FhirHttpRequest,
  tokenUrl: string,
): Promise<HostResponse> {
  if (!service) return outcome(404, 'not-found', 'This sandbox was started without auth')
  if (req.method !== 'POST') return { status: 405, headers: { allow: 'POST' } }
  const contentType = String(req.headers['content-type'] ?? '')
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return oauthJson(400, {
      error: 'invalid_request',
      error_description: 'Content-Type must be application/x-www-form-urlencoded',
    })
  }
  const result = await service.issue(new URLSearchParams(req.body.toString('utf8')), tokenUrl)
  if (result.ok) return oauthJson(200, result.body)
  return oauthJson(result.error.status, { error: result.error.error, error_description: result.error.description })
}

/** SMART App Launch 2.0 §2.1 discovery document for backend services. */
export function smartConfiguration(tokenUrl: string): HostResponse {
  return oauthJson(200, {
    token_endpoint: tokenUrl,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...ACCEPTED_ALGORITHMS],
    scopes_supported: ['system/*.read', 'system/*.write', 'system/*.*'],
    capabilities: ['client-confidential-asymmetric'],
  })
}

export function unauthorizedResponse(): HostResponse {
  return outcome(401, 'login', 'A valid Bearer token from the token endpoint is required', {
    'www-authenticate': 'Bearer error="invalid_token"',
  })
}

function oauthJson(status: number, body: unknown): HostResponse {
  return { status, headers: { 'content-type': 'application/json', ...NO_STORE }, body: JSON.stringify(body) }
}
