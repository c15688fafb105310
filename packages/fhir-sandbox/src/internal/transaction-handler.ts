import { badRequest, generateId, getStatus, normalizeOperationOutcome, parseSearchRequest } from '@medplum/core'
import type {
  Binary,
  Bundle,
  BundleEntry,
  BundleEntryResponse,
  OperationOutcome,
  OperationOutcomeIssue,
  Resource,
} from '@medplum/fhirtypes'

import {
  type EntryRefusal,
  type EntryRequest,
  entryRequest,
  isConditionalModification,
  isCreate,
  isRefusal,
  transactionStep,
} from './bundle-entry-request.js'
import { collectPlaceholders, placeholderOf, rewritePlaceholders } from './bundle-placeholders.js'
import type { FhirHttpRequest } from './fhir-request.js'
import { outcomeBody } from './fhir-response.js'
import { type HostResponse, json } from './http-io.js'
import type { SandboxRepository } from './sandbox-repository.js'
import { findMatches } from './search-engine.js'

/** What a Bundle needs from its host. The caller holds the store mutex for the whole Bundle. */
export interface BundleContext {
  readonly repo: SandboxRepository
  readonly baseUrl: string
  readonly isResourceType: (type: string) => boolean
  /** Runs one entry that is not a type-level create as the equivalent single request. */
  readonly dispatch: (req: FhirHttpRequest, body: unknown) => Promise<HostResponse>
}

/** An entry that failed: its HTTP status and why. */
class EntryFailure extends Error {
  constructor(
    readonly status: number,
    readonly outcome: OperationOutcome,
  ) {
    super(outcome.issue?.[0]?.diagnostics ?? `entry failed with ${status}`)
  }
}

/**
 * Runs a batch or transaction Bundle (FHIR R4 http §3.1.0.11). Type-level creates, conditional or not,
 * run here directly against the indexed store: one `If-None-Exist` search and one write per entry,
 * which is what bulk uploads are made of. Every other entry runs as the equivalent single request
 * through the host, so it behaves exactly as it would outside a Bundle. A transaction is all or
 * nothing: the store keeps an undo log for the whole Bundle and any failed entry rolls every write back.
 */
export async function runBundle(ctx: BundleContext, bundle: Bundle, minimal: boolean): Promise<HostResponse> {
  const entries = bundle.entry ?? []
  const atomic = bundle.type === 'transaction'
  if (entries.length === 0) return failure(badRequest('The Bundle has no entries'))
  const parsed = entries.map((entry, i) => entryRequest(entry, i, ctx.baseUrl))
  const refused = parsed.find(isRefusal)
  if (atomic && refused) return refusal(refused)
  const requests = parsed.filter((r): r is EntryRequest => !isRefusal(r))
  const results: BundleEntry[] = parsed.map((r) => (isRefusal(r) ? failedEntry(refusalOutcome(r), r.status) : {}))

  if (atomic) ctx.repo.store.begin()
  let committed = false
  try {
    const plan = prepare(ctx, entries, requests, atomic)
    if ('failure' in plan) return entryFailure(plan.failure, plan.index)
    const order = atomic
      ? [...requests].sort((a, b) => transactionStep(a.method) - transactionStep(b.method) || a.index - b.index)
      : requests
    for (const req of order) {
      const result = await runEntry(ctx, req, plan, minimal)
      if (atomic && result instanceof EntryFailure) return entryFailure(result, req.index)
      results[req.index] = result instanceof EntryFailure ? failedEntry(result.outcome, result.status) : result
    }
    if (atomic) {
      ctx.repo.store.commit()
      committed = true
    }
    return json(200, {
      resourceType: 'Bundle',
      type: atomic ? 'transaction-response' : 'batch-response',
      entry: results,
    })
  } catch (err) {
    return failure(normalizeOperationOutcome(err))
  } finally {
    if (atomic && !committed) ctx.repo.store.rollback()
  }
}

