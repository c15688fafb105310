import { badRequest, normalizeOperationOutcome, OperationOutcomeError } from '@medplum/core'
import { FhirRouter, type HttpMethod } from '@medplum/fhir-router'
import type { Binary, Bundle, Resource } from '@medplum/fhirtypes'

import { binaryFromBytes, wantsRawBinary, rawBinaryResponse } from './binary-content.js'
import { capabilityStatement } from './capability-statement.js'
import type { Definitions } from './definitions.js'
import { type FhirHttpRequest, headerValue, prefers, queryRecord } from './fhir-request.js'
import { fhirResponse } from './fhir-response.js'
import { historyResponse } from './history-handler.js'
import { type HostResponse, json, outcome } from './http-io.js'
import { jsonDeeperThan } from './json-depth.js'
import { Mutex } from './mutex.js'
import type { SandboxRepository } from './sandbox-repository.js'
import { type PagingLimits, searchBundle } from './search-handler.js'
import { runBundle } from './transaction-handler.js'
import { validateInput, validateOutcome, validationIssues } from './validate-operation.js'

/** Everything the FHIR routes need from their sandbox. */
export interface FhirHostContext {
  readonly defs: Definitions
  readonly repo: SandboxRepository
  readonly limits: PagingLimits
  readonly baseUrl: () => string
  readonly tokenUrl: () => string | undefined
}

/**
 * The host layer over `@medplum/fhir-router`: it answers what the router lacks or gets wrong
 * (spec note fhir.md §4.2), processes batches and transactions itself, and hands single
 * interactions to the router, every interaction under one mutex.
 */
export class FhirHost {
  private readonly router = new FhirRouter()
  private readonly mutex = new Mutex()
  private readonly resourceTypes: ReadonlySet<string>
  private metadataJson: string | undefined

  constructor(private readonly ctx: FhirHostContext) {
    this.resourceTypes = new Set(ctx.defs.resourceTypes)
  }

  /** Runs `task` with no FHIR interaction in flight (used by reset). */
  exclusive(task: () => void): Promise<void> {
    return this.mutex.run(async () => task())
  }

  async handle(req: FhirHttpRequest): Promise<HostResponse> {
    const [first = '', second, third] = req.segments
    if (req.method === 'GET' && first === 'metadata' && req.segments.length === 1) return this.metadata()
    if (first === '$validate' || (second === '$validate' && req.segments.length === 2) || third === '$validate') {
      return this.validate(req, second === '$validate' || third === '$validate' ? first : undefined)
    }
    if (first !== '' && !this.resourceTypes.has(first)) {
      return outcome(404, 'not-supported', `Unknown resource type "${first}"`)
    }
    let body: unknown
    try {
      body = this.parseBody(req, first)
    } catch (err) {
      return outcome(400, 'structure', err instanceof Error ? err.message : 'Unreadable body')
    }
    return this.mutex.run(() => this.dispatch(req, body))
  }

  private async dispatch(req: FhirHttpRequest, body: unknown): Promise<HostResponse> {
    const { method, segments } = req
    const [type = '', id, third] = segments
    const base = this.ctx.baseUrl()
    try {
      if (type === '' && method === 'POST') return await this.bundle(body, prefers(req, 'return=minimal'))
      if (type === '' && method === 'GET')
        return outcome(400, 'not-supported', 'System-level search is not supported; search one type')
      const isSearch =
        (method === 'GET' && segments.length === 1) || (method === 'POST' && id === '_search' && segments.length === 2)
      if (isSearch) return this.search(req, type, body)
      if (method === 'GET' && (id === '_history' || third === '_history') && segments.length <= 3) {
        return historyResponse(
          this.ctx.repo.store,
          type,
          id === '_history' ? undefined : id,
          req.query,
          base,
          this.ctx.limits,
        )
      }
      const existedBefore = method === 'PUT' && id !== undefined && this.ctx.repo.store.get(type, id) !== undefined
      const [result, resource] = await this.router.handleRequest(
        {
          method: method as HttpMethod,
          url: pathOf(segments),
          pathname: '',
          body,
          params: {},
          query: queryRecord(req.query),
          headers: req.headers,
        },
        this.ctx.repo,
      )
      const created = method === 'PUT' && resource !== undefined && segments.length === 2 && !existedBefore
      if (resource && type === 'Binary' && method === 'GET' && wantsRawBinary(req))
        return rawBinaryResponse(resource as Binary)
      return fhirResponse(req, base, result, resource, created ? 201 : undefined)
    } catch (err) {
      return fhirResponse(req, base, normalizeOperationOutcome(err), undefined)
    }
  }

