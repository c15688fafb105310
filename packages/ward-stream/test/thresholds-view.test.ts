import { jetstreamManager } from '@nats-io/jetstream'
import { Kvm } from '@nats-io/kv'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { ensureWard } from '../src/node/ensure-ward.js'
import { ThresholdsView } from '../src/node/thresholds-view.js'
import { silentLogger } from '../src/ward-logger.js'
import { natsFixture } from './helpers/nats-fixture.js'

const COPD = { normalAtOrAbove: 88, reviewAtOrAbove: 86 }

describe("a worker's watched copy of the thresholds bucket", () => {
  const fixture = natsFixture()

  const bucket = async (tenant: string) => {
    const nc = fixture.nc()
    const ward = await ensureWard(nc, await jetstreamManager(nc), tenant, { partitions: 1 })()
    if (E.isLeft(ward)) throw new Error(ward.left.message)
    return new Kvm(nc).open(ward.right.names.thresholdsBucket)
  }

  it('answers nothing before its first load, then every key; an empty bucket is loaded at once', async () => {
    const kv = await bucket('empty')
    const view = new ThresholdsView(kv, fixture.nc(), silentLogger)
    expect(view.current('p1')).toBeUndefined() // unknown, not "no thresholds"
    view.start()
    expect(await view.caughtUp(5_000)).toBe(true)
    expect(view.current('p1')).toEqual({ stored: null, atMs: 0 })
    view.close()
  })

  it('is read-your-writes through caughtUp: an entry put just before holds at once, deletions and bad bytes included', async () => {
    const kv = await bucket('barrier')
    for (let i = 0; i < 300; i++) await kv.put(`p${i}`, JSON.stringify(COPD))
    const view = new ThresholdsView(kv, fixture.nc(), silentLogger)
    view.start()
    expect(await view.caughtUp(5_000)).toBe(true)
    expect(view.current('p299')?.stored).toEqual(E.right(COPD))
    for (let round = 0; round < 20; round++) {
      await kv.put(`late${round}`, JSON.stringify({ normalAtOrAbove: 90 + (round % 5), reviewAtOrAbove: 85 }))
      await kv.delete(`p${round}`)
      await kv.put(`bad${round}`, 'ninety')
      expect(await view.caughtUp(5_000)).toBe(true)
      const late = view.current(`late${round}`)
      expect(late?.stored).toEqual(E.right({ normalAtOrAbove: 90 + (round % 5), reviewAtOrAbove: 85 }))
      expect(late!.atMs).toBeGreaterThan(0) // when the server stored it: where a change starts to apply
      expect(view.current(`p${round}`)?.stored).toBeNull() // deleted
      const bad = view.current(`bad${round}`)?.stored
      expect(bad !== null && bad !== undefined && E.isLeft(bad) && bad.left._tag).toBe('InvalidOption')
    }
    view.close()
  })

  it('tells subscribers every entry it delivers, and once closed answers nothing', async () => {
    const kv = await bucket('subscribe')
    await kv.put('a', JSON.stringify(COPD))
    const view = new ThresholdsView(kv, fixture.nc(), silentLogger)
    const seen: [string, unknown][] = []
    view.subscribe((key, stored) => seen.push([key, stored]))
    view.start()
    expect(await view.caughtUp(5_000)).toBe(true)
    await kv.put('b', 'x')
    expect(await view.caughtUp(5_000)).toBe(true)
    expect(seen.map(([k]) => k)).toEqual(['a', 'b'])
    view.close()
    expect(view.current('a')).toBeUndefined()
    expect(await view.caughtUp(1_000)).toBe(false)
  })
})
