import * as E from 'fp-ts/lib/Either.js'

import { crc32, type Overlong, overlong } from '@openward/core'

import { concatBytes } from './internal/bytes.js'
import { type PackageFile } from './manifest.js'

// DOS date/time fields (APPNOTE 4.4.6), in UTC so output does not depend on the host's zone.
function dosDateTime(d: Date): { time: number; date: number } {
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1)
  const date = ((Math.max(d.getUTCFullYear(), 1980) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate()
  return { time, date }
}

interface Entry {
  readonly name: Uint8Array
  readonly data: Uint8Array
  readonly crc: number
  readonly offset: number
}

function localHeader(e: Entry, t: { time: number; date: number }): Uint8Array {
  const h = new Uint8Array(30)
  const v = new DataView(h.buffer)
  v.setUint32(0, 0x04034b50, true)
  v.setUint16(4, 20, true) // version needed 2.0
  v.setUint16(6, 0x0800, true) // bit 11: names are UTF-8
  v.setUint16(8, 0, true) // method 0: stored (JPEG/DICOM do not compress)
  v.setUint16(10, t.time, true)
  v.setUint16(12, t.date, true)
  v.setUint32(14, e.crc, true)
  v.setUint32(18, e.data.length, true)
  v.setUint32(22, e.data.length, true)
  v.setUint16(26, e.name.length, true)
  return concatBytes([h, e.name])
}

function centralHeader(e: Entry, t: { time: number; date: number }): Uint8Array {
  const h = new Uint8Array(46)
  const v = new DataView(h.buffer)
  v.setUint32(0, 0x02014b50, true)
  v.setUint16(4, 20, true)
  v.setUint16(6, 20, true)
  v.setUint16(8, 0x0800, true)
  v.setUint16(12, t.time, true)
  v.setUint16(14, t.date, true)
  v.setUint32(16, e.crc, true)
  v.setUint32(20, e.data.length, true)
  v.setUint32(24, e.data.length, true)
  v.setUint16(28, e.name.length, true)
  v.setUint32(42, e.offset, true)
  return concatBytes([h, e.name])
}

/**
 * Encodes files as a ZIP archive with stored (uncompressed) entries and UTF-8 names (PKWARE
 * APPNOTE 6.3.10, sections 4.3 and 4.4). No Zip64: over 4 GiB or 65 535 entries is refused.
 *
 * @category packaging
 */
export function encodeZip(files: readonly PackageFile[], modified: Date): E.Either<Overlong, Uint8Array> {
  const total = files.reduce((n, f) => n + f.bytes.length + 128 + f.path.length * 2, 0)
  if (total > 0xfffffffe) return E.left(overlong(0xfffffffe, total, 'zip archive (no Zip64)'))
  if (files.length > 0xfffe) return E.left(overlong(0xfffe, files.length, 'zip entry count'))
  const t = dosDateTime(modified)
  const enc = new TextEncoder()
  const parts: Uint8Array[] = []
  const entries: Entry[] = []
  let offset = 0
  for (const f of files) {
    const e = { name: enc.encode(f.path), data: f.bytes, crc: crc32(f.bytes), offset }
    const h = localHeader(e, t)
    parts.push(h, f.bytes)
    entries.push(e)
    offset += h.length + f.bytes.length
  }
  const central = concatBytes(entries.map((e) => centralHeader(e, t)))
  const end = new Uint8Array(22)
  const v = new DataView(end.buffer)
  v.setUint32(0, 0x06054b50, true)
  v.setUint16(8, entries.length, true)
  v.setUint16(10, entries.length, true)
  v.setUint32(12, central.length, true)
  v.setUint32(16, offset, true)
  return E.right(concatBytes([...parts, central, end]))
}
