import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'

import { OperationOutcomeError, serverError } from '@medplum/core'
import type { Resource } from '@medplum/fhirtypes'

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

/**
 * The journal could not be replayed (a corrupt line that is not the last one).
 *
 * @category Errors
 */
export class JournalCorrupt extends Error {
  override readonly name = 'JournalCorrupt'
}

/** The line of a commit of several versions (a transaction): one line, so it replays whole or not at all. */
interface CommitLine {
  readonly commit: readonly JournalLine[]
}

/**
 * An append-only NDJSON journal of committed writes: a single write is one line, a transaction one
 * `{"commit":[…]}` line written after it commits. A crash mid-append can only tear the last line,
 * which replay drops, so a transaction is never half replayed. `appendFileSync` without fsync: it
 * survives a process crash, not a power cut.
 */
export class Journal {
  constructor(readonly path: string) {}

  /** Appends committed records; a failure surfaces as a 500 OperationOutcome and the write is not applied. */
  append(records: readonly VersionRecord[]): void {
    const line: JournalLine | CommitLine = records.length === 1 ? toLine(records[0]!) : { commit: records.map(toLine) }
    const text = `${JSON.stringify(line)}\n`
    try {
      appendFileSync(this.path, text)
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      throw new OperationOutcomeError(serverError(new Error(`journal append failed: ${reason}`)))
    }
  }

  /** Replays the journal into an empty store; returns the number of records applied. */
  replay(store: ResourceStore): number {
    if (!existsSync(this.path)) return 0
    const lines = readFileSync(this.path, 'utf8').split('\n')
    let applied = 0
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i]?.trim()
      if (!text) continue
      let line: JournalLine | CommitLine
      try {
        line = JSON.parse(text) as JournalLine | CommitLine
      } catch {
        // A crash mid-append leaves a partial last line: that write was never acknowledged.
        if (lines.slice(i + 1).every((rest) => rest.trim() === '')) {
          writeFileSync(this.path, lines.slice(0, i).join('\n') + (i > 0 ? '\n' : ''))
          break
        }
        throw new JournalCorrupt(`${this.path}: line ${i + 1} is not JSON`)
      }
      // Journals written before commit lines existed hold one version per line; they replay as before.
      for (const version of 'commit' in line ? line.commit : [line]) {
        store.write(version.resourceType, version.id, version.method, version.resource, {
          versionId: version.versionId,
          lastUpdated: version.lastUpdated,
        })
        applied++
      }
    }
    return applied
  }

  truncate(): void {
    writeFileSync(this.path, '')
  }
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
