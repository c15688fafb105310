import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'

import type { OutboxEntry, OutboxStore } from '../outbox/outbox-store.js'
import type { AnyResource } from '../resources/resource-codec.js'

/*
 * Journal format: NDJSON, one record per line, appended and fsynced before a call resolves.
 *   {"op":"add","seq":7,"resource":{…}}   a queued write
 *   {"op":"try","seqs":[7,8]}            about to be sent (outcome unknown after a crash)
 *   {"op":"del","seqs":[7,8]}            confirmed by the server
 *   {"op":"next","seq":9}                compaction header: the next sequence number
 * A process killed mid-append leaves at most one torn last line; it was never acknowledged, so it
 * is dropped on open. Open also compacts: the live entries are rewritten to a temporary file that
 * atomically replaces the journal (rename), so the file does not grow without bound.
 */

type JournalRecord =
  | { op: 'add'; seq: number; resource: AnyResource }
  | { op: 'try'; seqs: number[] }
  | { op: 'del'; seqs: number[] }
  | { op: 'next'; seq: number }

/** Options of {@link fileOutboxStore}. @category outbox */
export interface FileOutboxStoreOptions {
  /** fsync after every change (default true). Off only for tests that measure something else. */
  readonly fsync?: boolean
  /** Compact while running once this many records were appended since the last compaction (default 50_000). */
  readonly compactAfter?: number
}

/**
 * A durable outbox store backed by an append-only NDJSON journal. Node only
 * (`@openward/fhir/node`). One process at a time may own a journal.
 *
 * @example
 * const outbox = createOutbox({ store: fileOutboxStore('data/outbox.ndjson'), transport })
 * @category outbox
 */
export function fileOutboxStore(path: string, options: FileOutboxStoreOptions = {}): OutboxStore {
  const doSync = options.fsync ?? true
  const compactAfter = options.compactAfter ?? 50_000
  const entries = new Map<number, OutboxEntry>()
  let next = 0
  load()
  let fd = compact()
  let appended = 0

  function load(): void {
    if (!existsSync(path)) return
    const lines = readFileSync(path, 'utf8').split('\n')
    for (const [i, line] of lines.entries()) {
      if (line === '') continue
      let rec: JournalRecord
      try {
        rec = JSON.parse(line) as JournalRecord
      } catch (e) {
        // Only the last line can be torn by a kill; anything earlier is corruption, not a crash.
        if (i >= lines.length - 2) break
        throw new Error(`outbox journal ${path} is corrupt at line ${i + 1}`, { cause: e })
      }
      apply(rec)
    }
  }

  function apply(rec: JournalRecord): void {
    if (rec.op === 'add') {
      entries.set(rec.seq, { seq: rec.seq, resource: rec.resource, attempted: false })
      next = Math.max(next, rec.seq + 1)
    } else if (rec.op === 'next') next = Math.max(next, rec.seq)
    else if (rec.op === 'del') for (const s of rec.seqs) entries.delete(s)
    else
      for (const s of rec.seqs) {
        const e = entries.get(s)
        if (e !== undefined) entries.set(s, { ...e, attempted: true })
      }
  }

  function compact(): number {
    const tmp = `${path}.tmp`
    const out = openSync(tmp, 'w')
    const lines = [JSON.stringify({ op: 'next', seq: next })]
    const tried: number[] = []
    for (const e of entries.values()) {
      lines.push(JSON.stringify({ op: 'add', seq: e.seq, resource: e.resource }))
      if (e.attempted) tried.push(e.seq)
    }
    if (tried.length > 0) lines.push(JSON.stringify({ op: 'try', seqs: tried }))
    writeSync(out, `${lines.join('\n')}\n`)
    fsyncSync(out)
    closeSync(out)
    renameSync(tmp, path)
    return openSync(path, 'a')
  }

  function write(records: JournalRecord[]): void {
    writeSync(fd, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`)
    if (doSync) fsyncSync(fd)
    for (const r of records) apply(r)
    appended += records.length
    if (appended >= compactAfter) {
      closeSync(fd)
      fd = compact()
      appended = 0
    }
  }

  return {
    append: async (resources) => {
      const seqs = resources.map((_, i) => next + i)
      write(resources.map((resource, i) => ({ op: 'add', seq: seqs[i]!, resource })))
      return seqs
    },
    peek: async (limit) => {
      const out: OutboxEntry[] = []
      for (const e of entries.values()) {
        if (out.length >= limit) break
        out.push(e)
      }
      return out
    },
    markAttempted: async (seqs) => write([{ op: 'try', seqs: [...seqs] }]),
    remove: async (seqs) => write([{ op: 'del', seqs: [...seqs] }]),
    size: async () => entries.size,
    nextSeq: async () => next,
    close: async () => closeSync(fd),
  }
}
