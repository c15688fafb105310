import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs'

import {
  checksummedLine,
  checksummedLineJson,
  describeThrown,
  getOrThrow,
  taggedError,
  type TaggedError,
} from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { parseBoundedJson } from '../internal/bounded-json.js'
import type { DeadLetter, DeadLetterReason, OutboxEntry, OutboxStore } from '../outbox/outbox-store.js'
import type { AnyResource } from '../resources/resource-codec.js'

/*
 * Journal format: one record per line, appended and fsynced before a call resolves. Each line is
 * `<crc32 of the JSON, 8 hex digits> <JSON>`, so a damaged or hand-edited line is detected:
 *   {"op":"add","seq":7,"resource":{…}}   a queued write
 *   {"op":"try","seqs":[7,8]}            about to be sent (outcome unknown after a crash)
 *   {"op":"del","seqs":[7,8]}            confirmed by the server
 *   {"op":"dead","seq":7,"reason":{…}}   refused by the server for good (a dead letter)
 *   {"op":"forget","seqs":[7]}           a dead letter dealt with
 *   {"op":"next","seq":9}                compaction header: the next sequence number
 * Lines without a checksum (journals written before it existed) are accepted when their record is
 * well formed. A process killed mid-append leaves at most a torn tail with no newline: it was never
 * acknowledged, so it is dropped on open. Any complete line that fails its checksum or shape is
 * corruption, reported with its line number; sequence numbers are validated integers, so a bad
 * line can never make later appends share a NaN or duplicate sequence. Open also compacts: the live
 * entries are rewritten to a temporary file that atomically replaces the journal (rename).
 */

type JournalRecord =
  | { op: 'add'; seq: number; resource: AnyResource }
  | { op: 'try' | 'del' | 'forget'; seqs: number[] }
  | { op: 'dead'; seq: number; reason: Omit<DeadLetterReason, 'seq'> }
  | { op: 'next'; seq: number }

/** One journal line that could not be used, and why. @category outbox */
export interface JournalLineProblem {
  /** 1-based line number in the journal as found. */
  readonly line: number
  readonly reason: 'checksum' | 'not-json' | 'too-deep' | 'too-large' | 'bad-record'
}

/** The journal could not be opened or created (missing folder, permissions, disk). @category errors */
export interface OutboxJournalUnavailable extends TaggedError<'OutboxJournalUnavailable'> {
  readonly path: string
}

/**
 * The outbox journal has lines that are neither valid records nor a torn last line: damage or a
 * hand edit. Names every such line. @category errors
 */
export interface OutboxJournalCorrupt extends TaggedError<'OutboxJournalCorrupt'> {
  readonly path: string
  readonly lines: readonly JournalLineProblem[]
}

/** Options of {@link openFileOutboxStore} and {@link openFileOutboxStoreOrThrow}. @category outbox */
export interface FileOutboxStoreOptions {
  /** fsync after every change (default true). Off only for tests that measure something else. */
  readonly fsync?: boolean
  /** Compact while running once this many records were appended since the last compaction (default 50_000). */
  readonly compactAfter?: number
  /**
   * Open a journal with corrupt lines anyway (default false: refuse with `OutboxJournalCorrupt`).
   * Every valid record is kept; the corrupt lines are copied verbatim to `<path>.corrupt` before
   * the journal is compacted, and listed in `store.recovered`.
   */
  readonly recover?: boolean
}

/** A file outbox store, with what recovery set aside. @category outbox */
export interface FileOutboxStore extends OutboxStore {
  /** Corrupt lines found on open and set aside (only with `recover: true`); empty otherwise. */
  readonly recovered: readonly JournalLineProblem[]
}

// A record line is a resource plus a few fields; resources nest well under 100 levels.
const LINE_LIMITS = { maxBodyBytes: 64 * 1024 * 1024, maxDepth: 100 }

const isSeq = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
const isSeqs = (v: unknown): v is number[] => Array.isArray(v) && v.every(isSeq)

function isRecord(v: unknown): v is JournalRecord {
  if (typeof v !== 'object' || v === null) return false
  const r = v as Record<string, unknown>
  switch (r.op) {
    case 'add': {
      const res = r.resource as { resourceType?: unknown } | undefined
      return isSeq(r.seq) && typeof res === 'object' && res !== null && typeof res.resourceType === 'string'
    }
    case 'try':
    case 'del':
    case 'forget':
      return isSeqs(r.seqs)
    case 'dead': {
      const reason = r.reason as { outcome?: unknown; tag?: unknown; atMs?: unknown } | undefined
      return isSeq(r.seq) && typeof reason === 'object' && reason !== null && typeof reason.tag === 'string'
    }
    case 'next':
      return isSeq(r.seq)
    default:
      return false
  }
}

const encodeLine = (rec: JournalRecord): string => checksummedLine(JSON.stringify(rec))

function decodeLine(text: string): JournalRecord | JournalLineProblem['reason'] {
  const json = checksummedLineJson(text)
  if (json === 'checksum' || json === 'not-json') return json
  const parsed = parseBoundedJson(json, LINE_LIMITS)
  if (!parsed.ok) return parsed.reason === 'malformed-json' ? 'not-json' : parsed.reason
  return isRecord(parsed.value) ? parsed.value : 'bad-record'
}

/**
 * Opens (or creates) a durable outbox store backed by an append-only, checksummed journal. Node
 * only (`@openward/fhir/node`). One process at a time may own a journal. `Left` names every corrupt
 * line unless `recover: true`.
 *
 * @example
 * const store = openFileOutboxStore('data/outbox.ndjson')
 * if (E.isLeft(store)) console.error(store.left.message)
 * @category outbox
 */