  private search(req: FhirHttpRequest, type: string, body: unknown): HostResponse {
    const query = new URLSearchParams(req.query)
    if (body instanceof URLSearchParams) for (const [k, v] of body) query.append(k, v)
    const bundle = searchBundle(
      this.ctx.repo.store,
      type,
      query,
      this.ctx.baseUrl(),
      this.ctx.limits,
      prefers(req, 'handling=strict'),
    )
    return json(200, bundle)
  }

  private async bundle(body: unknown, minimal: boolean): Promise<HostResponse> {
    const bundle = body as Bundle | undefined
    if (bundle?.resourceType !== 'Bundle' || (bundle.type !== 'transaction' && bundle.type !== 'batch')) {
      return outcome(400, 'invalid', 'POST to the base needs a Bundle of type transaction or batch')
    }
    return runBundle(
      {
        repo: this.ctx.repo,
        baseUrl: this.ctx.baseUrl(),
        isResourceType: (type) => this.resourceTypes.has(type),
        dispatch: (req, entryBody) => this.dispatch(req, entryBody),
      },
      bundle,
      minimal,
    )
  }

  private metadata(): HostResponse {
    this.metadataJson ??= JSON.stringify(capabilityStatement(this.ctx.defs, this.ctx.baseUrl(), this.ctx.tokenUrl()))
    return { status: 200, headers: { 'content-type': 'application/fhir+json; charset=utf-8' }, body: this.metadataJson }
  }

  private async validate(req: FhirHttpRequest, type: string | undefined): Promise<HostResponse> {
    if (req.method !== 'POST') return outcome(405, 'not-supported', '$validate takes POST')
    let parsed: ReturnType<typeof validateInput>
    try {
      parsed = validateInput(JSON.parse(req.body.toString('utf8')))
    } catch {
      return outcome(400, 'structure', 'Body is not JSON')
    }
    const { resource } = parsed
    if (!resource?.resourceType) return outcome(400, 'required', 'No resource to validate')
    if (type && resource.resourceType !== type)
      return outcome(400, 'invalid', `Expected a ${type}, got ${resource.resourceType}`)
    const profiles = [...req.query.getAll('profile'), ...(parsed.profile ? [parsed.profile] : [])]
    return json(200, validateOutcome(validationIssues(this.ctx.defs, resource, profiles)))
  }

  private parseBody(req: FhirHttpRequest, type: string): unknown {
    if (req.body.length === 0) return undefined
    const contentType = (headerValue(req, 'content-type') ?? '').toLowerCase()
    if (contentType.startsWith('application/x-www-form-urlencoded'))
      return new URLSearchParams(req.body.toString('utf8'))
    if (type === 'Binary' && !contentType.includes('json')) {
      const id = req.method === 'PUT' ? req.segments[1] : undefined
      return binaryFromBytes(req.body, contentType || 'application/octet-stream', id)
    }
    const text = req.body.toString('utf8')
    // A resource nested thousands deep used to be stored, then overflow the stack when answered
    // (reported as a failure, yet committed) and on every later search of its type.
    if (jsonDeeperThan(text, MAX_REQUEST_DEPTH))
      throw new OperationOutcomeError(badRequest(`Body nests deeper than ${MAX_REQUEST_DEPTH} levels`))
    const parsed = JSON.parse(text) as unknown
    if (req.method !== 'PATCH' && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) {
      throw new OperationOutcomeError(badRequest('Body must be a JSON object'))
    }
    return parsed as Resource
  }
}

// Resources seldom nest past 15 levels; a transaction Bundle adds three.
const MAX_REQUEST_DEPTH = 128

function pathOf(segments: readonly string[]): string {
  return segments.map(encodeURIComponent).join('/')
}
