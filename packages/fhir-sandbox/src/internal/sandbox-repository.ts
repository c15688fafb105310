import {
  badRequest,
  generateId,
  gone,
  normalizeOperationOutcome,
  notFound,
  OperationOutcomeError,
  preconditionFailed,
  type SearchRequest,
  type WithId,
} from '@medplum/core'
import { type CreateResourceOptions, FhirRepository, type UpdateResourceOptions } from '@medplum/fhir-router'
import type { Bundle, BundleEntry, Reference, Resource } from '@medplum/fhirtypes'
import { applyPatch, type Operation } from 'rfc6902'

import type { ResourceStore } from './resource-store.js'
import { findMatches } from './search-engine.js'
import { historyBundle } from './history-bundle.js'

/** Called before every stored version; throws an OperationOutcomeError to refuse it (validation on write). */
export type WriteGuard = (resource: Resource) => void

/**
 * The FhirRepository the Medplum router runs against: ours rather than MemoryRepository, so that
 * reads see tombstones (410), history is stable, searches use indexes and understand the parameters
 * MemoryRepository silently answers with 0 results, and writes feed the undo log and journal.
 */
export class SandboxRepository extends FhirRepository<undefined> {
  constructor(
    readonly store: ResourceStore,
    private readonly guard: WriteGuard = () => undefined,
  ) {
    super()
  }

  setMode(): void {
    // One in-memory store: no reader/writer split.
  }

  generateId(): string {
    return generateId()
  }

  async createResource<T extends Resource>(resource: T, options?: CreateResourceOptions): Promise<WithId<T>> {
    // FHIR R4 http §3.1.0.8: the server assigns the id of a created resource, except when the
    // transaction processor assigned one already.
    const id = options?.assignedId && resource.id ? resource.id : generateId()
    if (options?.assignedId && this.store.get(resource.resourceType, id)) {
      throw new OperationOutcomeError(badRequest(`${resource.resourceType}/${id} already exists`))
    }
    return this.put(resource, id, 'POST') as WithId<T>
  }

  async updateResource<T extends Resource>(resource: T, options?: UpdateResourceOptions): Promise<WithId<T>> {
    if (!resource.id) throw new OperationOutcomeError(badRequest('Missing id'))
    const existing = this.store.get(resource.resourceType, resource.id)
    if (options?.ifMatch !== undefined) {
      if (!existing)
        throw new OperationOutcomeError(this.store.deletedAt(resource.resourceType, resource.id) ? gone : notFound)
      if (existing.meta?.versionId !== options.ifMatch) throw new OperationOutcomeError(preconditionFailed)
    }
    return this.put(resource, resource.id, 'PUT') as WithId<T>
  }

  async patchResource<T extends Resource>(
    resourceType: T['resourceType'],
    id: string,
    patch: Operation[],
  ): Promise<WithId<T>> {
    const resource = await this.readResource<T>(resourceType, id)
    let errors: (Error | null)[]
    try {
      errors = applyPatch(resource, patch)
    } catch (err) {
      throw new OperationOutcomeError(normalizeOperationOutcome(err))
    }
    const failed = errors.filter((e): e is Error => e !== null)
    if (failed.length > 0) throw new OperationOutcomeError(badRequest(failed.map((e) => e.message).join('\n')))
    return this.updateResource<T>(resource)
  }

  async readResource<T extends Resource>(resourceType: string, id: string): Promise<WithId<T>> {
    const found = this.store.get(resourceType, id)
    if (found) return structuredClone(found) as WithId<T>
    throw new OperationOutcomeError(this.store.deletedAt(resourceType, id) ? gone : notFound)
  }

  async readReference<T extends Resource>(reference: Reference<T>): Promise<WithId<T>> {
    const parts = reference.reference?.split('/')
    if (parts?.length !== 2 || !parts[0] || !parts[1]) throw new OperationOutcomeError(badRequest('Invalid reference'))
    return this.readResource<T>(parts[0], parts[1])
  }

  async readReferences<T extends Resource>(references: readonly Reference<T>[]): Promise<(T | Error)[]> {
    return Promise.all(references.map((r) => this.readReference<T>(r).catch((err: unknown) => err as Error)))
  }

