import type { OximetrySample } from '@openward/core'

import type { OximeterRecord } from './oximeter-record.js'
import type { DeviceProfile, NormaliseContext } from './device-profile.js'
import type { Framer } from './framer.js'
import type { OximetryBatch } from './oximetry-batch.js'

/** Turns one record into samples (none for waveform-only and control records). @category registry */
export type Normaliser<R> = (record: R, context: NormaliseContext) => readonly OximetrySample[]

/**
 * One protocol of a family: everything a {@link DeviceProfile} says except `toSamples`, which the
 * registry builds from the per-tag `normalise` table (and passes through the plausibility check
 * every sample goes through), plus an optional whole-buffer fast path for `decodeBatch`.
 *
 * @category registry
 */
export interface ProtocolDefinition<P extends string, R extends OximeterRecord> extends Omit<
  DeviceProfile<P>,
  'toSamples' | 'createFramer'
> {
  readonly createFramer: () => Framer<R, P>
  /** Normaliser per record tag; records with no entry give no samples. */
  readonly normalise: { readonly [K in R['_tag']]?: Normaliser<Extract<R, { readonly _tag: K }>> }
  /**
   * Decodes a whole buffer straight into columns, with exactly the framer's and the normalisers'
   * results (the batch tests compare the two). Without it, `decodeBatch` uses the framer.
   */
  readonly decodeBatch?: (bytes: Uint8Array) => OximetryBatch<P>
}

/**
 * A protocol family (one folder under `src/protocols/`): its protocols and an encoder for every
 * record type its framers produce. The registry is built from the list of families, so adding a
 * protocol touches its folder and one registration line.
 *
 * @category registry
 */
export interface ProtocolFamily<P extends string = string, R extends OximeterRecord = OximeterRecord> {
  /** The folder name, for messages. */
  readonly family: string
  readonly protocols: readonly ProtocolDefinition<P, R>[]
  /** Wire bytes of each record type (fake devices, recordings, tests); every tag must have one. */
  readonly encoders: { readonly [K in R['_tag']]: (record: Extract<R, { readonly _tag: K }>) => Uint8Array }
}

/**
 * Declares a family with its protocol ids `P` and record union `R` checked: every normaliser and
 * encoder is keyed by a real record tag, and every record tag has an encoder.
 *
 * @example
 * export const toyFamily = protocolFamily<'toy', ToyRecord>({ family: 'toy', protocols: [toy], encoders: { Toy: encodeToy } })
 * @category registry
 */
export const protocolFamily = <P extends string, R extends OximeterRecord>(
  family: ProtocolFamily<P, R>,
): ProtocolFamily<P, R> => family
