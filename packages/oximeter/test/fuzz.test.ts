import { describe, expect, it } from 'vitest'

import { PROTOCOL_IDS } from '../src/index.js'
import { fuzzProtocol } from './fuzz/fuzz-core.js'

// The full run (≥ 10^6 inputs per protocol) is `npm run fuzz -w packages/oximeter`; CI runs 2,000.
const COUNT = Number(process.env.FUZZ_COUNT ?? 2000)

describe('fuzz (random + mutated inputs)', () => {
  it.each(PROTOCOL_IDS.map((p) => [p]))('%s: no throw, every byte accounted, records round-trip', (protocol) => {
    const result = fuzzProtocol(protocol, COUNT, 7)
    expect(result.failures).toEqual([])
    expect(result.inputs).toBe(COUNT)
    expect(result.records).toBeGreaterThan(0)
  })
})
