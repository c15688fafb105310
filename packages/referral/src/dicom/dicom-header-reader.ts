import { LONG_LENGTH_VRS } from './dicom-dictionary.js'

/**
 * What the pass-through checks need from a device's DICOM file, read without decoding pixels:
 * the transfer syntax, the top-level tags present, and the text or US values of the top-level
 * elements before Pixel Data.
 */
export interface DicomHeader {
  readonly transferSyntaxUid: string
  /** Every top-level tag before Pixel Data (7FE0,0010), as a number. */
  readonly tags: readonly number[]
  /** Text values by tag (trailing padding removed; multiple values keep their backslashes). */
  readonly text: ReadonlyMap<number, string>
  /** First US value by tag (Rows, Columns, …). */
  readonly us: ReadonlyMap<number, number>
}

const TEXT_VRS = /* @__PURE__ */ new Set([
  'AE',
  'AS',
  'CS',
  'DA',
  'DS',
  'DT',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'ST',
  'TM',
  'UC',
  'UI',
  'UR',
  'UT',
])
const IMPLICIT_LE = '1.2.840.10008.1.2'
const EXPLICIT_LE = '1.2.840.10008.1.2.1'
const PIXEL_DATA = 0x7fe00010
const UNDEFINED = 0xffffffff
// Deep enough for any real dataset; bounds the recursion on hostile input.
const MAX_NESTING = 32

/** Why a file could not be read as DICOM. */
export class DicomReadError extends Error {}

class Cursor {
  readonly view: DataView
  constructor(
    readonly b: Uint8Array,
    public at: number,
  ) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  }
  need(n: number): void {
    if (this.at + n > this.b.length) throw new DicomReadError(`truncated at byte ${this.at} (needs ${n} more)`)
  }
  u16(): number {
    this.need(2)
    const v = this.view.getUint16(this.at, true)
    this.at += 2
    return v
  }
  u32(): number {
    this.need(4)
    const v = this.view.getUint32(this.at, true)
    this.at += 4
    return v
  }
  tag(): number {
    const g = this.u16()
    return ((g << 16) | this.u16()) >>> 0
  }
}

interface Element {
  readonly tag: number
  readonly vr: string | undefined
  readonly length: number
  readonly valueAt: number
}

// PS3.5 7.1.2 (explicit) and 7.1.3 (implicit: no VR, 4-byte length). Items and delimiters
// (group FFFE) never carry a VR.
function readElement(c: Cursor, explicit: boolean): Element {
  const tag = c.tag()
  if (tag >>> 16 === 0xfffe || !explicit) return { tag, vr: undefined, length: c.u32(), valueAt: c.at }
  c.need(2)
  const vr = String.fromCharCode(c.b[c.at] as number, c.b[c.at + 1] as number)
  c.at += 2
  if (LONG_LENGTH_VRS.has(vr)) {
    c.at += 2
    return { tag, vr, length: c.u32(), valueAt: c.at }
  }
  return { tag, vr, length: c.u16(), valueAt: c.at }
}

// Skips a value of undefined length: a sequence's items up to (FFFE,E0DD), each item either of
// defined length or a dataset up to (FFFE,E00D) (PS3.5 7.5.2).
function skipUndefined(c: Cursor, explicit: boolean, depth: number): void {
  if (depth > MAX_NESTING) throw new DicomReadError('sequences nested too deeply')
  for (;;) {
    const e = readElement(c, explicit)
    if (e.tag === 0xfffee0dd || e.tag === 0xfffee00d) return
    if (e.length === UNDEFINED) skipUndefined(c, explicit, depth + 1)
    else {
      c.need(e.length)
      c.at += e.length
    }
  }
}

/**
 * Reads a DICOM Part 10 file's header up to Pixel Data (PS3.10 7.1, PS3.5 7): Explicit or
 * Implicit VR Little Endian datasets; any other encoding (big endian, deflated) is refused. Throws
 * `DicomReadError` on anything malformed; the caller turns it into a typed rejection.
 */
export function readDicomHeader(b: Uint8Array): DicomHeader {
  if (b.length < 132 || String.fromCharCode(...b.subarray(128, 132)) !== 'DICM')
    throw new DicomReadError('not a DICOM Part 10 file (no DICM prefix)')
  const c = new Cursor(b, 132)
  let transferSyntaxUid = ''
  // File meta information: always Explicit VR Little Endian, group 0002 (PS3.10 7.1).
  while (c.at + 4 <= b.length && c.view.getUint16(c.at, true) === 0x0002) {
    const e = readElement(c, true)
    c.need(e.length)
    if (e.tag === 0x00020010) transferSyntaxUid = text(b, e)
    c.at += e.length
  }
  if (
    transferSyntaxUid !== IMPLICIT_LE &&
    transferSyntaxUid !== EXPLICIT_LE &&
    !transferSyntaxUid.startsWith('1.2.840.10008.1.2.4') &&
    transferSyntaxUid !== '1.2.840.10008.1.2.5'
  )
    throw new DicomReadError(`transfer syntax '${transferSyntaxUid}' is not read here`)
  const explicit = transferSyntaxUid !== IMPLICIT_LE
  const tags: number[] = []
  const textValues = new Map<number, string>()
  const us = new Map<number, number>()
  while (c.at < b.length) {
    const e = readElement(c, explicit)
    if (e.tag === PIXEL_DATA) break
    tags.push(e.tag)
    if (e.length === UNDEFINED) {
      skipUndefined(c, explicit, 1)
      continue
    }
    c.need(e.length)
    const vr = e.vr ?? IMPLICIT_VRS.get(e.tag)
    if (vr !== undefined && TEXT_VRS.has(vr)) textValues.set(e.tag, text(b, e))
    if (vr === 'US' && e.length >= 2) us.set(e.tag, c.view.getUint16(e.valueAt, true))
    c.at += e.length
  }
  return { transferSyntaxUid, tags, text: textValues, us }
}

// In Implicit VR the VR comes from the dictionary: only the elements the checks read need one.
const IMPLICIT_VRS: ReadonlyMap<number, string> = /* @__PURE__ */ new Map([
  [0x00080016, 'UI'],
  [0x00080018, 'UI'],
  [0x00080060, 'CS'],
  [0x00100020, 'LO'],
  [0x00280010, 'US'],
  [0x00280011, 'US'],
])

function text(b: Uint8Array, e: Element): string {
  return new TextDecoder('latin1').decode(b.subarray(e.valueAt, e.valueAt + e.length)).replace(/[\0 ]+$/, '')
}