export function openFileOutboxStore(
  path: string,
  options: FileOutboxStoreOptions = {},
): E.Either<OutboxJournalCorrupt | OutboxJournalUnavailable, FileOutboxStore> {
  // A missing folder, a permission problem or a full disk while opening is a typed answer too,
  // never a raw fs exception (the one failure convention: pure-looking opens return Either).
  try {
    return openJournal(path, options)
  } catch (thrown) {
    return E.left(
      taggedError('OutboxJournalUnavailable', `cannot open outbox journal ${path}: ${describeThrown(thrown)}`, {
        path,
      }),
    )
  }
}

function openJournal(path: string, options: FileOutboxStoreOptions): E.Either<OutboxJournalCorrupt, FileOutboxStore> {
  const doSync = options.fsync ?? true
  const compactAfter = options.compactAfter ?? 50_000
  const entries = new Map<number, OutboxEntry>()
  const dead = new Map<number, DeadLetter>()
  let next = 0
  const problems: JournalLineProblem[] = []
  const badLines: string[] = []

  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8')
    const lines = text.split('\n')
    // The part after the last newline was never completed, so never acknowledged: a torn append.
    lines.pop()
    for (const [i, line] of lines.entries()) {
      if (line === '') continue
      const rec = decodeLine(line)
      if (typeof rec === 'string') {
        problems.push({ line: i + 1, reason: rec })
        badLines.push(line)
      } else apply(rec)
    }
  }
  if (problems.length > 0 && options.recover !== true)
    return E.left(
      taggedError(
        'OutboxJournalCorrupt',
        `outbox journal ${path} is corrupt at line${problems.length > 1 ? 's' : ''} ${problems
          .slice(0, 10)
          .map((p) => `${p.line} (${p.reason})`)
          .join(', ')}${problems.length > 10 ? ` and ${problems.length - 10} more` : ''}`,
        { path, lines: problems },
      ),
    )
  // Set the damaged lines aside before compaction rewrites the journal without them.
  if (badLines.length > 0) {
    appendFileSync(path + '.corrupt', `${badLines.join('\n')}\n`)
    if (doSync) {
      const fd = openSync(path + '.corrupt', 'r')
      fsyncSync(fd)
      closeSync(fd)
    }
  }
  let fd = compact()
  let appended = 0

  function apply(rec: JournalRecord): void {
    switch (rec.op) {
      case 'add':
        entries.set(rec.seq, { seq: rec.seq, resource: rec.resource, attempted: false })
        next = Math.max(next, rec.seq + 1)
        break
      case 'next':
        next = Math.max(next, rec.seq)
        break
      case 'del':
        for (const s of rec.seqs) entries.delete(s)
        break
      case 'try':
        for (const s of rec.seqs) {
          const e = entries.get(s)
          if (e !== undefined) entries.set(s, { ...e, attempted: true })
        }
        break
      case 'dead': {
        const e = entries.get(rec.seq)
        if (e === undefined) break
        entries.delete(rec.seq)
        dead.set(rec.seq, { ...rec.reason, seq: rec.seq, resource: e.resource })
        break
      }
      case 'forget':
        for (const s of rec.seqs) dead.delete(s)
    }
  }

  function compact(): number {
    const tmp = `${path}.tmp`
    const out = openSync(tmp, 'w')
    const records: JournalRecord[] = [{ op: 'next', seq: next }]
    const tried: number[] = []
    const all = [...entries.values(), ...dead.values()].sort((a, b) => a.seq - b.seq)
    for (const e of all) records.push({ op: 'add', seq: e.seq, resource: e.resource })
    for (const e of entries.values()) if (e.attempted) tried.push(e.seq)
    for (const d of dead.values()) {
      const { seq, resource: _r, ...reason } = d
      records.push({ op: 'dead', seq, reason })
    }
    if (tried.length > 0) records.push({ op: 'try', seqs: tried })
    writeSync(out, `${records.map(encodeLine).join('\n')}\n`)
    fsyncSync(out)
    closeSync(out)
    renameSync(tmp, path)
    return openSync(path, 'a')
  }

  function write(records: JournalRecord[]): void {
    writeSync(fd, `${records.map(encodeLine).join('\n')}\n`)
    if (doSync) fsyncSync(fd)
    for (const r of records) apply(r)
    appended += records.length
    if (appended >= compactAfter) {
      closeSync(fd)
      fd = compact()
      appended = 0
    }
  }

  return E.right({
    recovered: problems,
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
    deadLetter: async (reasons) => write(reasons.map(({ seq, ...reason }) => ({ op: 'dead' as const, seq, reason }))),
    deadLetters: async () => [...dead.values()].sort((a, b) => a.seq - b.seq),
    discardDeadLetters: async (seqs) => write([{ op: 'forget', seqs: [...seqs] }]),
  })
}

/**
 * {@link openFileOutboxStore} that throws an `OpenwardError` holding the `Left`
 * (`OutboxJournalCorrupt`, naming the lines, or `OutboxJournalUnavailable`) instead of returning it.
 *
 * @example
 * const outbox = createOutbox({ store: openFileOutboxStoreOrThrow('data/outbox.ndjson'), transport })
 * @category outbox
 */
export function openFileOutboxStoreOrThrow(path: string, options: FileOutboxStoreOptions = {}): FileOutboxStore {
  return getOrThrow(openFileOutboxStore(path, options))
}

/**
 * @deprecated Renamed {@link openFileOutboxStoreOrThrow} (only `…OrThrow` functions throw); same
 * behaviour.
 * @category outbox
 */
export const fileOutboxStore: (path: string, options?: FileOutboxStoreOptions) => FileOutboxStore =
  openFileOutboxStoreOrThrow
