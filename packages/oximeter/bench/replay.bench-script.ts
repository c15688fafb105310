/**
 * Replay of a recorded 8-hour, 60 frames/s Contec V7 stream (1,728,000 real-time frames, one chunk
 * per frame as a USB-serial adapter delivers them) in virtual time, against decoding the same
 * recording without the Observable layer, measured in the same run:
 *
 * - `replay`     : replay(text, { scheduler: VirtualTimeScheduler }) → every sample (Observable, scheduler)
 * - `loop(text)` : the same recording text → createRecordingReader → the same chunk decoder, in a plain loop
 * - `loop(chunks)`: already-parsed chunks → the chunk decoder (framer + normalisation only)
 *
 * Run: `npm run bench:replay -w packages/oximeter` (BENCH_HOURS=1 for a quick run). Best of BENCH_RUNS.
 */
import { VirtualTimeScheduler } from 'rxjs'

import { type ContecV7RealTime, deviceProfile, encodeContecV7 } from '../src/index.js'
import { encodeChunkLine, encodeRecordingHeader } from '../src/recording/encode-recording.js'
import type { RawChunk } from '../src/recording/raw-chunk.js'
import { createRecordingReader } from '../src/recording/recording-reader.js'
import { createChunkDecoder } from '../src/decode/chunk-decoder.js'
import { replay } from '../src/replay/replay-recording.js'

const HOURS = Number(process.env.BENCH_HOURS ?? 8)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const FRAMES = Math.round(HOURS * 3600 * 60)
const START = Date.UTC(2024, 0, 1, 22)

const frame = (spo2: number, pulseRate: number, pleth: number): ContecV7RealTime => ({
  _tag: 'ContecV7RealTime',
  signalStrength: 5,
  searchingTooLong: false,
  lowSpo2: false,
  pulseBeep: false,
  probeError: spo2 === 127,
  pleth,
  searchingPulse: false,
  barGraph: 4,
  piInvalid: false,
  reservedBits: 0,
  pulseRate,
  spo2,
  perfusionIndexRaw: 420,
})

function buildRecording(): { text: string; chunks: RawChunk[] } {
  const parts: string[] = [encodeRecordingHeader({ protocol: 'contec-v7', clock: 'host', startTimeMs: START })]
  const chunks: RawChunk[] = []
  let spo2 = 96
  let pr = 70
  for (let k = 0; k < FRAMES; k++) {
    if (k % 60 === 0) {
      spo2 = Math.min(100, Math.max(85, spo2 + ((k * 7919) % 3) - 1))
      pr = Math.min(140, Math.max(45, pr + ((k * 104729) % 3) - 1))
    }
    const chunk: RawChunk = {
      timeMs: START + Math.round((k * 1000) / 60),
      direction: 'rx',
      channel: 'serial',
      bytes: encodeContecV7(frame(k % 997 === 0 ? 127 : spo2, pr, Math.round(64 + 50 * Math.sin(k / 9)))),
    }
    chunks.push(chunk)
    parts.push(encodeChunkLine(chunk, START))
  }
  return { text: parts.join(''), chunks }
}

const decoder = () => createChunkDecoder(deviceProfile('contec-v7'), { clock: 'host' })

function loopChunks(chunks: readonly RawChunk[]): number {
  const decode = decoder()
  let n = 0
  for (const c of chunks) n += decode(c).samples.length
  return n
}

function loopText(text: string): number {
  const decode = decoder()
  const reader = createRecordingReader()
  let n = 0
  for (let at = 0; at < text.length; at += 1 << 16)
    for (const c of reader.push(text.slice(at, at + (1 << 16))).chunks) n += decode(c).samples.length
  reader.end()
  return n
}

function replayVirtual(text: string): number {
  const scheduler = new VirtualTimeScheduler()
  let n = 0
  replay(text, { scheduler }).subscribe(() => n++)
  scheduler.flush()
  return n
}

function best(name: string, f: () => number): { name: string; ms: number; samples: number } {
  let ms = Infinity
  let samples = 0
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now()
    samples = f()
    ms = Math.min(ms, performance.now() - t0)
  }
  return { name, ms, samples }
}

const built = buildRecording()
console.log(
  `recording: ${HOURS} h, ${FRAMES} frames, ${(built.text.length / 1e6).toFixed(1)} MB of text, node ${process.version}`,
)
const results = [
  best('replay (Observable, VirtualTimeScheduler)', () => replayVirtual(built.text)),
  best('loop over recording text (no Observable)', () => loopText(built.text)),
  best('loop over parsed chunks (framer + normalise)', () => loopChunks(built.chunks)),
]
for (const r of results)
  console.log(
    `${r.name.padEnd(48)} ${r.ms.toFixed(0).padStart(6)} ms  ${(r.samples / (r.ms / 1000) / 1e6).toFixed(2)} M samples/s  (${r.samples} samples)`,
  )
const [rx, text, chunks] = results as [(typeof results)[0], (typeof results)[0], (typeof results)[0]]
console.log(`replay / loop over text   = ${(rx.ms / text.ms).toFixed(2)}×  (Observable + scheduler layer; target ≤ 2×)`)
console.log(`replay / loop over chunks = ${(rx.ms / chunks.ms).toFixed(2)}×  (also includes reading the text format)`)
