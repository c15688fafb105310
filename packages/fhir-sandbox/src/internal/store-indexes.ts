import type { Identifier, Reference, Resource } from '@medplum/fhirtypes'

/**
 * Hash indexes over the fields conditional creates and per-patient searches use, so their cost
 * does not grow with the store (spec note fhir.md §4.3: a linear scan took ~14 s per conditional
 * create at 10,000 resources). An index only proposes candidates; every candidate is still checked
 * against the full search filter, so a superset is always safe.
 */
export class StoreIndexes {
  private readonly identifiers = new Map<string, Set<string>>()
  private readonly references = new Map<string, Set<string>>()

  add(resource: Resource & { id: string }): void {
    for (const key of identifierKeys(resource)) addTo(this.identifiers, key, resource.id)
    for (const key of referenceKeys(resource)) addTo(this.references, key, resource.id)
  }

  remove(resource: Resource & { id: string }): void {
    for (const key of identifierKeys(resource)) removeFrom(this.identifiers, key, resource.id)
    for (const key of referenceKeys(resource)) removeFrom(this.references, key, resource.id)
  }

  clear(): void {
    this.identifiers.clear()
    this.references.clear()
  }

  /** Ids of `resourceType` with an identifier whose value equals `value` (case-insensitive). */
  byIdentifierValue(resourceType: string, value: string): ReadonlySet<string> {
    return this.identifiers.get(identifierKey(resourceType, value)) ?? EMPTY
  }

  /** Ids of `resourceType` whose `field` (`subject` or `patient`) references `reference`. */
  byReference(resourceType: string, field: IndexedReferenceField, reference: string): ReadonlySet<string> {
    return this.references.get(referenceKey(resourceType, field, reference)) ?? EMPTY
  }
}

/** Reference fields with a hash index. */
export type IndexedReferenceField = 'subject' | 'patient'
export const INDEXED_REFERENCE_FIELDS: readonly IndexedReferenceField[] = ['subject', 'patient']

const EMPTY: ReadonlySet<string> = new Set()

function identifierKey(resourceType: string, value: string): string {
  return `${resourceType}\u0000${value.toLowerCase()}`
}

function referenceKey(resourceType: string, field: string, reference: string): string {
  return `${resourceType}\u0000${field}\u0000${reference}`
}

function identifierKeys(resource: Resource): string[] {
  // Some types have identifier 0..1 (a single object, not an array): handle both.
  const raw = (resource as { identifier?: Identifier | Identifier[] }).identifier
  const list = Array.isArray(raw) ? raw : raw ? [raw] : []
  const keys = new Set<string>()
  for (const identifier of list) {
    if (typeof identifier?.value === 'string') keys.add(identifierKey(resource.resourceType, identifier.value))
  }
  return [...keys]
}

function referenceKeys(resource: Resource): string[] {
  const keys: string[] = []
  for (const field of INDEXED_REFERENCE_FIELDS) {
    const raw = (resource as unknown as Record<string, unknown>)[field] as Reference | Reference[] | undefined
    const list = Array.isArray(raw) ? raw : raw ? [raw] : []
    for (const ref of list) {
      if (typeof ref?.reference === 'string') keys.push(referenceKey(resource.resourceType, field, ref.reference))
    }
  }
  return keys
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key)
  if (!set) {
    set = new Set()
    map.set(key, set)
  }
  set.add(id)
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key)
  if (!set) return
  set.delete(id)
  if (set.size === 0) map.delete(key)
}