/** What preparation resolved before any entry runs. */
interface BundlePlan {
  /** Placeholder → `Type/id`, for rewriting references (only placeholders that are referenced). */
  readonly identities: Map<string, string>
  /** Entry index → the id its create must use, so references to it resolve. */
  readonly assignedIds: Map<number, string>
}

/**
 * Resolves identities before anything runs (FHIR R4 http §3.1.0.11.2): placeholders that other
 * entries refer to get the id their entry will have, conditional modifications get the one resource
 * they match, and in a transaction no two modifications may act on the same resource. A Bundle
 * without referenced placeholders or conditional modifications costs one pass over its fullUrls.
 */
function prepare(
  ctx: BundleContext,
  entries: readonly BundleEntry[],
  requests: readonly EntryRequest[],
  atomic: boolean,
): BundlePlan | { readonly failure: EntryFailure; readonly index: number } {
  const plan: BundlePlan = { identities: new Map(), assignedIds: new Map() }
  const declared = new Map<number, string>()
  for (const req of requests) {
    const placeholder = placeholderOf(entries[req.index]?.fullUrl)
    if (placeholder !== undefined) declared.set(req.index, placeholder)
  }
  const referenced = new Set<string>()
  if (declared.size > 0) {
    for (const req of requests) {
      collectPlaceholders(req.resource, referenced)
      collectPlaceholders(req.query.toString(), referenced)
      collectPlaceholders(req.ifNoneExist, referenced)
    }
  }
  const seen = new Map<string, number>()
  for (const req of requests) {
    const placeholder = declared.get(req.index)
    const wanted = placeholder !== undefined && referenced.has(placeholder)
    let identity: string | undefined
    try {
      // A batch has no cross-entry rules: its conditional modifications resolve when they run,
      // against the store as the earlier entries left it, unless another entry refers to them.
      if (isCreate(req)) identity = wanted ? resolveCreate(ctx, req, plan) : undefined
      else if (atomic || wanted) identity = resolveModification(ctx, req, wanted, plan)
    } catch (err) {
      if (!atomic) continue // a batch entry runs later and fails on its own
      return { failure: asFailure(err), index: req.index }
    }
    if (identity === undefined) continue
    if (wanted) plan.identities.set(placeholder, identity)
    if (atomic && !isCreate(req) && req.method !== 'GET' && req.method !== 'HEAD') {
      const other = seen.get(identity)
      if (other !== undefined) {
        const failure = new EntryFailure(400, outcomeOf(`entries ${other} and ${req.index} both act on ${identity}`))
        return { failure, index: req.index }
      }
      seen.set(identity, req.index)
    }
  }
  return plan
}

/** The identity a referenced create will have: the resource its condition matches, or a new id. */
function resolveCreate(ctx: BundleContext, req: EntryRequest, plan: BundlePlan): string {
  const type = req.segments[0]!
  if (req.ifNoneExist) {
    const [match] = conditionalMatches(ctx, type, req.ifNoneExist)
    if (match) return `${type}/${match.id}`
  }
  const id = generateId()
  plan.assignedIds.set(req.index, id)
  return `${type}/${id}`
}

/** Explicit `Type/id`, or the one resource a conditional modification matches (then targeted directly). */
function resolveModification(
  ctx: BundleContext,
  req: EntryRequest,
  wanted: boolean,
  plan: BundlePlan,
): string | undefined {
  const [type = '', id] = req.segments
  if (req.segments.length === 2 && id !== undefined && !id.startsWith('$') && !id.startsWith('_'))
    return `${type}/${id}`
  if (!isConditionalModification(req)) return undefined
  const [match] = conditionalMatches(ctx, type, req.query.toString())
  if (match) {
    req.segments = [type, match.id]
    req.query = new URLSearchParams()
    if (req.resource) req.resource.id = match.id
    return `${type}/${match.id}`
  }
  // No match: a PUT creates (FHIR R4 http §3.1.0.4.3); give it its id now if others refer to it.
  if (req.method !== 'PUT' || !wanted || req.resource === undefined || req.resource.id !== undefined) return undefined
  const newId = generateId()
  req.segments = [type, newId]
  req.query = new URLSearchParams()
  req.resource.id = newId
  plan.assignedIds.set(req.index, newId)
  return `${type}/${newId}`
}

