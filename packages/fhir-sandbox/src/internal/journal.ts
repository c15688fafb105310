import { checksummedLine, checksummedLineJson } from '@openward/core'
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'

import { OperationOutcomeError, serverError } from '@medplum/core'
import type { Resource } from '@medplum/fhirtypes'

import { jsonDeeperThan } from './json-depth.js'
import type { ResourceStore } from './resource-store.js'
import type { VersionRecord } from './version-record.js'

/** One journal line: a committed version or deletion. */
interface JournalLine {
  readonly resourceType: string
  readonly id: string
  readonly method: VersionRecord['method']
  readonly versionId: string
  readonly lastUpdated: string
  readonly resource?: Resource
}

/** The line of a commit of several versions (a transaction): one line, so it replays whole or not at all. */
interface CommitLine {
  readonly commit: readonly JournalLine[]
}

/**
 * One journal line that could not be replayed, and why.
 *
 * @category Errors
 */
export interface JournalLineProblem {
  /** 1-based line number in the journal as found. */
  readonly line: number
  readonly reason: 'checksum' | 'not-json' | 'too-deep' | 'bad-record' | 'duplicate-version'
}

/**
 * The journal has lines that are neither valid records nor a torn last line: damage or a hand
 * edit. Names every such line; start with `journalRecovery: 'recover'` to keep the valid ones.
 *
 * @category Errors
 */
export class JournalCorrupt extends Error {
  override readonly name = 'JournalCorrupt'
  readonly _tag = 'JournalCorrupt'
  constructor(
    readonly path: string,
    readonly lines: readonly JournalLineProblem[],
  ) {
    super(
      `${path}: journal corrupt at line${lines.length > 1 ? 's' : ''} ${lines
        .slice(0, 10)
        .map((l) => `${l.line} (${l.reason})`)
        .join(', ')}${lines.length > 10 ? ` and ${lines.length - 10} more` : ''}`,
    )
  }
}

// Resources nest well under 100 levels; deeper is damage (and would overflow recursive readers).
const MAX_DEPTH = 100
const METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'DELETE'])

/**
 * An append-only journal of committed writes: a single write is one line, a transaction one
 * `{"commit":[…]}` line written after it commits. Each line is `<crc32 of the JSON> <JSON>`
 * (CRC-32 as in zlib), so damage and hand edits are detected; lines without a checksum (journals
 * written before it existed) are accepted when well formed. A crash mid-append can only leave a
 * tail without its newline, which replay drops (it was never acknowledged), so a transaction is
 * never half replayed. `appendFileSync` without fsync: it survives a process crash, not a power cut.
 */
export class Journal {
  /** Corrupt lines set aside by a `recover` replay. */
  recovered: readonly JournalLineProblem[] = []

  constructor(
    readonly path: string,
    private readonly recovery: 'refuse' | 'recover' = 'refuse',
  ) {}

  /** Appends committed records; a failure surfaces as a 500 OperationOutcome and the write is not applied. */
  append(records: readonly VersionRecord[]): void {
    const line: JournalLine | CommitLine = records.length === 1 ? toLine(records[0]!) : { commit: records.map(toLine) }
    try {
      appendFileSync(this.path, `${encode(line)}\n`)
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      throw new OperationOutcomeError(serverError(new Error(`journal append failed: ${reason}`)))
    }
  }

