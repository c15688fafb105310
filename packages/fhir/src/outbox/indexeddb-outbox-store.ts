import { describeThrown, getOrThrow, taggedError, type TaggedError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import type { IdbFactoryLike, IdbRequestLike, IdbTransactionLike } from '../internal/idb-types.js'
import type { AnyResource } from '../resources/resource-codec.js'
import type { DeadLetter, DeadLetterReason, OutboxEntry, OutboxStore } from './outbox-store.js'

/** A stored record: a queued entry, or (with `dead`) a dead letter. */
interface StoredEntry extends OutboxEntry {
  readonly dead?: Omit<DeadLetterReason, 'seq'>
}

// A record is usable only with an integer seq and a resource: a hand-edited (devtools) or damaged
// record is skipped and reported, never allowed to poison the sequence.
function usable(v: unknown): v is StoredEntry {
  const r = v as { seq?: unknown; resource?: { resourceType?: unknown } } | null
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.seq === 'number' &&
    Number.isSafeInteger(r.seq) &&
    r.seq >= 0 &&
    typeof r.resource === 'object' &&
    r.resource !== null &&
    typeof r.resource.resourceType === 'string'
  )
}

/** An IndexedDB outbox store, with the records it could not use. @category outbox */
export interface IndexedDbOutboxStore extends OutboxStore {
  /** Keys of stored records that were not usable entries (skipped, left in place for inspection). */
  readonly unusable: readonly unknown[]
}

const ENTRIES = 'entries'
const META = 'meta'

function request<T>(req: IdbRequestLike<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

// Resolves when the transaction has committed: only then is a change durable.
function committed(tx: IdbTransactionLike): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
  })
}

/** Options of {@link openIndexedDbOutboxStore}. @category outbox */
export interface IndexedDbOutboxStoreOptions {
  /** Database name (default `openward-outbox`); one outbox per name. */
  readonly name?: string
  /** The IndexedDB factory (default `globalThis.indexedDB`). */
  readonly indexedDB?: IdbFactoryLike
}

/**
 * The IndexedDB outbox database could not be opened: there is no IndexedDB here and none was passed
 * (`reason: 'no-indexeddb'`), or opening or reading it failed (`'open-failed'`: private mode, quota,
 * a blocked upgrade, a damaged database). @category errors
 */
export interface OutboxDatabaseUnavailable extends TaggedError<'OutboxDatabaseUnavailable'> {
  /** The database name asked for. */
  readonly name: string
  readonly reason: 'no-indexeddb' | 'open-failed'
}

/**
 * A durable outbox store in IndexedDB, for browsers: the same {@link OutboxStore} contract as the
 * Node file journal. Every change is one `readwrite` transaction with `durability: 'strict'`, and a
 * call resolves only once its transaction completed. A `TaskEither`: its promise never rejects; a
 * `Left` of {@link OutboxDatabaseUnavailable} when there is no IndexedDB (and none was passed) or the
 * database will not open. {@link openIndexedDbOutboxStoreOrThrow} rejects with an `OpenwardError`.
 *
 * @example
 * const opened = await openIndexedDbOutboxStore()()
 * if (E.isLeft(opened)) return showOffline(opened.left.message)
 * const outbox = createOutbox({ store: opened.right, transport })
 * @category outbox
 */
export function openIndexedDbOutboxStore(
  options: IndexedDbOutboxStoreOptions = {},
): TE.TaskEither<OutboxDatabaseUnavailable, IndexedDbOutboxStore> {
  return async () => {
    const name = options.name ?? 'openward-outbox'
    const factory = options.indexedDB ?? (globalThis as { indexedDB?: IdbFactoryLike }).indexedDB
    if (factory === undefined)
      return E.left(
        taggedError('OutboxDatabaseUnavailable', 'IndexedDB is not available here; pass options.indexedDB', {
          name,
          reason: 'no-indexeddb' as const,
        }),
      )
    try {
      return E.right(await openStore(factory, name))
    } catch (thrown) {
      return E.left(
        taggedError('OutboxDatabaseUnavailable', `cannot open IndexedDB outbox "${name}": ${describeThrown(thrown)}`, {
          name,
          reason: 'open-failed' as const,
        }),
      )
    }
  }
}

/**
 * {@link openIndexedDbOutboxStore} as a promise that rejects with an `OpenwardError` holding the
 * {@link OutboxDatabaseUnavailable} (where the old `openIndexedDbOutboxStore` rejected with a
 * `TypeError` or the raw IndexedDB error).
 *
 * @example
 * const outbox = createOutbox({ store: await openIndexedDbOutboxStoreOrThrow(), transport })
 * @category outbox
 */