/** Resources a condition matches; several is 412 (FHIR R4 http §3.1.0.8, §3.1.0.4.3). */
function conditionalMatches(ctx: BundleContext, type: string, query: string): readonly (Resource & { id: string })[] {
  const request = parseSearchRequest(`${type}?${query}`)
  const { matches } = findMatches(ctx.repo.store, request, true)
  if (matches.length > 1)
    throw new EntryFailure(
      412,
      outcomeOf(`${type}?${query} matches ${matches.length} resources, not one`, 'multiple-matches'),
    )
  return matches
}

async function runEntry(
  ctx: BundleContext,
  req: EntryRequest,
  plan: BundlePlan,
  minimal: boolean,
): Promise<BundleEntry | EntryFailure> {
  try {
    if (plan.identities.size > 0) {
      rewritePlaceholders(req.resource, plan.identities)
      req.query = new URLSearchParams(rewritePlaceholders(req.query.toString(), plan.identities))
      if (req.ifNoneExist) req.ifNoneExist = rewritePlaceholders(req.ifNoneExist, plan.identities)
    }
    if (isCreate(req)) return runCreate(ctx, req, plan, minimal)
    return await runDelegated(ctx, req, minimal)
  } catch (err) {
    return asFailure(err)
  }
}

/** `POST Type`, with or without `ifNoneExist`: 201 with the new version, or 200 with the match. */
function runCreate(
  ctx: BundleContext,
  req: EntryRequest,
  plan: BundlePlan,
  minimal: boolean,
): BundleEntry | EntryFailure {
  const type = req.segments[0]!
  const { resource, ifNoneExist } = req
  if (!ctx.isResourceType(type))
    return new EntryFailure(404, outcomeOf(`Unknown resource type "${type}"`, 'not-supported'))
  if (resource?.resourceType !== type)
    return new EntryFailure(400, outcomeOf(`entry ${req.index}: POST ${type} needs a ${type} resource`))
  const assigned = plan.assignedIds.get(req.index)
  if (ifNoneExist) {
    const [match] = conditionalMatches(ctx, type, ifNoneExist)
    if (match) {
      // The match was written earlier in this Bundle, after references to this entry were resolved
      // to another id: answering 200 would leave those references pointing at nothing.
      if (assigned !== undefined && match.id !== assigned)
        return new EntryFailure(
          409,
          outcomeOf(
            `entry ${req.index}: its condition matches ${type}/${match.id}, written earlier in this Bundle`,
            'conflict',
          ),
        )
      return storedEntry(ctx.baseUrl, match, '200', minimal)
    }
  }
  const stored = ctx.repo.insert(resource, assigned)
  return storedEntry(ctx.baseUrl, stored, '201', minimal)
}

/** The entry response of a stored version: ETag, Last-Modified and a version-specific Location. */
function storedEntry(baseUrl: string, resource: Resource, status: string, minimal: boolean): BundleEntry {
  const response: BundleEntryResponse = { status }
  const versionId = resource.meta?.versionId
  if (resource.id && versionId) {
    response.etag = `W/"${versionId}"`
    if (resource.meta?.lastUpdated) response.lastModified = resource.meta.lastUpdated
    response.location = `${baseUrl}/${resource.resourceType}/${resource.id}/_history/${versionId}`
  }
  // `Prefer: return=minimal` applies to each entry (FHIR R4 http §3.1.0.11.3): keep only `response`.
  return minimal ? { response } : { resource, response }
}

