import { OpenwardError, type OximetrySample } from '@openward/core'
import { lastValueFrom, Subject, toArray, VirtualTimeScheduler } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { describe, expect, it } from 'vitest'

import { gzip } from '../../src/recording/gzip.js'
import type { RawChunk } from '../../src/recording/raw-chunk.js'
import { record } from '../../src/recording/record.js'
import { createChunkDecoder } from '../../src/decode/chunk-decoder.js'
import { replay, replayEvents } from '../../src/replay/replay-recording.js'
import { toyProfile } from '../support/toy-profile.js'

const start = 1_700_000_000_000
const rx = (t: number, ...bytes: number[]): RawChunk => ({
  timeMs: start + t,
  direction: 'rx',
  channel: 'serial',
  bytes: Uint8Array.from(bytes),
})

// A live run: split frames, garbage, a reconnect that leaves a half frame behind.
const live: RawChunk[] = [
  { timeMs: start, direction: 'event', channel: 'serial', event: 'connected' },
  rx(10, 0xaa, 97, 60, 0xaa),
  rx(20, 96, 61),
  rx(30, 0x01, 0x02, 0xaa, 127, 255),
  rx(40, 0xaa, 95),
  { timeMs: start + 50, direction: 'event', channel: 'serial', event: 'disconnected' },
  { timeMs: start + 1050, direction: 'event', channel: 'serial', event: 'connected' },
  rx(1060, 62, 0xaa, 94, 63),
]

/** Runs chunks through the shared decoder as a live transport does, recording them on the way. */
function liveRun(chunks: readonly RawChunk[]): { samples: OximetrySample[]; text: string } {
  const decode = createChunkDecoder(toyProfile, { clock: 'host', device: { id: 'toy-1' } })
  const samples: OximetrySample[] = []
  let text = ''
  const raw$ = new Subject<RawChunk>()
  raw$
    .pipe(
      record((t) => (text += t), { protocol: 'contec-v7', clock: 'host', startTimeMs: start, device: { id: 'toy-1' } }),
    )
    .subscribe((chunk) => samples.push(...decode(chunk).samples))
  chunks.forEach((c) => raw$.next(c))
  raw$.complete()
  return { samples, text }
}

describe('replay (recording → samples)', () => {
  it('gives exactly the live run’s samples, in virtual time, at the recorded times', () => {
    const { samples, text } = liveRun(live)
    expect(samples.map((s) => [s.timeMs - start, s.spo2, s.pulseRate])).toEqual([
      [10, 97, 60],
      [20, 96, 61],
      [30, null, null],
      [1060, 94, 63], // the half frame before the reconnect was dropped by the reset
    ])
    const scheduler = new VirtualTimeScheduler()
    const replayed: Array<[number, OximetrySample]> = []
    replay(text, { scheduler, profile: toyProfile }).subscribe((s) => replayed.push([scheduler.now(), s]))
    scheduler.flush()
    expect(replayed.map(([, s]) => s)).toEqual(samples)
    expect(replayed.map(([t]) => t)).toEqual([10, 20, 30, 1060])
  })

  it('replays at N× (marbles) and emits diagnostics for discarded bytes', () => {
    const { text } = liveRun(live)
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ expectObservable }) => {
      expectObservable(replay(text, { speed: 10, profile: toyProfile })).toBe('- a b c 102ms (d|)', {
        a: expect.objectContaining({ spo2: 97 }),
        b: expect.objectContaining({ spo2: 96 }),
        c: expect.objectContaining({ spo2: null }),
        d: expect.objectContaining({ spo2: 94 }),
      })
    })
    const events: string[] = []
    const scheduler = new VirtualTimeScheduler()
    replayEvents(text, { scheduler, profile: toyProfile }).subscribe((e) => events.push(e.type))
    scheduler.flush()
    // 2 garbage bytes at 30 ms; the half frame left before the reconnect makes 62 garbage at 1060 ms.
    expect(events).toEqual([
      'header',
      ...['record', 'sample'],
      ...['record', 'sample'],
      ...['record', 'sample', 'diagnostic'],
      ...['record', 'sample', 'diagnostic'],
    ])
  })

  it('reads gzipped recording bytes', async () => {
    const { samples, text } = liveRun(live)
    const zipped = await gzip(new TextEncoder().encode(text))
    expect(await lastValueFrom(replay(zipped, { speed: Infinity, profile: toyProfile }).pipe(toArray()))).toEqual(
      samples,
    )
  })

  it('replays every valid chunk before a corrupt line, then fails naming the line and offset', () => {
    const { samples, text } = liveRun(live)
    const lines = text.split('\n')
    lines[5] = '40 rx serial aa5' // odd hex: line 6
    const damaged = lines.join('\n')
    const scheduler = new VirtualTimeScheduler()
    const got: OximetrySample[] = []
    let error: unknown
    replay(damaged, { scheduler, profile: toyProfile }).subscribe({
      next: (s) => got.push(s),
      error: (e) => (error = e),
    })
    scheduler.flush()
    expect(got).toEqual(samples.slice(0, 3))
    expect(error).toBeInstanceOf(OpenwardError)
    expect((error as OpenwardError).error).toMatchObject({
      _tag: 'CorruptRecording',
      line: 6,
      offset: lines.slice(0, 5).join('\n').length + 1,
    })
  })

  it('replays a truncated recording up to its last complete line, then fails', async () => {
    const { samples, text } = liveRun(live)
    const cut = text.slice(0, text.lastIndexOf('aa5e3f') + 3)
    const got: OximetrySample[] = []
    await expect(
      lastValueFrom(replay(cut, { speed: Infinity, profile: toyProfile }).pipe(toArray())).catch((e: OpenwardError) => {
        throw e.error
      }),
    ).rejects.toMatchObject({ _tag: 'CorruptRecording', line: 9 })
    const scheduler = new VirtualTimeScheduler()
    replay(cut, { profile: toyProfile, scheduler }).subscribe({ next: (s) => got.push(s), error: () => undefined })
    scheduler.flush()
    expect(got).toEqual(samples.slice(0, 3))
  })

  it('fails clearly on an unknown protocol id, listing the known ones', async () => {
    const text = liveRun(live).text.replace('"contec-v7"', '"acme-9000"')
    const error = await lastValueFrom(replay(text, { speed: Infinity })).catch((e: OpenwardError) => e.error)
    expect(error).toMatchObject({ _tag: 'Unsupported' })
    expect((error as { message: string }).message).toMatch(
      /unknown protocol id "acme-9000"; known ids: plx-continuous, .*contec-v7/,
    )
  })

  it('fails on damaged gzip with a typed error', async () => {
    const bad = Uint8Array.of(0x1f, 0x8b, 1, 2, 3, 4)
    const error = await lastValueFrom(replay(bad, { speed: Infinity })).catch((e: OpenwardError) => e.error)
    expect(error).toMatchObject({ _tag: 'CorruptRecording', reason: expect.stringMatching(/damaged gzip/) })
  })
})
