import { describe, expect, it } from 'vitest'

import { assignPartitions } from '../src/node/ward-worker.js'
import { keyHash, partitionOf } from '../src/partition.js'

describe('partitionOf', () => {
  it('is FNV-1a + fmix32 of the UTF-8 key: fixed values any runtime must reproduce', () => {
    // FNV-1a 32 of "" is the offset basis 0x811c9dc5; fmix32 of it, computed by hand from MurmurHash3's finaliser.
    let h = 0x811c9dc5
    h ^= h >>> 16
    h = Math.imul(h, 0x85ebca6b) >>> 0
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35) >>> 0
    h ^= h >>> 16
    expect(keyHash('')).toBe(h >>> 0)
    expect(partitionOf('p00001', 16)).toBe(partitionOf('p00001', 16))
    expect(partitionOf('p00001', 1)).toBe(0)
  })

  it('spreads 50,000 sequential patient keys over 16 partitions within 5 % of even', () => {
    const counts = new Array<number>(16).fill(0)
    for (let i = 0; i < 50_000; i++) counts[partitionOf(`p${String(i).padStart(5, '0')}`, 16)]!++
    for (const c of counts) expect(Math.abs(c - 50_000 / 16)).toBeLessThan(0.05 * (50_000 / 16))
  })
})

describe('assignPartitions', () => {
  it('gives every partition to exactly one live worker, at most ⌈P/W⌉ each, the same answer in any order', () => {
    for (const workers of [['a'], ['a', 'b'], ['w0', 'w1', 'w2'], ['x', 'y', 'z', 'q', 'r']]) {
      const plan = assignPartitions(16, workers)
      expect(plan).toHaveLength(16)
      for (const w of plan) expect(workers).toContain(w)
      for (const w of workers)
        expect(plan.filter((x) => x === w).length).toBeLessThanOrEqual(Math.ceil(16 / workers.length))
      expect(assignPartitions(16, [...workers].reverse())).toEqual(plan)
    }
  })

  it('moves few partitions when a worker joins: only those the newcomer takes change hands', () => {
    const before = assignPartitions(32, ['w0', 'w1'])
    const after = assignPartitions(32, ['w0', 'w1', 'w2'])
    const moved = after.filter((w, p) => w !== before[p])
    // Ideal is 32/3 ≈ 11 moves, all to the newcomer; the even-load cap may shuffle a couple more.
    expect(after.filter((w) => w === 'w2').length).toBeGreaterThanOrEqual(10)
    expect(moved.length).toBeLessThanOrEqual(14)
    expect(moved.filter((w) => w !== 'w2').length).toBeLessThanOrEqual(2)
  })
})
