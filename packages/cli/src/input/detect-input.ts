/**
 * What a command's input file is, told from its content (magic bytes, header lines), never only
 * from its name: people rename files, download them without extensions, and gzip them. A file the
 * CLI cannot read gets a description of what it looks like instead of a parse error from the wrong
 * reader.
 */
export type InputKind =
  | { readonly kind: 'owrec' }
  | { readonly kind: 'jsonl' }
  | { readonly kind: 'csv' }
  | { readonly kind: 'viatom-csv' }
  | { readonly kind: 'contec-csv' }
  | { readonly kind: 'contec-spo2' }
  | { readonly kind: 'edf' }
  | { readonly kind: 'viatom-o2' }
  | { readonly kind: 'unknown'; readonly looksLike: string }

/** How many leading bytes detection reads (header lines of every accepted format fit). */
const SNIFF_BYTES = 4096

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0): boolean =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b)
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0))

// Magic numbers of files people pick by mistake. Sources: JPEG (ITU T.81 Annex B, SOI FF D8 then a
// marker), PNG (ISO/IEC 15948 §5.2), DICOM Part 10 (PS3.10 §7.1: "DICM" after a 128-byte preamble),
// PDF (ISO 32000-1 §7.5.2), ZIP (APPNOTE 4.3.7 local header), GIF (GIF89a spec §17), BDF (BioSemi).
const MAGICS: readonly { readonly magic: readonly number[]; readonly at?: number; readonly what: string }[] = [
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { magic: ascii('DICM'), at: 128, what: 'a DICOM file' },
  { magic: ascii('%PDF'), what: 'a PDF document' },
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (unzip it and give the file inside)' },
  { magic: ascii('GIF8'), what: 'a GIF image' },
  { magic: [0xff, ...ascii('BIOSEMI')], what: 'a BDF (24-bit BioSemi) file, which openward does not read' },
  { magic: [0x1f, 0x8b], what: 'a gzip file inside a gzip file' },
]

/**
 * Tells the kind of an (already gunzipped) input from its first bytes.
 *
 * @example
 * detectInput(new TextEncoder().encode('t_seconds,spo2\n0,97\n')) // { kind: 'csv' }
 */
export function detectInput(bytes: Uint8Array): InputKind {
  for (const m of MAGICS) if (startsWith(bytes, m.magic, m.at)) return { kind: 'unknown', looksLike: m.what }
  // Contec "SpO2" software session files (.SpO2) start with 58 03 00 00 (oximeter importContecSpo2File).
  if (startsWith(bytes, [0x58, 0x03, 0x00, 0x00])) return { kind: 'contec-spo2' }
  // EDF/EDF+ (Kemp 1992; EDF+ 2003 §2.1): the version field is "0" padded to 8 bytes with spaces.
  if (startsWith(bytes, ascii('0       '))) return { kind: 'edf' }
  // Viatom O2 stored file: u16 LE version 3 or 5 (OSCAR viatom_loader.cpp); a text file never starts with 03 00.
  if (bytes.length >= 40 && (bytes[0] === 3 || bytes[0] === 5) && bytes[1] === 0) return { kind: 'viatom-o2' }
  const head = bytes.subarray(0, SNIFF_BYTES)
  if (isBinary(head)) return { kind: 'unknown', looksLike: 'binary data of no format openward knows' }
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '')
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.startsWith('#'))
  if (first === undefined) return { kind: 'unknown', looksLike: 'an empty file (no lines)' }
  return textKind(first.trim())
}

/** NUL bytes or many control characters: not a text format (UTF-8 text never holds NUL). */
function isBinary(head: Uint8Array): boolean {
  let control = 0
  for (const b of head) {
    if (b === 0) return true
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++
  }
  return control > head.length / 20
}

function textKind(first: string): InputKind {
  if (first.startsWith('{')) return jsonKind(first)
  if (first.startsWith('[')) return { kind: 'unknown', looksLike: 'a JSON array (not a recording)' }
  if (first.startsWith('<')) return { kind: 'unknown', looksLike: 'an HTML or XML document' }
  const columns = first.split(',').map((c) => c.trim().replace(/^"|"$/g, ''))
  const lower = columns.map((c) => c.toLowerCase())
  if (['time', 'oxygen level', 'pulse rate', 'motion'].every((name, i) => lower[i] === name))
    return { kind: 'viatom-csv' }
  if (lower.length === 4 && ['date', 'time', 'spo2', 'pulse'].every((name, i) => lower[i] === name))
    return { kind: 'contec-csv' }
  if (lower[0] === 't_seconds' || /^[-+]?\d/.test(lower[0] ?? '')) return { kind: 'csv' }
  if (columns.length < 2)
    return { kind: 'unknown', looksLike: `text that is not a recording (first line "${clip(first, 60)}")` }
  const found = `found columns ${columns
    .slice(0, 12)
    .map((c) => clip(c, 30))
    .join(', ')}${columns.length > 12 ? ', …' : ''}`
  return lower.some((c) => /spo2|sao2|sp02|oxygen/.test(c))
    ? {
        kind: 'unknown',
        looksLike: `a CSV with an SpO2 column in a layout openward does not read (${found}; expected t_seconds,spo2[,pr[,pi]] or a Viatom/Wellue export)`,
      }
    : { kind: 'unknown', looksLike: `a CSV without an SpO2 column (${found})` }
}

function jsonKind(first: string): InputKind {
  let json: unknown
  try {
    json = JSON.parse(first)
  } catch {
    return { kind: 'unknown', looksLike: 'JSON spread over several lines (not a recording)' }
  }
  const o = (json ?? {}) as Record<string, unknown>
  if (o.format === 'openward-recording') return { kind: 'owrec' }
  if (typeof o.timeMs === 'number') return { kind: 'jsonl' }
  if (typeof o.resourceType === 'string')
    return { kind: 'unknown', looksLike: `a FHIR ${clip(o.resourceType, 40)} resource (use 'openward validate')` }
  return { kind: 'unknown', looksLike: 'a JSON object that is not an oximetry sample or recording header' }
}

/** A string cut to `max` characters, so one bad field never floods the one-line error. */
export function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`
}
