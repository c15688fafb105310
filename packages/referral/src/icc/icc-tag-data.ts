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

/** Copies `count` 32-bit numbers starting at `from` (s15Fixed16 or u16Fixed16: numbers, not text). */
function words(b: Uint8Array, from: number, count: number): Uint8Array {
  const out = new Uint8Array(count * 4)
  const view = new DataView(out.buffer)
  for (let i = 0; i < count; i++) view.setUint32(i * 4, u32be(b, from + i * 4))
  return out
}

// parametricCurveType (ICC.1:2022 10.18, Table 68): parameter count by function type.
const PARA_PARAMS = [1, 3, 4, 5, 7] as const

/**
 * Regenerates one tag of a kept type, or `undefined` when its type or length is not exactly what
 * the type defines (the caller then drops the tag).
 */
export function regenerateTagData(data: Uint8Array): Uint8Array | undefined {
  if (data.length < 8) return undefined
  const type = typeOf(data)
  switch (type) {
    // XYZType (10.31): n XYZNumbers of 12 bytes.
    case 'XYZ ': {
      const n = (data.length - 8) / 12
      return Number.isInteger(n) && n >= 1 ? tag(type, words(data, 8, n * 3)) : undefined
    }
    // s15Fixed16ArrayType (10.22): n numbers of 4 bytes.
    case 'sf32': {
      const n = (data.length - 8) / 4
      return Number.isInteger(n) && n >= 1 ? tag(type, words(data, 8, n)) : undefined
    }
    // curveType (10.6): uint32 count, then count uInt16Numbers.
    case 'curv': {
      if (data.length < 12) return undefined
      const n = u32be(data, 8)
      if (data.length !== 12 + 2 * n && data.length !== 12 + 2 * n + ((2 * n) % 4)) return undefined
      const body = new Uint8Array(4 + 2 * n)
      const view = new DataView(body.buffer)
      view.setUint32(0, n)
      for (let i = 0; i < n; i++) view.setUint16(4 + 2 * i, u16be(data, 12 + 2 * i))
      return tag(type, body)
    }
    // parametricCurveType (10.18): uint16 function type, 2 reserved bytes, the parameters.
    case 'para': {
      if (data.length < 12) return undefined
      const fn = u16be(data, 8)
      const params = PARA_PARAMS[fn]
      if (params === undefined || data.length !== 12 + 4 * params) return undefined
      const body = new Uint8Array(4 + 4 * params)
      new DataView(body.buffer).setUint16(0, fn)
      body.set(words(data, 12, params), 4)
      return tag(type, body)
    }
    // chromaticityType (10.2): uint16 channels, uint16 colorant type, channels × (x, y) u16Fixed16.
    case 'chrm': {
      if (data.length < 12) return undefined
      const channels = u16be(data, 8)
      if (channels < 1 || data.length !== 12 + 8 * channels) return undefined
      const body = new Uint8Array(4 + 8 * channels)
      const view = new DataView(body.buffer)
      view.setUint16(0, channels)
      view.setUint16(2, u16be(data, 10))
      body.set(words(data, 12, channels * 2), 4)
      return tag(type, body)
    }
    default:
      return undefined
  }
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