  /**
   * Replays the journal into an empty store; returns the number of records applied. Throws
   * {@link JournalCorrupt} naming every bad line unless recovery was asked for; then the valid
   * lines are replayed, the bad ones copied to `<path>.corrupt`, and the journal rewritten without
   * them (temporary file, then rename).
   */
  replay(store: ResourceStore): number {
    if (!existsSync(this.path)) return 0
    const text = readFileSync(this.path, 'utf8')
    const lines = text.split('\n')
    // What follows the last newline was never completed, so never acknowledged: a torn append.
    const torn = lines.pop() !== ''
    const problems: JournalLineProblem[] = []
    const good: (JournalLine | CommitLine)[] = []
    const bad: string[] = []
    const versions = new Set<string>()
    for (const [i, raw] of lines.entries()) {
      if (raw.trim() === '') continue
      const decoded = decode(raw.trim())
      const reason = typeof decoded === 'string' ? decoded : duplicateVersion(decoded, versions)
      if (reason !== undefined) {
        problems.push({ line: i + 1, reason })
        bad.push(raw)
      } else good.push(decoded as JournalLine | CommitLine)
    }
    if (problems.length > 0 && this.recovery !== 'recover') throw new JournalCorrupt(this.path, problems)
    let applied = 0
    for (const line of good)
      // Journals written before commit lines existed hold one version per line; they replay as before.
      for (const version of 'commit' in line ? line.commit : [line]) {
        store.write(version.resourceType, version.id, version.method, version.resource, {
          versionId: version.versionId,
          lastUpdated: version.lastUpdated,
        })
        applied++
      }
    if (problems.length > 0) {
      appendFileSync(`${this.path}.corrupt`, `${bad.join('\n')}\n`)
      this.rewrite(good)
    } else if (torn) this.rewrite(good)
    this.recovered = problems
    return applied
  }

  truncate(): void {
    writeFileSync(this.path, '')
  }

  private rewrite(lines: readonly (JournalLine | CommitLine)[]): void {
    const tmp = `${this.path}.tmp`
    writeFileSync(tmp, lines.map((l) => `${encode(l)}\n`).join(''))
    renameSync(tmp, this.path)
  }
}

const encode = (line: JournalLine | CommitLine): string => checksummedLine(JSON.stringify(line))

function decode(text: string): JournalLine | CommitLine | JournalLineProblem['reason'] {
  const json = checksummedLineJson(text)
  if (json === 'checksum' || json === 'not-json') return json
  if (jsonDeeperThan(json, MAX_DEPTH)) return 'too-deep'
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return 'not-json'
  }
  const commit = (value as { commit?: unknown } | null)?.commit
  if (Array.isArray(commit)) return commit.length > 0 && commit.every(isLine) ? (value as CommitLine) : 'bad-record'
  return isLine(value) ? value : 'bad-record'
}

function isLine(v: unknown): v is JournalLine {
  if (typeof v !== 'object' || v === null) return false
  const l = v as Record<string, unknown>
  const resource = l.resource as { resourceType?: unknown } | undefined
  return (
    typeof l.resourceType === 'string' &&
    /^[A-Z][A-Za-z]{1,63}$/.test(l.resourceType) &&
    typeof l.id === 'string' &&
    /^[A-Za-z0-9\-.]{1,64}$/.test(l.id) &&
    typeof l.method === 'string' &&
    METHODS.has(l.method) &&
    typeof l.versionId === 'string' &&
    l.versionId !== '' &&
    typeof l.lastUpdated === 'string' &&
    !Number.isNaN(Date.parse(l.lastUpdated)) &&
    (l.method === 'DELETE'
      ? resource === undefined
      : typeof resource === 'object' && resource !== null && resource.resourceType === l.resourceType)
  )
}

// Two lines claiming the same version of a resource would make its history ambiguous.
function duplicateVersion(line: JournalLine | CommitLine, seen: Set<string>): 'duplicate-version' | undefined {
  const keys = ('commit' in line ? line.commit : [line]).map((l) => `${l.resourceType}/${l.id}/${l.versionId}`)
  if (keys.some((k) => seen.has(k)) || new Set(keys).size !== keys.length) return 'duplicate-version'
  for (const k of keys) seen.add(k)
  return undefined
}

function toLine(r: VersionRecord): JournalLine {
  return {
    resourceType: r.resourceType,
    id: r.id,
    method: r.method,
    versionId: r.versionId,
    lastUpdated: r.lastUpdated,
    ...(r.resource ? { resource: r.resource } : {}),
  }
}
