import { isOpenwardError, type Unsupported } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, expectTypeOf, it } from 'vitest'

import {
  createProtocolRegistry,
  DEVICE_REGISTRY,
  encodeRecord,
  PROTOCOL_FAMILIES,
  PROTOCOL_IDS,
} from '../../src/index.js'
import { encodeContecV7 } from '../../src/protocols/contec/contec-v7-encode.js'
import { beepFamily } from './beep/profile.js'

// The one registration line: the built-in families plus the made-up one.
const registry = createProtocolRegistry([...PROTOCOL_FAMILIES, beepFamily])

describe('a protocol added in its own folder plus one registration line', () => {
  it('gets a profile with its transport settings, after every built-in protocol', () => {
    expect(registry.ids).toEqual([...PROTOCOL_IDS, 'beep'])
    expect(registry.profiles.beep.gatt?.service).toBe('0000beef-0000-1000-8000-00805f9b34fb')
    expect(registry.profiles.beep.namePrefixes).toEqual(['Beep'])
  })

  it('decodes through the registry: framer, then the normaliser table', () => {
    const profile = registry.profiles.beep
    const out = profile.createFramer().push(Uint8Array.of(0xbe, 96, 72))
    expect(out.records).toEqual([{ _tag: 'BeepReading', spo2: 96, pulseRate: 72 }])
    const samples = out.records.flatMap((r) => profile.toSamples(r, { timeMs: 1000 }))
    expect(samples.map((s) => [s.timeMs, s.spo2, s.pulseRate])).toEqual([[1000, 96, 72]])
  })

  it('encodes its records, and the built-in ones still', () => {
    expect(registry.encodeRecord({ _tag: 'BeepReading', spo2: 97, pulseRate: 60 })).toEqual(
      E.right(Uint8Array.of(0xbe, 97, 60)),
    )
    const v7 = { _tag: 'ContecV7Command', code: 0xa1, params: [0, 0, 0, 0, 0, 0] } as const
    expect(registry.encodeRecord(v7)).toEqual(E.right(encodeRecord(v7)))
    expect(registry.encodeRecordOrThrow(v7)).toEqual(encodeContecV7(v7))
  })

  it('a record no family encodes (built outside the type at run time) is a Left Unsupported; the OrThrow member throws an OpenwardError', () => {
    const stray = JSON.parse('{"_tag":"NotARecord","spo2":97}') as Parameters<typeof registry.encodeRecord>[0]
    const encoded = registry.encodeRecord(stray)
    expect(E.isLeft(encoded) && encoded.left).toMatchObject({ _tag: 'Unsupported', what: 'record:NotARecord' })
    let thrown: unknown
    try {
      registry.encodeRecordOrThrow(stray)
    } catch (e) {
      thrown = e
    }
    expect(isOpenwardError(thrown, 'Unsupported')).toBe(true)
    expectTypeOf(registry.encodeRecord).returns.toEqualTypeOf<E.Either<Unsupported, Uint8Array>>()
    expectTypeOf(registry.encodeRecordOrThrow).returns.toEqualTypeOf<Uint8Array>()
  })

  it('decodes whole buffers with decodeBatch through its framer (no fast path needed)', () => {
    const batch = registry.decodeBatch('beep', Uint8Array.of(0xbe, 127, 255))
    expect(batch.protocol).toBe('beep')
    expect([batch.length, batch.spo2[0], batch.pulseRate[0]]).toEqual([1, NaN, NaN])
  })

  it('refuses a second family registering an id already taken, with a typed error', () => {
    let thrown: unknown
    try {
      createProtocolRegistry([...PROTOCOL_FAMILIES, beepFamily, beepFamily])
    } catch (e) {
      thrown = e
    }
    expect(isOpenwardError(thrown, 'Unsupported')).toBe(true)
  })

  it('leaves the built-in registry and its literal id union alone', () => {
    expect(Object.keys(DEVICE_REGISTRY)).toEqual([...PROTOCOL_IDS])
    // @ts-expect-error -- 'beep' is not a built-in ProtocolId
    expect(DEVICE_REGISTRY.beep).toBeUndefined()
  })
})
