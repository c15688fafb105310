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

/**
 * An append-only NDJSON journal of committed writes (one line per version, transactions written
 * only after commit). `appendFileSync` without fsync: it survives a process crash, not a power cut.
 */
export class Journal {
  constructor(readonly path: string) {}

  /** Appends committed records; a failure surfaces as a 500 OperationOutcome and the write is not applied. */
  append(records: readonly VersionRecord[]): void {
    const text = records.map((r) => JSON.stringify(toLine(r))).join('\n') + '\n'
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
      let line: JournalLine
      try {
        line = JSON.parse(text) as JournalLine
      } catch {
        // A crash mid-append leaves a partial last line: that write was never acknowledged.
        if (lines.slice(i + 1).every((rest) => rest.trim() === '')) {
          writeFileSync(this.path, lines.slice(0, i).join('\n') + (i > 0 ? '\n' : ''))
          break
        }
        throw new JournalCorrupt(`${this.path}: line ${i + 1} is not JSON`)
      }
      store.write(line.resourceType, line.id, line.method, line.resource, {
        versionId: line.versionId,
        lastUpdated: line.lastUpdated,
      })
      applied++
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
