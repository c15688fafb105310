import type { OperationOutcome } from '../resources/operation-outcome.js'
import type { AnyResource } from '../resources/resource-codec.js'

/** One queued write. `seq` orders the outbox; `attempted` marks a send whose outcome may be unknown. @category outbox */
export interface OutboxEntry {
  readonly seq: number
  readonly resource: AnyResource
  /** True once the entry has been handed to the server at least once (its outcome may be unknown). */
  readonly attempted: boolean
}

/** Why the server refused an entry for good, as recorded when it was parked. @category outbox */
export interface DeadLetterReason {
  readonly seq: number
  /** The server's OperationOutcome (or one the client made from the answer). */
  readonly outcome: OperationOutcome
  /** The error tag (`Unprocessable`, `BadRequest`, `Conflict`). */
  readonly tag: string
  readonly status?: number
  /** When it was parked, ms since the epoch. */
  readonly atMs: number
}

/**
 * An entry the server refused for good (HTTP 400, 409, 412, 422 on its own): parked out of the
 * queue so the rest can flow, kept with the server's OperationOutcome until someone decides.
 *
 * @category outbox
 */
export interface DeadLetter extends DeadLetterReason {
  readonly resource: AnyResource
}

/**
 * Where the outbox keeps writes until the server confirms them: a file journal in Node
 * (`@openward/fhir/node`), IndexedDB in the browser, or memory for tests. Every method resolves only
 * once the change is durable (as durable as the medium is). Entries leave in order, oldest first.
 * The dead-letter methods are optional for stores written before they existed; without them a
 * refused entry stops the outbox as before.
 *
 * @category outbox
 */
export interface OutboxStore {
  /** Adds resources at the end of the queue; returns their sequence numbers. */
  append(resources: readonly AnyResource[]): Promise<readonly number[]>
  /** The oldest `limit` live entries (dead letters excluded), in order. */
  peek(limit: number): Promise<readonly OutboxEntry[]>
  /** Records that these entries are about to be sent (so after a crash their outcome is "unknown"). */
  markAttempted(seqs: readonly number[]): Promise<void>
  /** Removes confirmed entries. */
  remove(seqs: readonly number[]): Promise<void>
  /** How many live entries are waiting (dead letters excluded). */
  size(): Promise<number>
  /** The sequence number the next appended entry will get (total ever appended). */
  nextSeq(): Promise<number>
  close(): Promise<void>
  /** Moves entries out of the queue into the dead letters, with why. */
  deadLetter?(reasons: readonly DeadLetterReason[]): Promise<void>
  /** The parked entries, oldest first. */
  deadLetters?(): Promise<readonly DeadLetter[]>
  /** Forgets parked entries (after someone dealt with them). */
  discardDeadLetters?(seqs: readonly number[]): Promise<void>
}

/**
 * An in-memory store with the same behaviour and no durability: for tests and for callers that
 * only want ordering and reconciliation.
 *
 * @category outbox
 */
export function memoryOutboxStore(): OutboxStore {
  const entries = new Map<number, OutboxEntry>()
  const dead = new Map<number, DeadLetter>()
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
    deadLetter: async (reasons) => {
      for (const r of reasons) {
        const e = entries.get(r.seq)
        if (e === undefined) continue
        entries.delete(r.seq)
        dead.set(r.seq, { ...r, resource: e.resource })
      }
    },
    deadLetters: async () => [...dead.values()],
    discardDeadLetters: async (seqs) => {
      for (const seq of seqs) dead.delete(seq)
    },
  }
}
