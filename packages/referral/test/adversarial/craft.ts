// Builders for crafted hostile images: each plants a marker string where a camera, an editor or an
// attacker could put free text, so tests can search every output for it.
import { deflateSync } from 'node:zlib'

import { parseJpeg } from '../../src/jpeg-segments.js'

/** The string planted in every crafted input; no output of ours may contain it. */
export const PLANTED = 'PLANTED-Jane-Doe-9990000018-51.5007N'

const ascii = (s: string) => Buffer.from(s, 'latin1')
const u32 = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n)
  return b
}
const u16 = (n: number) => {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(n)
  return b
}
const pad4 = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)])

const xyz = (x: number, y: number, z: number) =>
  Buffer.concat([ascii('XYZ '), Buffer.alloc(4), ...[x, y, z].map((v) => u32(Math.round(v * 65536) >>> 0))])
const gammaCurve = (g: number) => Buffer.concat([ascii('curv'), Buffer.alloc(4), u32(1), u16(Math.round(g * 256))])
const textTag = (s: string) => Buffer.concat([ascii('text'), Buffer.alloc(4), ascii(`${s}\0`)])
const descTag = (s: string) =>
  Buffer.concat([ascii('desc'), Buffer.alloc(4), u32(s.length + 1), ascii(`${s}\0`), Buffer.alloc(8 + 3 + 67)])
const mlucTag = (s: string) => {
  const utf16 = Buffer.from(s, 'utf16le').swap16()
  return Buffer.concat([
    ascii('mluc'),
    Buffer.alloc(4),
    u32(1),
    u32(12),
    ascii('enUS'),
    u32(utf16.length),
    u32(28),
    utf16,
  ])
}

export interface IccCraft {
  readonly version?: 2 | 4
  /** Extra tags (signature → data), e.g. device model or a private tag with text. */
  readonly extraTags?: Readonly<Record<string, Buffer>>
  /** Text put in the unused bytes between the tag table and the first tag. */
  readonly gapText?: string
  /** Text appended after the last tag (inside the declared size). */
  readonly tailText?: string
  /** Text put in header fields (CMM, manufacturer, model, creator, profile ID, reserved). */
  readonly headerText?: string
  readonly text?: string
}

/** A valid RGB matrix/TRC display profile (ICC.1:2022 8.4) with `text` in every text field. */
export function craftIccProfile(o: IccCraft = {}): Buffer {
  const text = o.text ?? PLANTED
  const v4 = (o.version ?? 2) === 4
  const tags: [string, Buffer][] = [
    ['desc', v4 ? mlucTag(text) : descTag(text)],
    ['cprt', v4 ? mlucTag(text) : textTag(text)],
    ['wtpt', xyz(0.9642, 1, 0.8249)],
    ['rXYZ', xyz(0.4361, 0.2225, 0.0139)],
    ['gXYZ', xyz(0.3851, 0.7169, 0.0971)],
    ['bXYZ', xyz(0.1431, 0.0606, 0.7141)],
    ['rTRC', gammaCurve(2.2)],
    ['gTRC', gammaCurve(2.2)],
    ['bTRC', gammaCurve(2.2)],
    ['dmnd', v4 ? mlucTag(text) : descTag(text)],
    ['dmdd', v4 ? mlucTag(text) : descTag(text)],
    ...Object.entries(o.extraTags ?? {}),
  ]
  const gap = o.gapText === undefined ? Buffer.alloc(0) : pad4(ascii(o.gapText))
  const tableLength = 4 + 12 * tags.length
  let offset = 128 + tableLength + gap.length
  const table: Buffer[] = [u32(tags.length)]
  const datas: Buffer[] = []
  for (const [sig, data] of tags) {
    table.push(ascii(sig), u32(offset), u32(data.length))
    const padded = pad4(data)
    datas.push(padded)
    offset += padded.length
  }
  const tail = o.tailText === undefined ? Buffer.alloc(0) : ascii(o.tailText)
  const size = offset + tail.length
  const header = Buffer.alloc(128)
  header.writeUInt32BE(size, 0)
  header[8] = v4 ? 4 : 2
  header[9] = v4 ? 0x40 : 0x10
  ascii('mntrRGB XYZ ').copy(header, 12)
  header.writeUInt16BE(2026, 24)
  header.writeUInt16BE(11, 26)
  header.writeUInt16BE(20, 28)
  ascii('acsp').copy(header, 36)
  header.writeUInt32BE(Math.round(0.9642 * 65536), 68)
  header.writeUInt32BE(65536, 72)
  header.writeUInt32BE(Math.round(0.8249 * 65536), 76)
  if (o.headerText !== undefined) {
    const h = ascii(o.headerText.padEnd(32, '#'))
    h.copy(header, 4, 0, 4) // CMM
    h.copy(header, 40, 4, 8) // platform
    h.copy(header, 48, 8, 16) // manufacturer + model
    h.copy(header, 80, 16, 20) // creator
    h.copy(header, 84, 0, 16) // profile ID
    h.copy(header, 100, 0, 28) // reserved
  }
  return Buffer.concat([header, ...table, gap, ...datas, tail])
}

