import { asyncScheduler, defer, finalize, type MonoTypeOperatorFunction, type SchedulerLike, tap } from 'rxjs'

import { encodeChunkLine, encodeRecordingHeader } from './encode-recording.js'
import type { RawChunk } from './raw-chunk.js'
import { encodeRecordingEnd } from './recording-end.js'
import type { RecordingHeaderInit } from './recording-header.js'

/** What {@link record} writes in the header; `startTimeMs` defaults to `scheduler.now()` at subscription. @category recording */
export type RecordHeaderOptions = Omit<RecordingHeaderInit, 'startTimeMs'> & { readonly startTimeMs?: number }

/**
 * Taps a transport's raw chunk stream and writes it as a recording: the header line when the
 * stream is subscribed, then one line per chunk as it passes, and the end marker (`#end <n>`) when
 * the stream completes, errors or is unsubscribed (the writer stopped deliberately; a process that
 * dies mid-recording leaves no marker, so the file reads as cut short). The chunks are passed on unchanged
 * (same objects, same timing), so recording never alters what the transport delivers.
 *
 * `write` receives newline-terminated text; it is called synchronously, so keep it cheap
 * (append to an array, a file stream, a `CompressionStream` writer). A throwing `write` errors the stream.
 *
 * @example
 * const lines: string[] = []
 * connection.raw$.pipe(record((l) => lines.push(l), { protocol: 'contec-v7', clock: 'host' })).subscribe()
 * @category recording
 */
export const record =
  (
    write: (text: string) => void,
    header: RecordHeaderOptions,
    scheduler: SchedulerLike = asyncScheduler,
  ): MonoTypeOperatorFunction<RawChunk> =>
  (source) =>
    defer(() => {
      const startTimeMs = header.startTimeMs ?? scheduler.now()
      write(encodeRecordingHeader({ ...header, startTimeMs }))
      let lines = 0
      let failed = false
      return source.pipe(
        tap((chunk) => {
          failed = true
          write(encodeChunkLine(chunk, startTimeMs))
          failed = false
          lines++
        }),
        finalize(() => {
          // After a failed write the file is already damaged: no marker, so it reads as incomplete.
          if (failed) return
          try {
            write(encodeRecordingEnd(lines))
          } catch {
            // The sink is gone; leaving the marker out is the truthful outcome.
          }
        }),
      )
    })