  async readHistory<T extends Resource>(resourceType: string, id: string): Promise<Bundle<WithId<T>>> {
    const records = this.store.history(resourceType, id)
    if (records.length === 0) throw new OperationOutcomeError(notFound)
    return historyBundle([...records].reverse(), '') as Bundle<WithId<T>>
  }

  async readVersion<T extends Resource>(resourceType: string, id: string, vid: string): Promise<WithId<T>> {
    const record = this.store.history(resourceType, id).find((r) => r.versionId === vid)
    if (!record) throw new OperationOutcomeError(notFound)
    if (!record.resource) throw new OperationOutcomeError(gone)
    return structuredClone(record.resource) as WithId<T>
  }

  async deleteResource(resourceType: string, id: string): Promise<void> {
    if (!this.store.get(resourceType, id)) {
      if (this.store.deletedAt(resourceType, id)) return // deleting twice is idempotent
      throw new OperationOutcomeError(notFound)
    }
    this.store.write(resourceType, id, 'DELETE', undefined)
  }

  /** Lenient search used by the router's search routes (unknown parameters dropped). */
  async search<T extends Resource>(request: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    return this.searchPage(request, false)
  }

  /** Strict search: conditional operations and `ifNoneExist` resolution go through here. */
  override async searchResources<T extends Resource>(request: SearchRequest<T>): Promise<WithId<T>[]> {
    const { matches } = findMatches(this.store, request, true)
    const limited = request.count === undefined ? matches : matches.slice(0, request.count)
    return limited.map((r) => structuredClone(r) as WithId<T>)
  }

  /** One page of results (offset/count already resolved by the caller). */
  searchPage<T extends Resource>(request: SearchRequest<T>, strict: boolean): Bundle<WithId<T>> {
    const { matches } = findMatches(this.store, request, strict)
    const offset = request.offset ?? 0
    const page = request.count === undefined ? matches.slice(offset) : matches.slice(offset, offset + request.count)
    const entry: BundleEntry<WithId<T>>[] = page.map((r) => ({
      resource: structuredClone(r) as WithId<T>,
      search: { mode: 'match' },
    }))
    return { resourceType: 'Bundle', type: 'searchset', total: matches.length, ...(entry.length ? { entry } : {}) }
  }

  async searchByReference<T extends Resource>(
    request: SearchRequest<T>,
    referenceField: string,
    references: string[],
  ): Promise<Record<string, WithId<T>[]>> {
    const out: Record<string, WithId<T>[]> = {}
    for (const reference of references) {
      const filters = [...(request.filters ?? []), { code: referenceField, operator: 'eq' as const, value: reference }]
      out[reference] = await this.searchResources({ ...request, filters })
    }
    return out
  }

  /** The host serialises every request and runs transactions with an undo log, so this only runs the callback. */
  async withTransaction<R>(callback: (client: undefined) => Promise<R>): Promise<R> {
    return callback(undefined)
  }

  /**
   * A create for the host's own Bundle processing: the id is `id` (assigned while resolving
   * references) or a new one; the client's id is ignored (FHIR R4 http §3.1.0.8). Returns the
   * store's own version, uncopied: the caller only serialises it.
   */
  insert(resource: Resource, id: string = generateId()): Readonly<Resource & { id: string }> {
    if (this.store.get(resource.resourceType, id) || this.store.deletedAt(resource.resourceType, id)) {
      throw new OperationOutcomeError(badRequest(`${resource.resourceType}/${id} already exists`))
    }
    return this.write(resource, id, 'POST')
  }

  /** A write the router asked for: it gets a copy, since it may change what it is given back. */
  private put(resource: Resource, id: string, method: 'POST' | 'PUT'): Resource {
    return structuredClone(this.write(resource, id, method))
  }

  private write(resource: Resource, id: string, method: 'POST' | 'PUT'): Resource & { id: string } {
    const candidate = { ...resource, id } as Resource
    this.guard(candidate)
    return this.store.write(resource.resourceType, id, method, candidate).resource as Resource & { id: string }
  }
}