/** APP2 ICC_PROFILE segments for a profile (ICC.1:2022 Annex B.4), `chunk` bytes of profile each. */
export function iccApp2(profile: Buffer, chunk = 65_519): Buffer[] {
  const count = Math.ceil(profile.length / chunk)
  return Array.from({ length: count }, (_, i) => {
    const data = profile.subarray(i * chunk, (i + 1) * chunk)
    return Buffer.concat([
      Buffer.from([0xff, 0xe2]),
      u16(2 + 14 + data.length),
      ascii('ICC_PROFILE\0'),
      Buffer.from([i + 1, count]),
      data,
    ])
  })
}

/** A marker segment with a 16-bit length (ITU-T T.81 B.1.1.4). */
export const segment = (marker: number, payload: Buffer): Buffer =>
  Buffer.concat([Buffer.from([0xff, marker]), u16(payload.length + 2), payload])

/** Inserts segments straight after SOI. */
export const insertAfterSoi = (jpeg: Uint8Array, segs: readonly Buffer[]): Buffer =>
  Buffer.concat([Buffer.from(jpeg.subarray(0, 2)), ...segs, Buffer.from(jpeg.subarray(2))])

/** Appends `extra` bytes inside the first segment with `marker` (its length grows to cover them). */
export function growSegment(jpeg: Uint8Array, marker: number, extra: Buffer): Buffer {
  const layout = parseJpeg(jpeg)
  if (layout._tag === 'Left') throw new Error('craft: base is not a JPEG')
  const s = layout.right.segments.find((x) => x.marker === marker)
  if (s === undefined) throw new Error(`craft: no 0x${marker.toString(16)} segment`)
  const b = Buffer.from(jpeg)
  const length = s.payloadEnd - s.payload + 2 + extra.length
  const head = Buffer.from(b.subarray(s.start, s.payloadEnd))
  head.writeUInt16BE(length, 2)
  return Buffer.concat([b.subarray(0, s.start), head, extra, b.subarray(s.payloadEnd)])
}

/** A PNG chunk (PNG 3rd ed. 5.3) with its CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([ascii(type), data])
  return Buffer.concat([u32(data.length), body, u32(crc32(body))])
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(b: Buffer): number {
  let c = 0xffffffff
  for (const byte of b) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** A 4×4 RGB PNG with the given ancillary chunks before IDAT. */
export function craftPng(ancillary: readonly Buffer[]): Buffer {
  const ihdr = Buffer.concat([u32(4), u32(4), Buffer.from([8, 2, 0, 0, 0])])
  const raw = Buffer.alloc(4 * (1 + 12), 0x7f)
  for (let y = 0; y < 4; y++) raw[y * 13] = 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...ancillary,
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

/** iCCP chunk data: a profile name, compression method 0, the zlib-compressed profile. */
export const iccpData = (name: string, profile: Buffer): Buffer =>
  Buffer.concat([ascii(name), Buffer.from([0, 0]), deflateSync(profile)])

/** True when `haystack` holds the planted text as ASCII/UTF-8, UTF-16 (either order) or base64 of any of them. */
export function containsPlanted(haystack: Uint8Array, planted = PLANTED): boolean {
  const h = Buffer.from(haystack)
  const forms = [ascii(planted), Buffer.from(planted, 'utf16le'), Buffer.from(planted, 'utf16le').swap16()]
  if (forms.some((f) => h.includes(f))) return true
  // Any base64 run in the haystack (FHIR Binary.data, Attachment.data) is decoded and searched too.
  const text = h.toString('latin1')
  for (const run of text.match(/[A-Za-z0-9+/]{64,}={0,2}/g) ?? []) {
    const decoded = Buffer.from(run, 'base64')
    if (forms.some((f) => decoded.includes(f))) return true
  }
  return false
}
