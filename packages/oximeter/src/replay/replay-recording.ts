import { describeThrown, type Implausible, OpenwardError, type OximetrySample, type Unsupported } from '@openward/core'
import { asyncScheduler, catchError, from, Observable, type Subscriber, switchMap, throwError } from 'rxjs'

import type { DeviceProfile } from '../decode/device-profile.js'
import { playTimeline } from '../internal/play-timeline.js'
import { corruptRecording } from '../recording/corrupt-recording.js'
import { recordingTextOrThrow } from '../recording/gzip.js'
import type { RawChunk } from '../recording/raw-chunk.js'
import { createRecordingReader, type RecordingReadOutput } from '../recording/recording-reader.js'
import type { RecordingHeader } from '../recording/recording-header.js'
import { type ChunkDecodeOutput, createChunkDecoder, type ProtocolRecord } from '../decode/chunk-decoder.js'
import { refuseImplausible } from '../decode/plausible-samples.js'
import { type ReplayOptions, speedError } from './replay-samples.js'
import type { StreamDiagnostic } from '../decode/stream-diagnostic.js'
import { profileForProtocolText } from '../decode/unknown-protocol.js'

/** One thing a replay produced, in order. @category replay */
export type ReplayEvent =
  | { readonly type: 'header'; readonly header: RecordingHeader }
  | { readonly type: 'record'; readonly record: ProtocolRecord }
  | { readonly type: 'sample'; readonly sample: OximetrySample }
  | { readonly type: 'diagnostic'; readonly diagnostic: StreamDiagnostic }

/** Text is read in slices this long, so a long recording never sits in memory as parsed chunks. */
const SLICE_CHARS = 1 << 16

/**
 * Replays a recording (its text, or its file bytes, gzipped or not) through the registry's
 * framer and normaliser for the header's protocol: the same {@link createChunkDecoder} path the
 * live transports use, with each chunk's recorded time, so the samples equal the live run's.
 * Each chunk is decoded when it falls due (`(t − t₀) / speed` after subscription on `scheduler`).
 *
 * A damaged or truncated line ends the stream with an `OpenwardError` whose `error` is a
 * `CorruptRecording` naming the line and character offset, after every chunk before it was
 * replayed. An unknown protocol fails at once with an `Unsupported` error listing the known ids.
 *
 * @category replay
 */
export function replayEvents(
  recording: string | Uint8Array,
  options: RecordingReplayOptions = {},
): Observable<ReplayEvent> {
  return replayWith<ReplayEvent>(recording, options, {
    header: (header, subscriber) => subscriber.next({ type: 'header', header }),
    output: (out, subscriber) => {
      for (const record of out.records) subscriber.next({ type: 'record', record })
      for (const sample of out.samples) subscriber.next({ type: 'sample', sample })
      if (out.diagnostic !== undefined) subscriber.next({ type: 'diagnostic', diagnostic: out.diagnostic })
    },
  })
}

/**
 * The samples of {@link replayEvents}, without the other events.
 *
 * @example
 * const scheduler = new VirtualTimeScheduler()
 * replay(recordingText, { scheduler }).subscribe((s) => console.log(s.spo2))
 * scheduler.flush() // an 8-hour night, instantly
 * @category replay
 */
export function replay(
  recording: string | Uint8Array,
  options: RecordingReplayOptions = {},
): Observable<OximetrySample> {
  return replayWith<OximetrySample>(recording, options, {
    output: (out, subscriber) => {
      for (const sample of out.samples) subscriber.next(sample)
    },
  })
}

/** Options of {@link replay} and {@link replayEvents}. @category replay */
export interface RecordingReplayOptions extends ReplayOptions {
  /** Decode with this profile instead of the registry's profile for the header's protocol. */
  readonly profile?: DeviceProfile
  /**
   * Told of each value refused as physiologically impossible (core's `PlausibleRange`; it became `null`
   * with the `questionable` flag), once per value, in replay order: device recordings' refusals (also on
   * `replayEvents`' diagnostics) and imported samples' (`sa` lines, checked here because a recording is
   * a file anyone can edit, and older recordings predate the check).
   */
  readonly onImplausible?: (reason: Implausible) => void
}

