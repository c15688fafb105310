import { randomUUID } from 'node:crypto'

import type { Resource } from '@medplum/fhirtypes'

import { StoreIndexes } from './store-indexes.js'
import type { VersionRecord } from './version-record.js'

type Stored = Resource & { id: string }

interface UndoEntry {
  readonly record: VersionRecord
  readonly previous: Stored | undefined
  readonly previousDeletedAt: string | undefined
}

/**
 * The in-memory state: current versions, tombstones, full history and indexes. Every change goes
 * through {@link ResourceStore.write}, which keeps them consistent and, inside a transaction, keeps an
 * undo log so that {@link ResourceStore.rollback} restores exactly the state before `begin`.
 */
export class ResourceStore {
  readonly indexes = new StoreIndexes()
  private readonly current = new Map<string, Map<string, Stored>>()
  private readonly deleted = new Map<string, Map<string, string>>()
  private readonly versions = new Map<string, VersionRecord[]>()
  private readonly typeLog = new Map<string, VersionRecord[]>()
  private seq = 0
  private undo: UndoEntry[] | undefined
  private pending: VersionRecord[] = []

  /** Receives committed writes, in order (the journal). */
  constructor(private readonly onCommit: (records: readonly VersionRecord[]) => void = () => undefined) {}

  get(resourceType: string, id: string): Stored | undefined {
    return this.current.get(resourceType)?.get(id)
  }

  deletedAt(resourceType: string, id: string): string | undefined {
    return this.deleted.get(resourceType)?.get(id)
  }

  all(resourceType: string): IterableIterator<Stored> {
    return (this.current.get(resourceType) ?? new Map<string, Stored>()).values()
  }

  /** Versions of one resource, oldest first (deletions included). */
  history(resourceType: string, id: string): readonly VersionRecord[] {
    return this.versions.get(key(resourceType, id)) ?? []
  }

  /** Every version of every resource of a type, oldest first. */
  typeHistory(resourceType: string): readonly VersionRecord[] {
    return this.typeLog.get(resourceType) ?? []
  }

  /** Stores a new version (`resource`) or a deletion (`undefined`) and returns its history record. */
  write(
    resourceType: string,
    id: string,
    method: VersionRecord['method'],
    resource: Resource | undefined,
    replay?: { versionId: string; lastUpdated: string },
  ): VersionRecord {
    const versionId = replay?.versionId ?? randomUUID()
    const lastUpdated = replay?.lastUpdated ?? new Date().toISOString()
    const stored =
      resource === undefined
        ? undefined
        : ({ ...resource, resourceType, id, meta: { ...resource.meta, versionId, lastUpdated } } as Stored)
    const record: VersionRecord = {
      seq: ++this.seq,
      resourceType,
      id,
      method,
      versionId,
      lastUpdated,
      ...(stored ? { resource: stored } : {}),
    }
    // Journal first: if it cannot be written, the write fails and the store is unchanged.
    if (!this.undo && !replay) this.onCommit([record])
    this.undo?.push({
      record,
      previous: this.get(resourceType, id),
      previousDeletedAt: this.deletedAt(resourceType, id),
    })
    this.setCurrent(resourceType, id, stored, stored ? undefined : lastUpdated)
    push(this.versions, key(resourceType, id), record)
    push(this.typeLog, resourceType, record)
    if (this.undo) this.pending.push(record)
    return record
  }

  /** Starts recording an undo log (transactions do not nest: the host serialises them). */
  begin(): void {
    if (this.undo) throw new Error('transaction already open')
    this.undo = []
    this.pending = []
  }

  /** Ends the transaction; if the journal cannot be written it throws and the undo log stays open for rollback. */
  commit(): void {
    if (this.pending.length > 0) this.onCommit(this.pending)
    this.undo = undefined
    this.pending = []
  }

  /** Undoes every write since `begin`, newest first. */
  rollback(): void {
    const undo = this.undo ?? []
    this.undo = undefined
    this.pending = []
    for (let i = undo.length - 1; i >= 0; i--) {
      const entry = undo[i]
      if (!entry) continue
      const { resourceType, id } = entry.record
      this.setCurrent(resourceType, id, entry.previous, entry.previousDeletedAt)
      dropLast(this.versions, key(resourceType, id), entry.record)
      dropLast(this.typeLog, resourceType, entry.record)
    }
  }

  clear(): void {
    this.current.clear()
    this.deleted.clear()
    this.versions.clear()
    this.typeLog.clear()
    this.indexes.clear()
  }

  private setCurrent(resourceType: string, id: string, next: Stored | undefined, deletedAt: string | undefined): void {
    const byType = mapFor(this.current, resourceType)
    const prev = byType.get(id)
    if (prev) this.indexes.remove(prev)
    if (next) {
      byType.set(id, next)
      this.indexes.add(next)
    } else byType.delete(id)
    const tombstones = mapFor(this.deleted, resourceType)
    if (deletedAt === undefined) tombstones.delete(id)
    else tombstones.set(id, deletedAt)
  }
}

function key(resourceType: string, id: string): string {
  return `${resourceType}/${id}`
}

function mapFor<V>(map: Map<string, Map<string, V>>, k: string): Map<string, V> {
  let inner = map.get(k)
  if (!inner) {
    inner = new Map()
    map.set(k, inner)
  }
  return inner
}

function push(map: Map<string, VersionRecord[]>, k: string, record: VersionRecord): void {
  const list = map.get(k)
  if (list) list.push(record)
  else map.set(k, [record])
}

function dropLast(map: Map<string, VersionRecord[]>, k: string, record: VersionRecord): void {
  const list = map.get(k)
  if (!list) return
  const at = list.lastIndexOf(record)
  if (at >= 0) list.splice(at, 1)
  if (list.length === 0) map.delete(k)
}
