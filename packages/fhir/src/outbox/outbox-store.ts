import type { AnyResource } from '../resources/resource-codec.js'

/** One queued write. `seq` orders the outbox; `attempted` marks a send whose outcome may be unknown. @category outbox */
export interface OutboxEntry {
  readonly seq: number
  readonly resource: AnyResource
  /** True once the entry has been handed to the server at least once (its outcome may be unknown). */
  readonly attempted: boolean
}

/**
 * Where the outbox keeps writes until the server confirms them: a file journal in Node
 * (`@openward/fhir/node`), IndexedDB in the browser, or memory for tests. Every method resolves only
 * once the change is durable (as durable as the medium is). Entries leave in order, oldest first.
 *
 * @category outbox
 */
export interface OutboxStore {
  /** Adds resources at the end of the queue; returns their sequence numbers. */
  append(resources: readonly AnyResource[]): Promise<readonly number[]>
  /** The oldest `limit` entries, in order. */
  peek(limit: number): Promise<readonly OutboxEntry[]>
  /** Records that these entries are about to be sent (so after a crash their outcome is "unknown"). */
  markAttempted(seqs: readonly number[]): Promise<void>
  /** Removes confirmed entries. */
  remove(seqs: readonly number[]): Promise<void>
  /** How many entries are waiting. */
  size(): Promise<number>
  /** The sequence number the next appended entry will get (total ever appended). */
  nextSeq(): Promise<number>
  close(): Promise<void>
}

/**
 * An in-memory store with the same behaviour and no durability: for tests and for callers that
 * only want ordering and reconciliation.
 *
 * @category outbox
 */
export function memoryOutboxStore(): OutboxStore {
  const entries = new Map<number, OutboxEntry>()
  let next = 0
  return {
    append: async (resources) =>
      resources.map((resource) => {
        const seq = next++
        entries.set(seq, { seq, resource, attempted: false })
        return seq
      }),
    peek: async (limit) => [...entries.values()].slice(0, limit),
    markAttempted: async (seqs) => {
      for (const seq of seqs) {
        const e = entries.get(seq)
        if (e !== undefined) entries.set(seq, { ...e, attempted: true })
      }
    },
    remove: async (seqs) => {
      for (const seq of seqs) entries.delete(seq)
    },
    size: async () => entries.size,
    nextSeq: async () => next,
    close: async () => undefined,
  }
}
