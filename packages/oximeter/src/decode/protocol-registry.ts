import { getOrThrow, OpenwardError, type OximetrySample, unsupported, type Unsupported } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import type { OximeterRecord } from './oximeter-record.js'
import type { DeviceProfile, NormaliseContext } from './device-profile.js'
import { columns, growColumns, type OximetryBatch, trimColumns, writeSample } from './oximetry-batch.js'
import { refuseImplausible } from './plausible-samples.js'
import type { Normaliser, ProtocolFamily } from './protocol-family.js'

/** Any family, whatever its ids and records (the constraint of a family list). @category registry */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- normalisers are contravariant in their record type
export type AnyProtocolFamily = ProtocolFamily<string, any>

/** The protocol ids of a family type. @category registry */
export type ProtocolOf<F> = F extends ProtocolFamily<infer P, infer _R> ? P : never
/** The record union of a family type. @category registry */
export type RecordOf<F> = F extends ProtocolFamily<infer _P, infer R> ? R : never

/**
 * Everything the package looks up per protocol, built once from a list of families.
 *
 * @category registry
 */
export interface ProtocolRegistry<P extends string, R extends OximeterRecord> {
  /** Profiles by protocol id, in registration order. */
  readonly profiles: Readonly<Record<P, DeviceProfile<P>>>
  /** Ids in registration order. */
  readonly ids: readonly P[]
  /**
   * Wire bytes of any record a registered framer produces; a record whose tag no family encodes
   * (one built or parsed at run time outside the type) is a `Left` of `Unsupported`.
   */
  readonly encodeRecord: (record: R) => E.Either<Unsupported, Uint8Array>
  /** {@link ProtocolRegistry.encodeRecord} that throws an `OpenwardError` (`Unsupported`) instead. */
  readonly encodeRecordOrThrow: (record: R) => Uint8Array
  /** A whole buffer of one protocol into columns (the family's fast path, else its framer). */
  readonly decodeBatch: (protocol: P, bytes: Uint8Array) => OximetryBatch<P>
}

/**
 * Builds the registry from families: `toSamples` from each protocol's normaliser table, passed
 * through the one plausibility check every normalised sample goes through (`refuseImplausible`:
 * impossible values become `null` + `questionable`, reported to `context.onImplausible`), the
 * encoder per record tag, and `decodeBatch` dispatch. Throws an `OpenwardError` (`Unsupported`) when two
 * families register the same protocol id or record tag: a programming error in the family list (code,
 * not data), found at start-up when the module loads; the one failure convention's "set-up" row
 * (docs/architecture.md). Nothing it builds throws at run time except the `…OrThrow` members.
 *
 * @example
 * const registry = createProtocolRegistry([...PROTOCOL_FAMILIES, toyFamily])
 * registry.profiles.toy.createFramer()
 * @category registry
 */
export function createProtocolRegistry<const F extends readonly AnyProtocolFamily[]>(
  families: F,
): ProtocolRegistry<ProtocolOf<F[number]>, RecordOf<F[number]>> {
  type P = ProtocolOf<F[number]>
  type R = RecordOf<F[number]>
  const profiles: Record<string, DeviceProfile<string>> = {}
  const batch: Record<string, (bytes: Uint8Array) => OximetryBatch<string>> = {}
  const encoders = new Map<string, (record: never) => Uint8Array>()
  for (const family of families as readonly ProtocolFamily<string, OximeterRecord>[]) {
    for (const definition of family.protocols) {
      const { normalise, decodeBatch: fast, ...rest } = definition
      if (definition.protocol in profiles) throw duplicate('protocol', definition.protocol, family.family)
      const table = normalise as Partial<Record<string, Normaliser<OximeterRecord>>>
      profiles[definition.protocol] = Object.freeze({
        ...rest,
        toSamples: (record: OximeterRecord, context: NormaliseContext) =>
          refuseImplausible(table[record._tag]?.(record, context) ?? NONE, context.onImplausible),
      })
      if (fast !== undefined) batch[definition.protocol] = fast
    }
    for (const [tag, encode] of Object.entries(family.encoders) as [string, (record: never) => Uint8Array][]) {
      if (encoders.has(tag)) throw duplicate('record tag', tag, family.family)
      encoders.set(tag, encode)
    }
  }
  const frozen = Object.freeze(profiles) as Readonly<Record<P, DeviceProfile<P>>>
  const encodeRecord = (record: R): E.Either<Unsupported, Uint8Array> => {
    const encode = encoders.get(record._tag)
    return encode === undefined
      ? E.left(unsupported(`record:${record._tag}`, `no encoder for record "${record._tag}"`))
      : E.right(encode(record as never))
  }
  return {
    profiles: frozen,
    ids: Object.freeze(Object.keys(profiles)) as readonly P[],
    encodeRecord,
    encodeRecordOrThrow: (record: R) => getOrThrow(encodeRecord(record)),
    decodeBatch: (protocol: P, bytes: Uint8Array) =>
      (batch[protocol]?.(bytes) ??
        decodeWithFramer(frozen[protocol] as DeviceProfile<string>, bytes)) as OximetryBatch<P>,
  }
}

const NONE: readonly OximetrySample[] = /* @__PURE__ */ Object.freeze([])

function duplicate(what: string, id: string, family: string): OpenwardError {
  return new OpenwardError(unsupported(`registry:${id}`, `${what} "${id}" registered twice (again by ${family})`))
}

/**
 * The batch path for protocols without a fast path: pushes in slices and writes each sample to
 * the columns at once, so records die young (cheap GC).
 */
function decodeWithFramer(profile: DeviceProfile<string>, bytes: Uint8Array): OximetryBatch<string> {
  const framer = profile.createFramer()
  const message = profile.framing === 'message'
  let implausibleValues = 0
  const context = { timeMs: 0, onImplausible: () => void implausibleValues++ }
  let c = columns(Math.max(16, bytes.length >> 4))
  let count = 0
  let discarded = 0
  let checksumFailures = 0
  const errors: OximetryBatch['errors'][number][] = []
  const step = message ? bytes.length || 1 : 16384
  for (let at = 0; at < bytes.length || (message && at === 0); at += step) {
    const out = framer.push(bytes.subarray(at, at + step))
    discarded += out.bytesDiscarded
    checksumFailures += out.checksumFailures
    for (const e of out.errors) errors.push(e)
    for (const r of out.records)
      for (const s of profile.toSamples(r, context)) {
        if (count === c.spo2.length) c = growColumns(c)
        writeSample(c, count++, s)
      }
  }
  return {
    protocol: profile.protocol,
    length: count,
    ...trimColumns(c, count),
    bytesDiscarded: discarded,
    checksumFailures,
    trailingBytes: framer.pendingBytes,
    errors,
    implausibleValues,
  }
}
