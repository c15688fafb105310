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
 * A durable outbox store in IndexedDB, for browsers: the same {@link OutboxStore} contract as the
 * Node file journal. Every change is one `readwrite` transaction with `durability: 'strict'`, and a
 * call resolves only once its transaction completed. Rejects with a TypeError where there is no
 * IndexedDB and none was passed.
 *
 * @example
 * const store = await openIndexedDbOutboxStore()
 * const outbox = createOutbox({ store, transport })
 * @category outbox
 */
export async function openIndexedDbOutboxStore(
  options: IndexedDbOutboxStoreOptions = {},
): Promise<IndexedDbOutboxStore> {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IdbFactoryLike }).indexedDB
  if (factory === undefined) throw new TypeError('IndexedDB is not available here; pass options.indexedDB')
  const open = factory.open(options.name ?? 'openward-outbox', 1)
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
