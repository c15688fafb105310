// Regenerates the numeric ICC tag types a colour transform needs from their parsed values
// (ICC.1:2022 section 10; the same layouts in ICC.1:2001-04 for v2 profiles). Each writer reads the
// values, checks the tag's length is exactly what its type needs, and writes fresh bytes with the
// reserved fields zeroed, so no byte of the original tag (padding, reserved words, trailing data)
// is ever copied.
import { u16be, u32be } from '../internal/bytes.js'

/** Builds a tag's bytes: 4-byte type signature, 4 reserved zero bytes, then the body. */
function tag(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length)
  for (let i = 0; i < 4; i++) out[i] = type.charCodeAt(i)
  out.set(body, 8)
  return out
}

const typeOf = (b: Uint8Array): string => String.fromCharCode(b[0] ?? 0, b[1] ?? 0, b[2] ?? 0, b[3] ?? 0)

/**
 * Copies `count` fixed-point numbers starting at `from`, or `undefined` when one is outside
 * [min, max]. The range check is what makes a copied number a colour value: without it, 36 bytes
 * of text fit in three XYZNumbers just as well.
 */
function words(
  b: Uint8Array,
  from: number,
  count: number,
  [min, max]: readonly [number, number],
  signed = true,
): Uint8Array | undefined {
  const out = new Uint8Array(count * 4)
  const view = new DataView(out.buffer)
  for (let i = 0; i < count; i++) {
    const raw = u32be(b, from + i * 4)
    const value = (signed ? raw | 0 : raw) / 65536 // s15Fixed16Number / u16Fixed16Number (4.6, 4.7)
    if (value < min || value > max) return undefined
    view.setUint32(i * 4, raw)
  }
  return out
}

// Physical ranges (ICC.1:2022 Annex A, D50 PCS): white points and colorants are XYZ of order 1;
// a chromatic adaptation matrix's entries are of order 1; chromaticities are in [0, 1]; curve
// parameters (10.18) are gammas up to ~10 and small offsets and slopes. Generous, but far from the
// values text makes (ASCII "PLAN" read as s15Fixed16 is 20,556).
const XYZ_RANGE = [-1, 4] as const
const CHAD_RANGE = [-8, 8] as const
const CHROMA_RANGE = [0, 1] as const
const PARA_RANGE = [-16, 16] as const

// parametricCurveType (ICC.1:2022 10.18, Table 68): parameter count by function type.
const PARA_PARAMS = [1, 3, 4, 5, 7] as const

/**
 * Regenerates one tag of a kept type, or `undefined` when its type, length or values are not
 * exactly what the tag defines (the caller then drops the tag).
 */
export function regenerateTagData(signature: string, data: Uint8Array): Uint8Array | undefined {
  if (data.length < 8) return undefined
  const type = typeOf(data)
  // XYZType (10.31): exactly one XYZNumber for white/black points and colorants (9.2.x).
  if (type === 'XYZ ') {
    const values = data.length === 20 ? words(data, 8, 3, XYZ_RANGE) : undefined
    return values && tag(type, values)
  }
  // s15Fixed16ArrayType (10.22): chromaticAdaptationTag is a 3×3 matrix (9.2.15).
  if (type === 'sf32') {
    const values = signature === 'chad' && data.length === 8 + 36 ? words(data, 8, 9, CHAD_RANGE) : undefined
    return values && tag(type, values)
  }
  // chromaticityType (10.2): uint16 channels, uint16 colorant type, channels × (x, y) u16Fixed16.
  if (type === 'chrm') {
    const channels = data.length >= 12 ? u16be(data, 8) : 0
    if (channels < 1 || channels > 16 || data.length !== 12 + 8 * channels) return undefined
    const values = words(data, 12, channels * 2, CHROMA_RANGE, false)
    if (values === undefined) return undefined
    const body = new Uint8Array(4 + values.length)
    const view = new DataView(body.buffer)
    view.setUint16(0, channels)
    view.setUint16(2, u16be(data, 10) & 7)
    body.set(values, 4)
    return tag(type, body)
  }
  if (type === 'curv') return curve(data)
  if (type === 'para') return parametric(data)
  return undefined
}

// curveType (10.6): uint32 count, then count uInt16Numbers: 0 = identity, 1 = a u8Fixed8 gamma,
// more = a sampled tone curve, which is monotonic (a tone response never turns back; text is not).
function curve(data: Uint8Array): Uint8Array | undefined {
  if (data.length < 12) return undefined
  const n = u32be(data, 8)
  if (n > 65_536 || (data.length !== 12 + 2 * n && data.length !== 12 + 2 * n + ((2 * n) % 4))) return undefined
  const body = new Uint8Array(4 + 2 * n)
  const view = new DataView(body.buffer)
  view.setUint32(0, n)
  let rising = true
  let falling = true
  for (let i = 0; i < n; i++) {
    const v = u16be(data, 12 + 2 * i)
    if (i > 0) {
      const prev = u16be(data, 10 + 2 * i)
      rising &&= v >= prev
      falling &&= v <= prev
    }
    view.setUint16(4 + 2 * i, v)
  }
  if (n === 1 && (view.getUint16(4) === 0 || view.getUint16(4) > 10 * 256)) return undefined
  return rising || falling ? tag('curv', body) : undefined
}

// parametricCurveType (10.18): uint16 function type, 2 reserved bytes, the parameters; the gamma
// (first parameter) is positive.
function parametric(data: Uint8Array): Uint8Array | undefined {
  if (data.length < 12) return undefined
  const fn = u16be(data, 8)
  const params = PARA_PARAMS[fn]
  if (params === undefined || data.length !== 12 + 4 * params) return undefined
  const values = words(data, 12, params, PARA_RANGE)
  if (values === undefined || new DataView(values.buffer).getInt32(0) <= 0) return undefined
  const body = new Uint8Array(4 + 4 * params)
  new DataView(body.buffer).setUint16(0, fn)
  body.set(values, 4)
  return tag('para', body)
}

/**
 * A neutral text tag in the type the profile version expects: multiLocalizedUnicodeType (10.15)
 * for v4, textDescriptionType (ICC.1:2001-04 6.5.17) for a v2 `desc`, textType (6.5.18) for a v2
 * `cprt`. The text is ours, never the original's.
 */
export function neutralText(text: string, major: number, signature: 'desc' | 'cprt'): Uint8Array {
  if (major >= 4) {
    const body = new Uint8Array(20 + 2 * text.length)
    const view = new DataView(body.buffer)
    view.setUint32(0, 1) // one record
    view.setUint32(4, 12) // record size
    body.set([0x65, 0x6e, 0x55, 0x53], 8) // 'en' 'US'
    view.setUint32(12, 2 * text.length)
    view.setUint32(16, 28) // offset from the start of the tag
    for (let i = 0; i < text.length; i++) view.setUint16(20 + 2 * i, text.charCodeAt(i))
    return tag('mluc', body)
  }
  const ascii = new Uint8Array(text.length + 1)
  for (let i = 0; i < text.length; i++) ascii[i] = text.charCodeAt(i) & 0x7f
  if (signature === 'cprt') return tag('text', ascii)
  // textDescriptionType: ASCII count + ASCII, Unicode language + count (0), ScriptCode code + count + 67 bytes.
  const body = new Uint8Array(4 + ascii.length + 8 + 3 + 67)
  new DataView(body.buffer).setUint32(0, ascii.length)
  body.set(ascii, 4)
  return tag('desc', body)
}
