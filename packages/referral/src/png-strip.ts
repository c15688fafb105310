import { checksumMismatch, crc32, invalidField, truncated, unsupported } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { type ImageError, imageTooLarge, notAnImage } from './errors.js'
import { type ImageLimits, DEFAULT_IMAGE_LIMITS, checkInputSize } from './image-limits.js'
import { concatBytes, u32be } from './internal/bytes.js'
import { expectedAncillaryLength, pngChunk, rebuildIccpData } from './png-chunk-rules.js'
import { type RemovedItem } from './removed-item.js'

/** A PNG with metadata chunks removed; image and colour chunks are the original bytes. @category model */
export interface StrippedPng {
  readonly format: 'png'
  readonly bytes: Uint8Array
  readonly width: number
  readonly height: number
  readonly removed: readonly RemovedItem[]
  readonly warnings: readonly string[]
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)

// Ancillary chunks that change how pixels look (PNG 3rd ed. 11.3): colour space, transparency, density.
const KEEP_ANCILLARY = /* @__PURE__ */ new Set([
  'iCCP',
  'sRGB',
  'gAMA',
  'cHRM',
  'cICP',
  'mDCV',
  'cLLI',
  'sBIT',
  'tRNS',
  'pHYs',
  'bKGD',
])

/** True when the bytes start with the PNG signature. @category parsing */
export const looksLikePng = (b: Uint8Array): boolean => b.length >= 8 && SIGNATURE.every((v, i) => b[i] === v)

const chunkKind = (type: string): RemovedItem['kind'] =>
  type === 'eXIf'
    ? 'exif'
    : type === 'tIME'
      ? 'time'
      : type === 'tEXt' || type === 'iTXt' || type === 'zTXt'
        ? 'text'
        : 'vendor'

/**
 * Removes metadata chunks from a PNG (PNG 3rd edition, W3C 2025, section 5.3 chunk layout): keeps the
 * critical chunks and colour/transparency/density chunks, drops eXIf, tEXt/iTXt/zTXt, tIME and
 * every other ancillary chunk, and anything after IEND. Every kept ancillary chunk must have exactly
 * the length its type defines (else it is removed: the extra bytes could carry text), and iCCP is
 * rebuilt with our own profile name and a profile rebuilt from its colour values. CRCs are checked;
 * unknown critical chunks are refused.
 *
 * @category stripping
 */
