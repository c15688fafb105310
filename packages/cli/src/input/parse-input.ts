import { decodeWith, describeThrown, type Implausible, OximetrySample } from '@openward/core'
import {
  checkRecordingEnd,
  importContecCsv,
  importContecSpo2File,
  importEdf,
  importOximetryCsv,
  importOximetryCsvColumns,
  importViatomCsv,
  importViatomO2File,
  replayEvents,
  type ImportOptions,
} from '@openward/oximeter'
import * as E from 'fp-ts/lib/Either.js'
import { VirtualTimeScheduler } from 'rxjs'

import { clip } from './detect-input.js'
import { type InputFormat, type LoadSamplesOptions, located, type Parsed } from './loaded-samples.js'

// Every input but a plain CSV file read into columns in pieces (load-samples.ts). A module of its own,
// imported only when such an input is read: the recording replay alone pulls in rxjs and every protocol
// decoder, code that `openward analyze` of a CSV file does not need (issue 19, README "Memory of a long
// recording").

/** Parses a whole input's bytes as `format` into samples (or columns, for a CSV when asked). */
export function parse(
  format: InputFormat,
  bytes: Uint8Array,
  o: LoadSamplesOptions & ImportOptions,
): E.Either<string, Parsed> {
  const text = () => new TextDecoder().decode(bytes)
  const report = o.onImplausible === undefined ? {} : { onImplausible: o.onImplausible }
  const offset = { utcOffsetMinutes: o.utcOffsetMinutes ?? 0, ...report }
  switch (format) {
    case 'owrec':
      return E.right(replayAll(text(), o.onImplausible))
    case 'jsonl':
      return parseJsonLines(text())
    case 'csv': {
      if (o.columnsForCsv === true) {
        const c = importOximetryCsvColumns(bytes, { startTimeMs: o.startTimeMs ?? 0, ...report })
        return E.isLeft(c)
          ? E.left(located(c.left))
          : E.right({ samples: [], columns: c.right, format, startKnown: o.startTimeMs !== undefined, warnings: [] })
      }
      const r = importOximetryCsv(text(), { startTimeMs: o.startTimeMs ?? 0, ...report })
      return E.isLeft(r)
        ? E.left(located(r.left))
        : E.right({ samples: r.right, format, startKnown: o.startTimeMs !== undefined, warnings: [] })
    }
    case 'viatom-csv': {
      const r = importViatomCsv(text(), offset)
      return E.isLeft(r)
        ? E.left(located(r.left))
        : E.right({ samples: r.right, format, startKnown: true, warnings: [] })
    }
    case 'contec-csv': {
      const r = importContecCsv(text(), offset)
      return E.isLeft(r)
        ? E.left(located(r.left))
        : E.right({ samples: r.right, format, startKnown: true, warnings: [] })
    }
    case 'contec-spo2': {
      const r = importContecSpo2File(bytes, offset)
      return E.isLeft(r)
        ? E.left(located(r.left))
        : E.right({ samples: r.right.samples, format, startKnown: true, warnings: [] })
    }
    case 'edf': {
      const r = importEdf(bytes, offset)
      if (E.isLeft(r)) return E.left(located(r.left))
      // The EDF importer's findings are all "fewer records than the header promised": cut short.
      const [cut, ...more] = r.right.warnings
      return E.right({
        samples: r.right.samples,
        format,
        startKnown: true,
        warnings: more,
        ...(cut === undefined ? {} : { incomplete: cut }),
      })
    }
    case 'viatom-o2': {
      const r = importViatomO2File(bytes, offset)
      if (E.isLeft(r)) return E.left(located(r.left))
      // The file's interval is its duration field over its record count: 0 leaves it unknown.
      const stuck = firstNotAdvancing(r.right.samples)
      if (stuck !== undefined)
        return E.left(
          `record ${stuck + 1} is at the same time as or before the previous one (duration field ${r.right.header.durationS} s for ${r.right.header.recordCount} records): the sampling interval is unknown`,
        )
      return E.right({ samples: r.right.samples, format, startKnown: true, warnings: [] })
    }
  }
}

/** The index of the first sample whose time does not advance past the previous one's, if any. */
function firstNotAdvancing(samples: readonly OximetrySample[]): number | undefined {
  for (let i = 1; i < samples.length; i++) if (samples[i]!.timeMs <= samples[i - 1]!.timeMs) return i
  return undefined
}

/** Replays a recording in virtual time; damage keeps the samples before it, flagged incomplete. */
function replayAll(text: string, onImplausible: ((reason: Implausible) => void) | undefined): Parsed {
  const scheduler = new VirtualTimeScheduler()
  const samples: OximetrySample[] = []
  let damage: string | undefined
  let source: string | undefined
  replayEvents(text, onImplausible === undefined ? { scheduler } : { scheduler, onImplausible }).subscribe({
    next: (e) => {
      if (e.type === 'sample') samples.push(e.sample)
      else if (e.type === 'header') source = e.header.sourceIncomplete
    },
    error: (e: unknown) => (damage = clip(describeThrown(e), 300)),
  })
  scheduler.flush()
  const end = damage === undefined ? checkRecordingEnd(text) : E.right(0)
  const warnings: string[] = []
  // An import of a cut-short file is itself whole, but its samples stop where the source did.
  let incomplete = damage ?? (source === undefined ? undefined : `imported from a cut-short file: ${clip(source, 200)}`)
  if (E.isLeft(end)) {
    // A marker that disagrees is damage; no marker at all is an old or cut-short recording: warn.
    if (end.left.reason === 'count-mismatch') incomplete = end.left.message
    else warnings.push(end.left.message)
  }
  return {
    samples,
    format: 'owrec',
    startKnown: true,
    warnings,
    ...(incomplete === undefined ? {} : { incomplete }),
  }
}

function parseJsonLines(text: string): E.Either<string, Parsed> {
  const samples: OximetrySample[] = []
  const decode = decodeWith(OximetrySample)
  const lines = text.split(/\r?\n/)
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim()
    if (line === '') continue
    let json: unknown
    try {
      json = JSON.parse(line)
    } catch {
      return E.left(`line ${i + 1}: not JSON`)
    }
    const decoded = decode(json)
    if (E.isLeft(decoded)) return E.left(clip(`line ${i + 1}: ${decoded.left.message}`, 300))
    const last = samples[samples.length - 1]
    if (last !== undefined && decoded.right.timeMs < last.timeMs)
      return E.left(`line ${i + 1}: time goes backwards (${decoded.right.timeMs} ms after ${last.timeMs} ms)`)
    samples.push(decoded.right)
  }
  return E.right({ samples, format: 'jsonl', startKnown: true, warnings: [] })
}
