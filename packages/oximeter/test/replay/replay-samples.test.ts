import { makeSample, type OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { take, VirtualTimeScheduler } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { describe, expect, it } from 'vitest'

import { importOximetryCsv } from '../../src/import/oximetry-csv.js'
import { replaySamples } from '../../src/replay/replay-samples.js'

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected))

const at = (timeMs: number, spo2: number): OximetrySample =>
  makeSample({ timeMs, clock: 'recording', spo2, pulseRate: 60, provenance: { protocol: 'test' } })

const a = at(1_000, 97)
const b = at(1_003, 96)
const c = at(1_010, 95)

describe('replaySamples (marbles)', () => {
  it('emits nothing and completes for an empty recording', () => {
    testScheduler().run(({ expectObservable }) => {
      expectObservable(replaySamples([])).toBe('|')
    })
  })

  it('emits one sample at subscription time, then completes', () => {
    testScheduler().run(({ expectObservable }) => {
      expectObservable(replaySamples([a])).toBe('(a|)', { a })
    })
  })

  it('emits many samples at their recorded offsets from the first (real speed)', () => {
    const scheduler = testScheduler()
    scheduler.run(({ expectObservable }) => {
      expectObservable(replaySamples([a, b, c], { scheduler })).toBe('a 2ms b 6ms (c|)', { a, b, c })
    })
  })

  it('compresses time by the speed factor', () => {
    const scheduler = testScheduler()
    const d = at(1_040, 94)
    scheduler.run(({ expectObservable }) => {
      expectObservable(replaySamples([a, at(1_020, 93), d], { scheduler, speed: 10 })).toBe('a 1ms b 1ms (d|)', {
        a,
        b: at(1_020, 93),
        d,
      })
    })
  })

  it('emits everything at once with speed Infinity, still through the scheduler', () => {
    const scheduler = testScheduler()
    scheduler.run(({ expectObservable }) => {
      expectObservable(replaySamples([a, b, c], { scheduler, speed: Infinity })).toBe('(abc|)', { a, b, c })
    })
  })

  it('emits samples with the same timestamp together and keeps out-of-order samples in place', () => {
    const scheduler = testScheduler()
    const early = at(500, 90)
    scheduler.run(({ expectObservable }) => {
      expectObservable(replaySamples([a, b, b, early, c], { scheduler })).toBe('a 2ms (bbe) 2ms (c|)', {
        a,
        b,
        e: early,
        c,
      })
    })
  })

  it('stops on early unsubscribe and leaves no pending work', () => {
    const scheduler = testScheduler()
    scheduler.run(({ expectObservable }) => {
      expectObservable(replaySamples([a, b, c], { scheduler }), '^ 4ms !').toBe('a 2ms b', { a, b })
    })
    const virtual = new VirtualTimeScheduler()
    const seen: OximetrySample[] = []
    replaySamples([a, b, c], { scheduler: virtual })
      .pipe(take(1))
      .subscribe((s) => seen.push(s))
    virtual.flush()
    expect(seen).toEqual([a])
    expect(virtual.actions).toHaveLength(0)
  })

  it('fails with a typed error for a speed that is not > 0', () => {
    testScheduler().run(({ expectObservable }) => {
      for (const speed of [0, -1, Number.NaN]) {
        expectObservable(replaySamples([a], { speed })).toBe(
          '#',
          undefined,
          expect.objectContaining({ error: expect.objectContaining({ _tag: 'InvalidField', field: 'speed' }) }),
        )
      }
    })
  })
})

describe('replaySamples on a real recording', () => {
  const path = fileURLToPath(
    new URL('../../../../../shared/data/spo2/ubicomp_varied_fio2_100001_masimo_1hz.csv', import.meta.url),
  )
  const imported = importOximetryCsv(readFileSync(path, 'utf8'), { startTimeMs: Date.UTC(2022, 0, 1) })
  if (E.isLeft(imported)) throw new Error(imported.left.message)
  const samples = imported.right

  it('replays an 18-minute 1 Hz recording in virtual time, every sample at its offset', () => {
    const scheduler = new VirtualTimeScheduler()
    const seen: Array<[number, OximetrySample]> = []
    let completed = false
    replaySamples(samples, { scheduler }).subscribe({
      next: (s) => seen.push([scheduler.now(), s]),
      complete: () => (completed = true),
    })
    scheduler.flush()
    expect(completed).toBe(true)
    expect(seen.map(([, s]) => s)).toEqual(samples)
    const first = samples[0]!.timeMs
    for (const [now, s] of seen) expect(now).toBe(s.timeMs - first)
    expect(scheduler.now()).toBe(1089_000)
  })

  it('replays at N× in real time', async () => {
    const slice = samples.slice(0, 4) // 3 s of recording
    const started = performance.now()
    const seen: OximetrySample[] = []
    await new Promise<void>((resolve) =>
      replaySamples(slice, { speed: 100 }).subscribe({ next: (s) => seen.push(s), complete: resolve }),
    )
    const elapsed = performance.now() - started
    expect(seen).toEqual(slice)
    // 3000 ms / 100 = 30 ms of scheduled waiting; a lower bound only (timers never fire early by more than 1 ms).
    expect(elapsed).toBeGreaterThanOrEqual(28)
  })
})
