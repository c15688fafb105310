/**
 * IEEE 11073-20601 SFLOAT (16-bit) and FLOAT (32-bit) medical number formats
 * (IEEE 11073-20601:2019 §F.8; Bluetooth GATT Specification Supplement "medfloat16/32";
 * spec note §2.2). value = mantissa × 10^exponent, both two's complement, exponent NOT biased.
 * The special codes (NaN, NRes, ±INFINITY, reserved) are "no value": they are kept as a reason,
 * never turned into a number.
 */

/** Why a medical float holds no value. @category sfloat */
export type MedicalFloatReason = 'nan' | 'nres' | 'positive-infinity' | 'negative-infinity' | 'reserved'

/** A medical float with a value; `mantissa`/`exponent` are kept so no precision is lost. @category sfloat */
export interface MedicalFloatValue {
  readonly _tag: 'Value'
  readonly value: number
  readonly mantissa: number
  readonly exponent: number
}

/** A special code: no usable number. @category sfloat */
export interface MedicalFloatNoValue {
  readonly _tag: 'NoValue'
  readonly reason: MedicalFloatReason
}

/** A decoded SFLOAT or FLOAT. @category sfloat */
export type MedicalFloat = MedicalFloatValue | MedicalFloatNoValue

// Whole-word special codes (compare before splitting: 0xF7FF is an ordinary 204.7).
const SFLOAT_SPECIAL: ReadonlyMap<number, MedicalFloatReason> = /* @__PURE__ */ new Map([
  [0x07ff, 'nan'],
  [0x0800, 'nres'],
  [0x07fe, 'positive-infinity'],
  [0x0802, 'negative-infinity'],
  [0x0801, 'reserved'],
])
const SFLOAT_CODE: Readonly<Record<MedicalFloatReason, number>> = {
  nan: 0x07ff,
  nres: 0x0800,
  'positive-infinity': 0x07fe,
  'negative-infinity': 0x0802,
  reserved: 0x0801,
}
const FLOAT_SPECIAL: ReadonlyMap<number, MedicalFloatReason> = /* @__PURE__ */ new Map([
  [0x007fffff, 'nan'],
  [0x00800000, 'nres'],
  [0x007ffffe, 'positive-infinity'],
  [0x00800002, 'negative-infinity'],
  [0x00800001, 'reserved'],
])
const FLOAT_CODE: Readonly<Record<MedicalFloatReason, number>> = {
  nan: 0x007fffff,
  nres: 0x00800000,
  'positive-infinity': 0x007ffffe,
  'negative-infinity': 0x00800002,
  reserved: 0x00800001,
}

/** No-value constants, shared (one object per reason). @category sfloat */
export const NO_VALUE: Readonly<Record<MedicalFloatReason, MedicalFloatNoValue>> = /* @__PURE__ */ Object.freeze({
  nan: Object.freeze({ _tag: 'NoValue', reason: 'nan' }),
  nres: Object.freeze({ _tag: 'NoValue', reason: 'nres' }),
  'positive-infinity': Object.freeze({ _tag: 'NoValue', reason: 'positive-infinity' }),
  'negative-infinity': Object.freeze({ _tag: 'NoValue', reason: 'negative-infinity' }),
  reserved: Object.freeze({ _tag: 'NoValue', reason: 'reserved' }),
})

/** mantissa × 10^exponent without float noise for negative exponents (87 × 0.1 ≠ 8.7). */
function scale(mantissa: number, exponent: number): number {
  return exponent < 0 ? mantissa / 10 ** -exponent : mantissa * 10 ** exponent
}

/**
 * Builds a value from mantissa and exponent.
 *
 * @example
 * medicalFloat(1000, -1).value // 100
 * @category sfloat
 */
export function medicalFloat(mantissa: number, exponent: number): MedicalFloatValue {
  return { _tag: 'Value', value: scale(mantissa, exponent), mantissa, exponent }
}

/**
 * Decodes a 16-bit SFLOAT word (already assembled from its little-endian bytes).
 *
 * @example
 * decodeSfloat(0xf3e8) // { _tag: 'Value', value: 100, mantissa: 1000, exponent: -1 }
 * decodeSfloat(0x07ff) // { _tag: 'NoValue', reason: 'nan' }
 * @category sfloat
 */
export function decodeSfloat(word: number): MedicalFloat {
  const raw = word & 0xffff
  const special = SFLOAT_SPECIAL.get(raw)
  if (special !== undefined) return NO_VALUE[special]
  const exponent = (raw << 16) >> 28 // sign-extend bits 15–12
  const mantissa = (raw << 20) >> 20 // sign-extend bits 11–0
  return medicalFloat(mantissa, exponent)
}

/** Reads a little-endian SFLOAT at `offset` (the caller checks the length). @category sfloat */
export function readSfloat(bytes: Uint8Array, offset: number): MedicalFloat {
  return decodeSfloat((bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8))
}

/**
 * Encodes to a 16-bit SFLOAT word. Mantissa must fit −2048…2047 excluding the special codes'
 * range when the exponent is 0 (2046, 2047, −2048…−2046); the caller picks mantissa/exponent.
 *
 * @category sfloat
 */
export function encodeSfloat(f: MedicalFloat): number {
  if (f._tag === 'NoValue') return SFLOAT_CODE[f.reason]
  return ((f.exponent & 0x0f) << 12) | (f.mantissa & 0x0fff)
}

/** Writes `f` as a little-endian SFLOAT at `offset`. @category sfloat */
export function writeSfloat(out: Uint8Array, offset: number, f: MedicalFloat): void {
  const word = encodeSfloat(f)
  out[offset] = word & 0xff
  out[offset + 1] = word >>> 8
}

/**
 * Decodes a 32-bit FLOAT word: exponent bits 31–24, mantissa bits 23–0.
 *
 * @category sfloat
 */
export function decodeFloat32(word: number): MedicalFloat {
  const raw = word >>> 0
  const special = FLOAT_SPECIAL.get(raw)
  if (special !== undefined) return NO_VALUE[special]
  const exponent = raw >> 24 // sign-extended by the signed shift
  const mantissa = (raw << 8) >> 8
  return medicalFloat(mantissa, exponent)
}

/** Encodes a 32-bit FLOAT word (unsigned). @category sfloat */
export function encodeFloat32(f: MedicalFloat): number {
  if (f._tag === 'NoValue') return FLOAT_CODE[f.reason]
  return (((f.exponent & 0xff) << 24) | (f.mantissa & 0xffffff)) >>> 0
}

/** The number, or `null` for any special code. @category sfloat */
export const medicalFloatValue = (f: MedicalFloat): number | null => (f._tag === 'Value' ? f.value : null)