/** Any other entry: the same request the host would run on its own, its answer folded into the entry. */
async function runDelegated(
  ctx: BundleContext,
  req: EntryRequest,
  minimal: boolean,
): Promise<BundleEntry | EntryFailure> {
  const headers: Record<string, string> = {}
  if (req.ifMatch) headers['if-match'] = req.ifMatch
  if (req.ifNoneMatch) headers['if-none-match'] = req.ifNoneMatch
  if (req.ifModifiedSince) headers['if-modified-since'] = req.ifModifiedSince
  if (req.ifNoneExist) headers['if-none-exist'] = req.ifNoneExist
  const method = req.method === 'HEAD' ? 'GET' : req.method
  const body = req.method === 'PATCH' ? patchBody(req) : req.resource
  const res = await ctx.dispatch(
    { method, segments: req.segments, query: req.query, headers, body: Buffer.alloc(0) },
    body,
  )
  const text = typeof res.body === 'string' ? res.body : res.body ? Buffer.from(res.body).toString('utf8') : ''
  const parsed = text === '' ? undefined : (JSON.parse(text) as Resource)
  if (res.status >= 400) {
    const outcome = parsed?.resourceType === 'OperationOutcome' ? parsed : outcomeOf(`entry ${req.index} failed`)
    return new EntryFailure(res.status, outcome)
  }
  if (parsed === undefined || parsed.resourceType === 'OperationOutcome' || req.method === 'HEAD') {
    const response: BundleEntryResponse = { status: String(res.status) }
    const location = res.headers?.['location']
    if (location) response.location = location
    return { response }
  }
  const keep = req.method === 'GET' || parsed.resourceType === 'Bundle'
  return storedEntry(ctx.baseUrl, parsed, String(res.status), minimal && !keep)
}

/** A PATCH entry carries its JSON Patch as a Binary (FHIR R4 http §3.1.0.6, §3.1.0.11). */
function patchBody(req: EntryRequest): unknown {
  const binary = req.resource as Binary | undefined
  if (binary?.resourceType !== 'Binary' || !binary.data)
    throw new EntryFailure(400, outcomeOf(`entry ${req.index}: a PATCH entry needs a Binary holding a JSON Patch`))
  try {
    return JSON.parse(Buffer.from(binary.data, 'base64').toString('utf8')) as unknown
  } catch {
    throw new EntryFailure(400, outcomeOf(`entry ${req.index}: the PATCH Binary is not JSON`))
  }
}

function asFailure(err: unknown): EntryFailure {
  if (err instanceof EntryFailure) return err
  const outcome = normalizeOperationOutcome(err)
  return new EntryFailure(getStatus(outcome), outcome)
}

function outcomeOf(diagnostics: string, code: OperationOutcomeIssue['code'] = 'invalid'): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] }
}

function refusalOutcome(r: EntryRefusal): OperationOutcome {
  return outcomeOf(r.diagnostics)
}

/** A batch entry that failed keeps its OperationOutcome in `response.outcome` (FHIR R4 Bundle.entry.response). */
function failedEntry(outcome: OperationOutcome, status: number): BundleEntry {
  return { response: { status: String(status), outcome: outcomeBody(outcome) } }
}

function refusal(r: EntryRefusal): HostResponse {
  return entryFailure(new EntryFailure(r.status, refusalOutcome(r)), r.index)
}

function failure(outcome: OperationOutcome): HostResponse {
  const status = getStatus(outcome)
  return json(status >= 400 ? status : 400, outcomeBody(outcome))
}

/** The whole transaction's answer when one entry failed: that entry's status, and its outcome after ours. */
function entryFailure(failed: EntryFailure, index: number): HostResponse {
  const rest = outcomeBody(failed.outcome)
  return json(failed.status, {
    ...rest,
    issue: [
      {
        severity: 'error',
        code: 'processing',
        diagnostics: `Transaction rolled back: entry ${index} failed with ${failed.status}`,
      },
      ...(rest.issue ?? []),
    ],
  })
}