export function stripPng(
  input: Uint8Array,
  limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
): E.Either<ImageError, StrippedPng> {
  const tooBig = checkInputSize(input.length, limits)
  if (tooBig) return E.left(tooBig)
  if (!looksLikePng(input)) return E.left(notAnImage('not a PNG: bad signature'))
  const parts: Uint8Array[] = [SIGNATURE]
  const removed: RemovedItem[] = []
  const warnings: string[] = []
  let colourType = 0
  let paletteEntries = 0
  let pos = 8
  let width = 0
  let height = 0
  for (;;) {
    if (pos + 12 > input.length) return E.left(truncated(pos, 12, input.length - pos, 'PNG chunk'))
    const length = u32be(input, pos)
    const end = pos + 12 + length
    if (length > 0x7fffffff || end > input.length)
      return E.left(truncated(pos, length + 12, input.length - pos, 'PNG chunk'))
    const type = String.fromCharCode(...input.subarray(pos + 4, pos + 8))
    if (!/^[A-Za-z]{4}$/.test(type))
      return E.left(invalidField('chunk type', `invalid chunk type at byte ${pos + 4}`, { offset: pos + 4 }))
    const crc = u32be(input, end - 4)
    const actual = crc32(input.subarray(pos + 4, end - 4))
    if (crc !== actual) return E.left(checksumMismatch(end - 4, crc, actual))
    if (type === 'IHDR') {
      if (length !== 13) return E.left(invalidField('IHDR', `length ${length}, not 13`, { offset: pos }))
      width = u32be(input, pos + 8)
      height = u32be(input, pos + 12)
      if (width === 0 || height === 0)
        return E.left(invalidField('IHDR', `size ${width}x${height}`, { offset: pos + 8 }))
      if (width * height > limits.maxPixels) {
        return E.left(
          imageTooLarge(`declared ${width}x${height} pixels exceeds ${limits.maxPixels}`, {
            width,
            height,
            limit: limits.maxPixels,
          }),
        )
      }
    } else if (pos === 8) return E.left(invalidField('IHDR', 'first chunk is not IHDR', { offset: 12 }))
    const critical = (input[pos + 4] as number) < 0x61
    if (critical && !['IHDR', 'PLTE', 'IDAT', 'IEND'].includes(type))
      return E.left(unsupported(`PNG critical chunk ${type}`))
    const data = input.subarray(pos + 8, end - 4)
    if (type === 'IHDR') colourType = data[9] ?? 0
    if (type === 'PLTE') paletteEntries = Math.floor(length / 3)
    const kept = critical ? keepCritical(type, data, pos) : keepAncillary(type, data, colourType, paletteEntries)
    if (E.isLeft(kept)) return kept
    const k = kept.right
    if (k.keep) {
      parts.push(k.bytes ?? input.subarray(pos, end))
      if (k.removed !== undefined) removed.push({ ...k.removed, segment: type, offset: pos })
    } else {
      removed.push({ kind: k.kind ?? chunkKind(type), segment: type, offset: pos, bytes: end - pos })
      if (k.warning !== undefined) warnings.push(k.warning)
    }
    pos = end
    if (type === 'IEND') break
  }
  if (pos < input.length)
    removed.push({ kind: 'trailer', segment: 'after IEND', offset: pos, bytes: input.length - pos })
  return E.right({ format: 'png', bytes: concatBytes(parts), width, height, removed, warnings })
}

type Kept =
  | { readonly keep: true; readonly bytes?: Uint8Array; readonly removed?: Omit<RemovedItem, 'segment' | 'offset'> }
  | { readonly keep: false; readonly kind?: RemovedItem['kind']; readonly warning?: string }

// Critical chunks (PNG 3rd ed. 11.2): IHDR is checked above; PLTE holds 1-256 RGB entries; IEND is
// empty. IDAT is the image itself and is kept as it is.
function keepCritical(type: string, data: Uint8Array, pos: number): E.Either<ImageError, Kept> {
  if (type === 'PLTE' && (data.length % 3 !== 0 || data.length === 0 || data.length > 768))
    return E.left(invalidField('PLTE', `length ${data.length} is not 3 × 1..256`, { offset: pos }))
  if (type === 'IEND' && data.length !== 0)
    return E.right({
      keep: true,
      bytes: pngChunk('IEND', new Uint8Array(0)),
      removed: { kind: 'hidden', bytes: data.length },
    })
  return E.right({ keep: true })
}

// Kept ancillary chunks are numbers of a fixed size; iCCP is rebuilt. Anything else is removed.
function keepAncillary(
  type: string,
  data: Uint8Array,
  colourType: number,
  paletteEntries: number,
): E.Either<never, Kept> {
  if (!KEEP_ANCILLARY.has(type)) return E.right({ keep: false })
  if (type === 'iCCP') {
    const rebuilt = rebuildIccpData(data)
    if ('reason' in rebuilt)
      return E.right({
        keep: false,
        kind: 'icc',
        warning: `ICC colour profile removed (${rebuilt.reason}): colours may render slightly differently`,
      })
    const bytes = pngChunk('iCCP', rebuilt.data)
    return E.right({
      keep: true,
      bytes,
      removed: { kind: 'icc-text', bytes: Math.max(0, data.length + 12 - bytes.length) },
    })
  }
  const expected = expectedAncillaryLength(type, colourType, paletteEntries)
  const ok =
    type === 'tRNS'
      ? expected !== undefined && expected >= 0 && data.length <= expected && data.length > 0
      : data.length === expected
  return E.right(ok ? { keep: true } : { keep: false, kind: 'hidden' })
}