export async function openIndexedDbOutboxStoreOrThrow(
  options: IndexedDbOutboxStoreOptions = {},
): Promise<IndexedDbOutboxStore> {
  return getOrThrow(await openIndexedDbOutboxStore(options)())
}

async function openStore(factory: IdbFactoryLike, name: string): Promise<IndexedDbOutboxStore> {
  const open = factory.open(name, 1)
  open.onupgradeneeded = () => {
    open.result.createObjectStore(ENTRIES, { keyPath: 'seq' })
    open.result.createObjectStore(META)
  }
  const db = await request(open)
  const rw = (stores: string[]): IdbTransactionLike => db.transaction(stores, 'readwrite', { durability: 'strict' })

  // Every stored record, in key order, through one cursor.
  async function scan(visit: (value: unknown) => boolean): Promise<void> {
    const cursor = db.transaction(ENTRIES).objectStore(ENTRIES).openCursor()
    await new Promise<void>((resolve, reject) => {
      cursor.onerror = () => reject(cursor.error)
      cursor.onsuccess = () => {
        const c = cursor.result
        if (c === null) return resolve()
        if (visit(c.value)) c.continue()
        else resolve()
      }
    })
  }

  // Open-time check: the next sequence number must be an integer above every stored one, whatever
  // the meta record says (a damaged or edited `next` would otherwise hand out NaN or reused seqs).
  const unusable: unknown[] = []
  let maxSeq = -1
  let dead = 0
  await scan((v) => {
    if (!usable(v)) unusable.push((v as { seq?: unknown } | null)?.seq)
    else {
      maxSeq = Math.max(maxSeq, v.seq)
      if (v.dead !== undefined) dead++
    }
    return true
  })
  const stored = await request(db.transaction(META).objectStore(META).get('next'))
  let next = Math.max(typeof stored === 'number' && Number.isSafeInteger(stored) ? stored : 0, maxSeq + 1)

  return {
    unusable,
    append: async (resources: readonly AnyResource[]) => {
      const tx = rw([ENTRIES, META])
      const seqs = resources.map((_, i) => next + i)
      for (const [i, resource] of resources.entries())
        tx.objectStore(ENTRIES).put({ seq: seqs[i], resource, attempted: false })
      tx.objectStore(META).put(next + resources.length, 'next')
      await committed(tx)
      next += resources.length
      return seqs
    },
    peek: async (limit) => {
      const out: OutboxEntry[] = []
      if (limit <= 0) return out
      await scan((v) => {
        if (usable(v) && v.dead === undefined) out.push({ seq: v.seq, resource: v.resource, attempted: v.attempted })
        return out.length < limit
      })
      return out
    },
    markAttempted: async (seqs) => {
      const tx = rw([ENTRIES])
      const store = tx.objectStore(ENTRIES)
      for (const seq of seqs) {
        const get = store.get(seq)
        get.onsuccess = () => {
          const e = get.result as StoredEntry | undefined
          if (e !== undefined) store.put({ ...e, attempted: true })
        }
      }
      await committed(tx)
    },
    remove: async (seqs) => {
      const tx = rw([ENTRIES])
      for (const seq of seqs) tx.objectStore(ENTRIES).delete(seq)
      await committed(tx)
    },
    size: async () => (await request(db.transaction(ENTRIES).objectStore(ENTRIES).count())) - dead - unusable.length,
    nextSeq: async () => next,
    close: async () => db.close(),
    deadLetter: async (reasons) => {
      const tx = rw([ENTRIES])
      const store = tx.objectStore(ENTRIES)
      let parked = 0
      for (const { seq, ...reason } of reasons) {
        const get = store.get(seq)
        get.onsuccess = () => {
          const e = get.result as StoredEntry | undefined
          if (e === undefined || e.dead !== undefined) return
          store.put({ ...e, dead: reason })
          parked++
        }
      }
      await committed(tx)
      dead += parked
    },
    deadLetters: async () => {
      const out: DeadLetter[] = []
      await scan((v) => {
        if (usable(v) && v.dead !== undefined) out.push({ ...v.dead, seq: v.seq, resource: v.resource })
        return true
      })
      return out
    },
    discardDeadLetters: async (seqs) => {
      const tx = rw([ENTRIES])
      const store = tx.objectStore(ENTRIES)
      let forgotten = 0
      for (const seq of seqs) {
        const get = store.get(seq)
        get.onsuccess = () => {
          const e = get.result as StoredEntry | undefined
          if (e?.dead === undefined) return
          store.delete(seq)
          forgotten++
        }
      }
      await committed(tx)
      dead -= forgotten
    },
  }
}
