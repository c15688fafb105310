import * as E from 'fp-ts/lib/Either.js'
import { Subject } from 'rxjs'
import { describe, expect, it } from 'vitest'

import { makeSample } from '@openward/core'

import { encodeChunkLine, encodeRecordingHeader } from '../../src/recording/encode-recording.js'
import type { RawChunk } from '../../src/recording/raw-chunk.js'
import { record } from '../../src/recording/record.js'
import { checkRecordingEnd } from '../../src/recording/recording-end.js'
import { createRecordingReader, decodeRecording } from '../../src/recording/recording-reader.js'
import { encodeSamplesRecording } from '../../src/recording/samples-recording.js'

const samples = Array.from({ length: 50 }, (_, i) =>
  makeSample({
    timeMs: 1_000_000 + i * 1000,
    clock: 'recording',
    spo2: 90 + (i % 8),
    pulseRate: 60 + i,
    provenance: { protocol: 'import:csv' },
  }),
)
const whole = () => [...encodeSamplesRecording(samples, { protocol: 'import:csv' })].join('')

describe('recording end marker', () => {
  it('an imported recording ends with "#end <body lines>" and reads as complete', () => {
    const text = whole()
    expect(text.endsWith(`\n#end ${samples.length}\n`)).toBe(true)
    expect(checkRecordingEnd(text)).toEqual(E.right(samples.length))
    const decoded = decodeRecording(text)
    expect(E.isRight(decoded) && decoded.right.complete).toBe(true)
    expect(E.isRight(decoded) && decoded.right.chunks).toHaveLength(samples.length)
  })

  it('every cut of a whole recording at a line end is detected as incomplete, never as whole', () => {
    const text = whole()
    let cuts = 0
    for (let at = text.indexOf('\n') + 1; at < text.length; at = text.indexOf('\n', at) + 1) {
      const cut = text.slice(0, at)
      const check = checkRecordingEnd(cut)
      expect(E.isLeft(check) && check.left._tag).toBe('IncompleteRecording')
      const decoded = decodeRecording(cut)
      expect(E.isRight(decoded) && decoded.right.complete).toBe(false)
      cuts++
    }
    expect(cuts).toBe(samples.length + 1) // after the header, then after each sample line
  })

  it('a cut inside the marker itself ("#end 5" of "#end 50") is not a marker', () => {
    const text = whole()
    const cut = text.slice(0, text.length - 2) // "#end 5" without its line end
    expect(E.isLeft(checkRecordingEnd(cut))).toBe(true)
    const reader = createRecordingReader()
    reader.push(cut)
    expect(reader.end().error?.reason).toMatch(/truncated/)
  })

  it('a marker whose count disagrees (lines lost in the middle) is a CorruptRecording naming the line', () => {
    const lines = whole().split('\n')
    lines.splice(10, 3) // three sample lines lost
    const text = lines.join('\n')
    const check = checkRecordingEnd(text)
    expect(E.isLeft(check) && check.left.reason).toBe('count-mismatch')
    const decoded = decodeRecording(text)
    expect(E.isLeft(decoded) && decoded.left.reason).toMatch(/counts 50 body lines but 47 precede it/)
    expect(E.isLeft(decoded) && decoded.left.line).toBe(49)
  })

  it('data after the end marker is refused', () => {
    const text = `${whole()}5000 sa - {}\n`
    const decoded = decodeRecording(text)
    expect(E.isLeft(decoded) && decoded.left.reason).toBe('data after the end marker')
    expect(E.isLeft(checkRecordingEnd(text))).toBe(true)
  })

  it('a recording written before end markers existed still reads, flagged as not shown complete', () => {
    const old = whole().replace(/#end \d+\n$/, '')
    const decoded = decodeRecording(old)
    expect(E.isRight(decoded) && decoded.right.chunks).toHaveLength(samples.length)
    expect(E.isRight(decoded) && decoded.right.complete).toBe(false)
    const check = checkRecordingEnd(old)
    expect(E.isLeft(check) && check.left.reason).toBe('no-end-marker')
  })

  it('record() writes the marker when the live stream is stopped, and none after a failed write', () => {
    const start = 5_000
    const chunk: RawChunk = { timeMs: start + 3, direction: 'rx', channel: 'serial', bytes: Uint8Array.of(1, 2) }
    const written: string[] = []
    const live = new Subject<RawChunk>()
    const sub = live
      .pipe(record((t) => written.push(t), { protocol: 'contec-v7', clock: 'host', startTimeMs: start }))
      .subscribe()
    live.next(chunk)
    live.next(chunk)
    sub.unsubscribe()
    expect(written.join('')).toBe(
      encodeRecordingHeader({ protocol: 'contec-v7', clock: 'host', startTimeMs: start }) +
        encodeChunkLine(chunk, start).repeat(2) +
        '#end 2\n',
    )
    const failing: string[] = []
    const live2 = new Subject<RawChunk>()
    live2
      .pipe(
        record(
          (t) => {
            if (failing.length === 2) throw new Error('disk full')
            failing.push(t)
          },
          { protocol: 'contec-v7', clock: 'host', startTimeMs: start },
        ),
      )
      .subscribe({ error: () => undefined })
    live2.next(chunk)
    live2.next(chunk)
    expect(failing.join('')).not.toContain('#end')
  })
})
