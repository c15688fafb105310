import type { Framer } from '../../decode/framer.js'
import { createStreamFramer } from '../../internal/stream-framer.js'
import { decodeSfloat, encodeSfloat, type MedicalFloat } from './sfloat.js'

/**
 * One SFLOAT of the `sfloat` pseudo-protocol (a run of little-endian 16-bit words), for
 * inspecting values by hand: `openward decode --protocol sfloat --hex "ff07 e8f3"`.
 *
 * @category sfloat
 */
export interface SfloatRecord {
  readonly _tag: 'Sfloat'
  /** The 16-bit word as received. */
  readonly raw: number
  readonly float: MedicalFloat
}

/** A framer that reads consecutive 2-byte SFLOAT words. @category sfloat */
export function createSfloatFramer(): Framer<SfloatRecord, 'sfloat'> {
  return createStreamFramer<SfloatRecord, 'sfloat'>({
    protocol: 'sfloat',
    maxFrameLength: 2,
    isSync: () => true,
    measure: () => 2,
    decode: (b, at) => {
      const raw = (b[at] as number) | ((b[at + 1] as number) << 8)
      return { _tag: 'Sfloat', raw, float: decodeSfloat(raw) }
    },
  })
}

/** Encodes an SFLOAT record (its `float`) as 2 little-endian bytes. @category sfloat */
export function encodeSfloatRecord(r: SfloatRecord): Uint8Array {
  const word = encodeSfloat(r.float)
  return Uint8Array.of(word & 0xff, word >>> 8)
}
