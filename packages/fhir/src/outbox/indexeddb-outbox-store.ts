import type { IdbFactoryLike, IdbRequestLike, IdbTransactionLike } from '../internal/idb-types.js'
import type { AnyResource } from '../resources/resource-codec.js'
import type { OutboxEntry, OutboxStore } from './outbox-store.js'

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
export async function openIndexedDbOutboxStore(options: IndexedDbOutboxStoreOptions = {}): Promise<OutboxStore> {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IdbFactoryLike }).indexedDB
  if (factory === undefined) throw new TypeError('IndexedDB is not available here; pass options.indexedDB')
  const open = factory.open(options.name ?? 'openward-outbox', 1)
  open.onupgradeneeded = () => {
    open.result.createObjectStore(ENTRIES, { keyPath: 'seq' })
    open.result.createObjectStore(META)
  }
  const db = await request(open)
  const rw = (stores: string[]): IdbTransactionLike => db.transaction(stores, 'readwrite', { durability: 'strict' })
  let next = ((await request(db.transaction(META).objectStore(META).get('next'))) as number | undefined) ?? 0

  return {
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
      const cursor = db.transaction(ENTRIES).objectStore(ENTRIES).openCursor()
      await new Promise<void>((resolve, reject) => {
        cursor.onerror = () => reject(cursor.error)
        cursor.onsuccess = () => {
          const c = cursor.result
          if (c === null) return resolve()
          out.push(c.value as OutboxEntry)
          if (out.length >= limit) resolve()
          else c.continue()
        }
      })
      return out
    },
    markAttempted: async (seqs) => {
      const tx = rw([ENTRIES])
      const store = tx.objectStore(ENTRIES)
      for (const seq of seqs) {
        const get = store.get(seq)
        get.onsuccess = () => {
          const e = get.result as OutboxEntry | undefined
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
    size: () => request(db.transaction(ENTRIES).objectStore(ENTRIES).count()),
    nextSeq: async () => next,
    close: async () => db.close(),
  }
}