interface Project<T> {
  readonly header?: (header: RecordingHeader, subscriber: Subscriber<T>) => void
  readonly output: (out: ChunkDecodeOutput, subscriber: Subscriber<T>) => void
}

function replayWith<T>(
  recording: string | Uint8Array,
  options: RecordingReplayOptions,
  project: Project<T>,
): Observable<T> {
  const invalid = speedError(options.speed ?? 1)
  if (invalid !== null) return throwError(() => invalid)
  if (typeof recording === 'string') return replayText(recording, options, project)
  return from(recordingTextOrThrow(recording)).pipe(
    catchError((thrown: unknown) =>
      throwError(() => new OpenwardError(corruptRecording(0, 0, describeThrown(thrown)))),
    ),
    switchMap((text) => replayText(text, options, project)),
  )
}

function replayText<T>(text: string, options: RecordingReplayOptions, project: Project<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const reader = createRecordingReader()
    let position = 0
    let queue: readonly RawChunk[] = []
    let head = 0
    let failure: OpenwardError | undefined
    let header: RecordingHeader | undefined
    const take = (out: RecordingReadOutput): void => {
      header ??= out.header
      queue = out.chunks
      head = 0
      if (out.error !== undefined) failure = new OpenwardError(out.error)
    }
    // Refill until a chunk is available, the text ends, or a line is damaged.
    const fill = (): void => {
      while (head >= queue.length && failure === undefined && position <= text.length) {
        if (position === text.length) {
          take(reader.end())
          position++
        } else {
          take(reader.push(text.slice(position, position + SLICE_CHARS)))
          position += SLICE_CHARS
          if (position > text.length) position = text.length
        }
      }
    }
    fill()
    if (header === undefined) {
      subscriber.error(failure ?? new OpenwardError(corruptRecording(1, 0, 'no header line')))
      return undefined
    }
    const decode = decoderFor(header, options.profile, options.onImplausible)
    if (!(decode instanceof Function)) {
      subscriber.error(new OpenwardError(decode))
      return undefined
    }
    project.header?.(header, subscriber)
    return playChunks(subscriber, decode, options, project, {
      peek: () => (fill(), queue[head]),
      shift: () => void head++,
      failure: () => failure,
    })
  })
}

const NOTHING: ChunkDecodeOutput = { records: [], samples: [] }

/**
 * Imported recordings (`import:csv`, `import:edf`, ...) hold samples, not bytes: they replay as they are
 * after the range check. Device recordings decode through the registry profile of their protocol.
 */
function decoderFor(
  header: RecordingHeader,
  override: DeviceProfile | undefined,
  report: ((reason: Implausible) => void) | undefined,
): ((chunk: RawChunk) => ChunkDecodeOutput) | Unsupported {
  if (override === undefined && header.protocol.startsWith('import:'))
    // The same range check the importers apply, once: an impossible value in an `sa` line is no reading.
    return (chunk) =>
      chunk.direction === 'sample' ? { records: [], samples: refuseImplausible([chunk.sample], report) } : NOTHING
  const profile = override ?? profileForProtocolText(header.protocol)
  if (!('createFramer' in profile)) return profile
  const decode = createChunkDecoder(
    profile,
    header.device === undefined ? { clock: header.clock } : { clock: header.clock, device: header.device },
  )
  if (report === undefined) return decode
  // The chunk decoder refused them already (one rule for live and replay); here they are only passed on.
  return (chunk) => {
    const out = decode(chunk)
    for (const reason of out.diagnostic?.implausible ?? []) report(reason)
    return out
  }
}

function playChunks<T>(
  subscriber: Subscriber<T>,
  decode: (chunk: RawChunk) => ChunkDecodeOutput,
  options: RecordingReplayOptions,
  project: Project<T>,
  source: { peek(): RawChunk | undefined; shift(): void; failure(): OpenwardError | undefined },
): () => void {
  return playTimeline(subscriber, source, {
    timeOf: (chunk) => chunk.timeMs,
    emit: (chunk) => project.output(decode(chunk), subscriber),
    done: () => {
      const failure = source.failure()
      if (failure === undefined) subscriber.complete()
      else subscriber.error(failure)
    },
    scheduler: options.scheduler ?? asyncScheduler,
    speed: options.speed ?? 1,
  })
}
