import { invalidField, type InvalidField, truncated, type Truncated } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { concatBytes, hasAscii, u32be } from '../internal/bytes.js'
import { neutralText, regenerateTagData } from './icc-tag-data.js'

/**
 * An ICC profile rebuilt from its parsed colour values, with every text field replaced by ours.
 *
 * @category model
 */
export interface SanitizedIccProfile {
  readonly bytes: Uint8Array
  /** Signatures of the tags left out (text, device, LUT and private tags). */
  readonly droppedTags: readonly string[]
}

/** Why an embedded ICC profile could not be kept. @category errors */
export type IccProfileError = InvalidField | Truncated

/** The text written into every kept profile's description and copyright tags. @category model */
export const NEUTRAL_ICC_DESCRIPTION = 'Embedded colour profile'
const NEUTRAL_ICC_COPYRIGHT = 'No copyright'

// Colour tags of matrix/TRC profiles (ICC.1:2022 8.3 input, 8.4 display; 8.3.3/8.4.3 grey).
// LUT-based tags (A2Bx/B2Ax/D2Bx/gamt), and every text, device, measurement or private tag are
// not kept: their contents cannot be verified as numbers only.
const KEPT_TAGS = /* @__PURE__ */ new Set([
  'wtpt',
  'bkpt',
  'rXYZ',
  'gXYZ',
  'bXYZ',
  'rTRC',
  'gTRC',
  'bTRC',
  'kTRC',
  'chad',
  'chrm',
  'lumi',
])
const RGB_NEEDS = ['rXYZ', 'gXYZ', 'bXYZ', 'rTRC', 'gTRC', 'bTRC', 'wtpt']
const GRAY_NEEDS = ['kTRC', 'wtpt']
// Practical bounds: real profiles carry tens of tags; a display profile is a few kilobytes.
const MAX_TAGS = 256
/** Upper bound on an embedded ICC profile (display profiles are a few kilobytes). @category model */
export const MAX_ICC_PROFILE_BYTES = 4 * 1024 * 1024

const sig = (b: Uint8Array, at: number): string =>
  String.fromCharCode(b[at] ?? 0, b[at + 1] ?? 0, b[at + 2] ?? 0, b[at + 3] ?? 0)

/**
 * Rebuilds an ICC profile (ICC.1:2022 section 7; v2 profiles per ICC.1:2001-04) keeping only what
 * a colour transform of a matrix/TRC RGB or grey profile needs, each value regenerated from its
 * parsed numbers. The header keeps class, colour space, PCS, version, rendering intent and
 * illuminant; its date, CMM, platform, manufacturer, model, creator and profile ID are zeroed or
 * fixed. `desc` and `cprt` (required tags) get neutral text of ours. Anything else (names a camera
 * or editor wrote, device and serial tags, calibration data, private tags, padding between tags,
 * bytes after the last tag) is not copied. A profile that cannot be rebuilt this way (LUT-only,
 * malformed) is a typed error: the caller drops it rather than copy it.
 *
 * @example
 * const r = sanitizeIccProfile(icc)
 * if (E.isRight(r)) embed(r.right.bytes)
 * @category stripping
 */
export function sanitizeIccProfile(p: Uint8Array): E.Either<IccProfileError, SanitizedIccProfile> {
  if (p.length < 132) return E.left(truncated(0, 132, p.length, 'ICC profile header and tag count'))
  if (p.length > MAX_ICC_PROFILE_BYTES)
    return E.left(invalidField('ICC profile', `${p.length} bytes exceeds ${MAX_ICC_PROFILE_BYTES}`))
  if (!hasAscii(p, 36, 'acsp')) return E.left(invalidField('ICC profile', "no 'acsp' signature at byte 36"))
  const declared = u32be(p, 0)
  if (declared > p.length) return E.left(truncated(0, declared, p.length, 'ICC profile'))
  const colourSpace = sig(p, 16)
  const needs = colourSpace === 'RGB ' ? RGB_NEEDS : colourSpace === 'GRAY' ? GRAY_NEEDS : undefined
  if (needs === undefined)
    return E.left(invalidField('ICC profile', `colour space '${colourSpace.trim()}' has no matrix/TRC form`))
  const count = u32be(p, 128)
  if (count > MAX_TAGS || 132 + 12 * count > declared)
    return E.left(invalidField('ICC tag table', `${count} tags do not fit the profile`))
  const kept = new Map<string, Uint8Array>()
  const droppedTags: string[] = []
  for (let i = 0; i < count; i++) {
    const at = 132 + 12 * i
    const signature = sig(p, at)
    const offset = u32be(p, at + 4)
    const size = u32be(p, at + 8)
    if (offset + size > declared || offset < 132 + 12 * count)
      return E.left(invalidField('ICC tag table', `tag '${signature}' points outside the profile`, { offset: at }))
    const data = KEPT_TAGS.has(signature) ? regenerateTagData(signature, p.subarray(offset, offset + size)) : undefined
    if (data === undefined || kept.has(signature)) droppedTags.push(signature)
    else kept.set(signature, data)
  }
  const missing = needs.filter((t) => !kept.has(t))
  if (missing.length > 0)
    return E.left(invalidField('ICC profile', `not a matrix/TRC profile: missing ${missing.join(', ')}`))
  const major = p[8] ?? 2
  kept.set('desc', neutralText(NEUTRAL_ICC_DESCRIPTION, major, 'desc'))
  kept.set('cprt', neutralText(NEUTRAL_ICC_COPYRIGHT, major, 'cprt'))
  return E.right({ bytes: assemble(p, kept), droppedTags })
}

// ICC.1:2022 7.2: header fields copied as parsed numbers (version, class, colour space, PCS, flags'
// standard bits, attributes, intent, illuminant); the rest zero. A fixed creation date (2000-01-01)
// keeps strict readers happy without carrying when or where the profile was made.
function header(p: Uint8Array, size: number): Uint8Array {
  const h = new Uint8Array(128)
  const view = new DataView(h.buffer)
  view.setUint32(0, size)
  h.set(p.subarray(8, 10), 8) // version major, minor/bug-fix (bytes 10-11 reserved zero)
  h.set(p.subarray(12, 24), 12) // device class, colour space, PCS
  view.setUint16(24, 2000)
  view.setUint16(26, 1)
  view.setUint16(28, 1)
  h.set([0x61, 0x63, 0x73, 0x70], 36) // 'acsp'
  view.setUint32(44, u32be(p, 44) & 0x3) // embedded / independent flags only
  h.set(p.subarray(56, 64), 56) // device attributes (reflective/glossy bits: numbers)
  view.setUint32(64, u32be(p, 64) & 0xffff) // rendering intent
  h.set(p.subarray(68, 80), 68) // PCS illuminant XYZ
  return h
}

function assemble(p: Uint8Array, kept: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const entries = [...kept]
  const table = new Uint8Array(4 + 12 * entries.length)
  const tableView = new DataView(table.buffer)
  tableView.setUint32(0, entries.length)
  const datas: Uint8Array[] = []
  let offset = 128 + table.length
  entries.forEach(([signature, data], i) => {
    for (let c = 0; c < 4; c++) table[4 + 12 * i + c] = signature.charCodeAt(c)
    tableView.setUint32(4 + 12 * i + 4, offset)
    tableView.setUint32(4 + 12 * i + 8, data.length)
    const padded = new Uint8Array(data.length + ((4 - (data.length % 4)) % 4)) // 4-byte alignment (7.3.1)
    padded.set(data)
    datas.push(padded)
    offset += padded.length
  })
  return concatBytes([header(p, offset), table, ...datas])
}
