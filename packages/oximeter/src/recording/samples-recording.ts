import type { DeviceInfo, OximetrySample } from '@openward/core'

import { encodeChunkLine, encodeRecordingHeader } from './encode-recording.js'
import { encodeRecordingEnd } from './recording-end.js'

/** Options of {@link encodeSamplesRecording}. @category recording */
export interface SamplesRecordingOptions {
  /** `import:<format>`, e.g. `import:edf`; replay passes such recordings' samples through, after the range check. */
  readonly protocol: `import:${string}`
  readonly device?: DeviceInfo
  /** Defaults to the first sample's time (0 for no samples). */
  readonly startTimeMs?: number
  /** The source was cut short: why (written to the header's `sourceIncomplete`). */
  readonly sourceIncomplete?: string
}

/**
 * A recording of already-normalised samples (what `openward import` writes): the header, then
 * one `sa` line per sample at its own time, then the end marker (`#end <n>`). Yields the text in pieces, so a caller can stream
 * a long night to a file or a `CompressionStream` and report progress.
 *
 * @example
 * const text = [...encodeSamplesRecording(samples, { protocol: 'import:edf' })].join('')
 * @category recording
 */
export function* encodeSamplesRecording(
  samples: readonly OximetrySample[],
  options: SamplesRecordingOptions,
): Generator<string, void, undefined> {
  const startTimeMs = options.startTimeMs ?? samples[0]?.timeMs ?? 0
  const clock = samples[0]?.clock ?? 'recording'
  yield encodeRecordingHeader({
    protocol: options.protocol,
    clock,
    startTimeMs,
    ...(options.device === undefined ? {} : { device: options.device }),
    transport: options.protocol,
    ...(options.sourceIncomplete === undefined ? {} : { sourceIncomplete: options.sourceIncomplete }),
  })
  let piece = ''
  for (const sample of samples) {
    piece += encodeChunkLine({ timeMs: sample.timeMs, direction: 'sample', channel: '-', sample }, startTimeMs)
    if (piece.length >= 1 << 16) {
      yield piece
      piece = ''
    }
  }
  // The end marker comes last, so a reader can tell this recording from one cut short.
  yield `${piece}${encodeRecordingEnd(samples.length)}`
}
