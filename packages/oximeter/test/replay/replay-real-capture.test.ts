// Replay determinism on real device bytes: the Zachariae CMS50D+/PO-250 Contec V7 capture (1,617
// real-time frames over ~32 s, 504 finger-out frames with SpO2 0 / PR 0), fed as serial reads of
// varying size at 60 frames/s, recorded, then replayed in virtual time and at 50×.
import type { OximetrySample } from '@openward/core'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { lastValueFrom, Subject, toArray, VirtualTimeScheduler } from 'rxjs'
import { describe, expect, it } from 'vitest'

import { deviceProfile } from '../../src/device-registry.js'
import { gzip } from '../../src/recording/gzip.js'
import type { RawChunk } from '../../src/recording/raw-chunk.js'
import { record } from '../../src/recording/record.js'
import { createChunkDecoder } from '../../src/decode/chunk-decoder.js'
import { replay } from '../../src/replay/replay-recording.js'

const file = fileURLToPath(
  new URL(
    '../../../../../shared/data/captures/contec-v7-serial/cms50dplus_po250_zachariae_data_20240307.hextxt',
    import.meta.url,
  ),
)
// The file wraps the hex in ASCII Unix timestamps (10 digits) at both ends (PROVENANCE.md).
const text = readFileSync(file, 'utf8').trim()
const startS = Number(text.slice(0, 10))
const bytes = Buffer.from(text.slice(10, -10), 'hex')
const START = startS * 1000

function liveRun(): { samples: OximetrySample[]; recording: string } {
  const decode = createChunkDecoder(deviceProfile('contec-v7'), { clock: 'host', device: { model: 'PO-250' } })
  const raw$ = new Subject<RawChunk>()
  const samples: OximetrySample[] = []
  let recording = ''
  raw$
    .pipe(
      record((t) => (recording += t), {
        protocol: 'contec-v7',
        clock: 'host',
        startTimeMs: START,
        device: { model: 'PO-250' },
      }),
    )
    .subscribe((c) => samples.push(...decode(c).samples))
  raw$.next({ timeMs: START, direction: 'event', channel: 'serial', event: 'connected' })
  // Reads of 1..23 bytes, stamped as if the bytes arrived at 60 frames of 9 bytes per second.
  for (let at = 0, size = 5; at < bytes.length; at += size, size = (size * 7) % 23 || 1) {
    const piece = new Uint8Array(bytes.subarray(at, at + size))
    raw$.next({
      timeMs: START + Math.floor(((at + piece.length) / 9) * (1000 / 60)),
      direction: 'rx',
      channel: 'serial',
      bytes: piece,
    })
  }
  raw$.complete()
  return { samples, recording }
}

describe('replay of a real Contec V7 capture', () => {
  const live = liveRun()

  it('the live decode sees the capture’s 1,617 frames, 504 of them finger-out (0/0 → null)', () => {
    expect(live.samples).toHaveLength(1617)
    expect(live.samples.filter((s) => s.spo2 === null && s.pulseRate === null)).toHaveLength(504)
  })

  it('virtual-time replay gives identical samples at the recorded offsets', () => {
    const scheduler = new VirtualTimeScheduler()
    const got: Array<[number, OximetrySample]> = []
    replay(live.recording, { scheduler }).subscribe((s) => got.push([scheduler.now(), s]))
    scheduler.flush()
    expect(got.map(([, s]) => s)).toEqual(live.samples)
    // Each sample is emitted when its chunk falls due; readings that shared a chunk are stamped 1 ms
    // apart ending at that time, so a sample's time is never after its emission and always increases.
    for (const [now, s] of got) {
      expect(now - (s.timeMs - START)).toBeGreaterThanOrEqual(0)
      expect(now - (s.timeMs - START)).toBeLessThan(10)
    }
    for (let i = 1; i < got.length; i++) expect(got[i]![1].timeMs).toBeGreaterThan(got[i - 1]![1].timeMs)
    expect(scheduler.now()).toBe(live.samples.at(-1)!.timeMs - START)
  })

  it('gzipped, at 50× in real time, still identical', async () => {
    const zipped = await gzip(new TextEncoder().encode(live.recording))
    const started = performance.now()
    const got = await lastValueFrom(replay(zipped, { speed: 50 }).pipe(toArray()))
    expect(got).toEqual(live.samples)
    // ~27 s of recording at 50× is at least ~0.5 s of scheduled waiting.
    expect(performance.now() - started).toBeGreaterThan((live.samples.at(-1)!.timeMs - START) / 50 - 20)
  })
})
