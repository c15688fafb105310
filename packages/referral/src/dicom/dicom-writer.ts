import { concatBytes } from '../internal/bytes.js'
import { DICOM_DICTIONARY, LONG_LENGTH_VRS } from './dicom-dictionary.js'

/**
 * A dataset in keyword form ("naturalised"): strings, numbers, lists of them, person names as
 * `{ Alphabetic }`, bytes for OB, and lists of nested datasets for sequences. Keys starting with
 * `_` are annotations for other toolkits and are not written.
 */
export type NaturalDataset = Readonly<Record<string, unknown>>

const encoder = new TextEncoder()

function stringValue(v: unknown): string {
  if (Array.isArray(v)) return v.map(stringValue).join('\\') // PS3.5 6.4: multiple values
  if (typeof v === 'object' && v !== null && 'Alphabetic' in v) return String((v as { Alphabetic: unknown }).Alphabetic)
  return v === undefined || v === null ? '' : String(v)
}

function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v
  if (v instanceof ArrayBuffer) return new Uint8Array(v)
  return new Uint8Array(0)
}

// PS3.5 6.2: values have even length; UI and OB pad with 0x00, text VRs with a space.
function valueBytes(vr: string, v: unknown): Uint8Array {
  let raw: Uint8Array
  if (vr === 'US' || vr === 'UL') {
    const list = (Array.isArray(v) ? v : v === '' || v === undefined ? [] : [v]).map(Number)
    const size = vr === 'US' ? 2 : 4
    raw = new Uint8Array(list.length * size)
    const view = new DataView(raw.buffer)
    list.forEach((n, i) => (size === 2 ? view.setUint16(i * 2, n, true) : view.setUint32(i * 4, n, true)))
    return raw
  }
  raw = vr === 'OB' ? bytesOf(v) : encoder.encode(stringValue(v))
  if (raw.length % 2 === 0) return raw
  const padded = new Uint8Array(raw.length + 1)
  padded.set(raw)
  padded[raw.length] = vr === 'UI' || vr === 'OB' ? 0 : 0x20
  return padded
}

function header(tag: number, vr: string, length: number): Uint8Array {
  const long = LONG_LENGTH_VRS.has(vr)
  const h = new Uint8Array(long ? 12 : 8)
  const view = new DataView(h.buffer)
  view.setUint16(0, tag >>> 16, true)
  view.setUint16(2, tag & 0xffff, true)
  h[4] = vr.charCodeAt(0)
  h[5] = vr.charCodeAt(1)
  if (long) view.setUint32(8, length, true)
  else view.setUint16(6, length, true)
  return h
}

// PS3.5 7.5: a sequence of items, each (FFFE,E000) with an explicit length; the sequence too.
function sequenceBytes(items: unknown): Uint8Array {
  const parts: Uint8Array[] = []
  for (const item of Array.isArray(items) ? items : []) {
    const body = encodeDataset(item as NaturalDataset)
    const h = new Uint8Array(8)
    const view = new DataView(h.buffer)
    view.setUint16(0, 0xfffe, true)
    view.setUint16(2, 0xe000, true)
    view.setUint32(4, body.length, true)
    parts.push(h, body)
  }
  return concatBytes(parts)
}

/**
 * Encodes a dataset in Explicit VR Little Endian (PS3.5 7.1.2), elements in ascending tag order
 * (7.1), without a preamble or file meta information.
 */
export function encodeDataset(ds: NaturalDataset): Uint8Array {
  const elements: [number, Uint8Array][] = []
  for (const [keyword, value] of Object.entries(ds)) {
    if (keyword.startsWith('_') || value === undefined) continue
    const entry = DICOM_DICTIONARY[keyword]
    if (entry === undefined) throw new Error(`DICOM writer: no dictionary entry for ${keyword}`)
    const [tag, vr] = entry
    const body = vr === 'SQ' ? sequenceBytes(value) : valueBytes(vr, value)
    elements.push([tag, concatBytes([header(tag, vr, body.length), body])])
  }
  elements.sort((a, b) => a[0] - b[0])
  return concatBytes(elements.map(([, bytes]) => bytes))
}

/**
 * A DICOM Part 10 file (PS3.10 7.1): 128-byte preamble, "DICM", the file meta information group
 * (with its group length), then the dataset.
 */
export function encodePart10(meta: NaturalDataset, dataset: NaturalDataset): Uint8Array {
  const group = encodeDataset(meta)
  const length = encodeDataset({ FileMetaInformationGroupLength: group.length })
  const preamble = new Uint8Array(132)
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128) // "DICM"
  return concatBytes([preamble, length, group, encodeDataset(dataset)])
}
