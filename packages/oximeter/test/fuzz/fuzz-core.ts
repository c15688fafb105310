import { OximetrySample } from '@openward/core'
import fc from 'fast-check'

import { DEVICE_REGISTRY, encodeRecord, type KnownOximeterRecord, type ProtocolId } from '../../src/index.js'
import { VALID_FRAME } from '../protocol-frames.js'

/** What one fuzz run saw. `failures` lists the first few broken invariants (empty = pass). */
export interface FuzzResult {
  readonly protocol: ProtocolId
  readonly inputs: number
  readonly randomInputs: number
  readonly mutatedInputs: number
  readonly bytes: number
  readonly records: number
  readonly maxInputMs: number
  readonly failures: readonly string[]
}

/** xorshift32: fast, seedable, good enough to pick mutations. */
function prng(seed: number) {
  let x = seed >>> 0 || 0x9e3779b9
  const next = () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 0x100000000
  }
  return { next, int: (n: number) => Math.floor(next() * n) }
}

type Rng = ReturnType<typeof prng>

function randomBytes(rng: Rng, max: number): Uint8Array {
  const out = new Uint8Array(rng.int(max + 1))
  for (let i = 0; i < out.length; i++) out[i] = rng.int(256)
  return out
}

/** 1–4 of: bit flip, byte replace, insert garbage, delete a range, truncate, duplicate a slice. */
function mutate(rng: Rng, input: Uint8Array): Uint8Array {
  let b = Array.from(input)
  for (let m = 1 + rng.int(4); m > 0; m--) {
    const at = rng.int(b.length + 1)
    switch (rng.int(6)) {
      case 0:
        if (b.length > 0) b[at % b.length] = (b[at % b.length] ?? 0) ^ (1 << rng.int(8))
        break
      case 1:
        if (b.length > 0) b[at % b.length] = rng.int(256)
        break
      case 2:
        b.splice(at, 0, ...randomBytes(rng, 8))
        break
      case 3:
        b.splice(at, 1 + rng.int(8))
        break
      case 4:
        b = b.slice(0, at)
        break
      default:
        b.splice(at, 0, ...b.slice(rng.int(b.length + 1), rng.int(b.length + 1)))
    }
  }
  return Uint8Array.from(b)
}

function split(rng: Rng, b: Uint8Array): Uint8Array[] {
  const cuts = Array.from({ length: rng.int(5) }, () => rng.int(b.length + 1)).sort((x, y) => x - y)
  const out: Uint8Array[] = []
  let prev = 0
  for (const c of [...cuts, b.length]) {
    out.push(b.subarray(prev, c))
    prev = c
  }
  return out
}

/**
 * Feeds `count` inputs (half random bytes, half mutated runs of valid frames, split at random
 * points) to a fresh framer each and checks: push never throws; every byte is in a record,
 * discarded or pending (stream protocols); records re-encode and re-decode to themselves and
 * normalise to valid `OximetrySample`s (checked on every 64th input).
 */
export function fuzzProtocol(protocol: ProtocolId, count: number, seed = 1): FuzzResult {
  const profile = DEVICE_REGISTRY[protocol]
  const stream = profile.framing === 'stream'
  const rng = prng(seed)
  const pool = fc.sample(VALID_FRAME[protocol], { numRuns: 512, seed })
  const failures: string[] = []
  const fail = (msg: string, input: Uint8Array) => {
    if (failures.length < 5) failures.push(`${msg} (input ${Buffer.from(input).toString('hex').slice(0, 200)})`)
  }
  let records = 0
  let bytes = 0
  let maxInputMs = 0
  let randomInputs = 0
  for (let n = 0; n < count; n++) {
    let input: Uint8Array
    if ((n & 1) === 0) {
      input = randomBytes(rng, 256)
      randomInputs++
    } else {
      const frames = Array.from({ length: 1 + rng.int(6) }, () => pool[rng.int(pool.length)] ?? new Uint8Array(0))
      const joined = new Uint8Array(frames.reduce((sum, f) => sum + f.length, 0))
      frames.reduce((at, f) => (joined.set(f, at), at + f.length), 0)
      input = mutate(rng, joined)
    }
    bytes += input.length
    const t0 = performance.now()
    try {
      const framer = profile.createFramer()
      let used = 0
      let discarded = 0
      for (const chunk of stream ? split(rng, input) : [input]) {
        const out = framer.push(chunk)
        discarded += out.bytesDiscarded
        records += out.records.length
        for (const r of out.records) {
          const wire = encodeRecord(r as KnownOximeterRecord)
          used += wire.length
          if ((n & 63) === 63) checkRecord(protocol, r as KnownOximeterRecord, wire, input, fail)
        }
      }
      if (stream && used + discarded + framer.pendingBytes !== input.length)
        fail(`bytes not accounted: ${used} + ${discarded} + ${framer.pendingBytes} ≠ ${input.length}`, input)
    } catch (thrown) {
      fail(`threw ${String(thrown)}`, input)
    }
    maxInputMs = Math.max(maxInputMs, performance.now() - t0)
  }
  return {
    protocol,
    inputs: count,
    randomInputs,
    mutatedInputs: count - randomInputs,
    bytes,
    records,
    maxInputMs,
    failures,
  }
}

function checkRecord(
  protocol: ProtocolId,
  r: KnownOximeterRecord,
  wire: Uint8Array,
  input: Uint8Array,
  fail: (msg: string, input: Uint8Array) => void,
) {
  const profile = DEVICE_REGISTRY[protocol]
  // A Contec V7 packet of an unknown type ends where the next type byte starts: add one.
  const open = r._tag === 'ContecV7Packet' && r.name === 'unknown' && wire.length < 9
  const again = profile.createFramer().push(open ? Uint8Array.from([...wire, 0x0c, 0x80]) : wire).records
  if (again.length !== (open ? 2 : 1) || JSON.stringify(again[0]) !== JSON.stringify(r))
    fail(`round-trip differs for ${JSON.stringify(r)} → ${JSON.stringify(again)}`, input)
  for (const s of profile.toSamples(r, { timeMs: 0 }))
    if (!OximetrySample.is(s)) fail(`invalid sample from ${r._tag}`, input)
}
