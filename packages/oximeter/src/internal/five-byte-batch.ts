import { type DecodeError, taggedError } from '@openward/core'

import { type Columns, columns, type OximetryBatch, trimColumns } from '../decode/oximetry-batch.js'

/**
 * Writes the sample of one valid 5-byte frame (sync bit set on byte 0 only) at `at` and returns
 * how many values it refused as implausible; the per-protocol rules (no-value codes, flags) live in
 * the protocol's folder.
 */
export type FiveByteWriter = (
  c: Columns,
  at: number,
  b0: number,
  b1: number,
  b2: number,
  b3: number,
  b4: number,
) => number

/**
 * Contec legacy / BerryMed 5-byte frames straight into columns, with the framer's resync rule
 * (bit 7 marks byte 0 only) and its diagnostics, but no per-frame objects.
 */
export function decodeFiveByteBatch<P extends string>(
  protocol: P,
  b: Uint8Array,
  write: FiveByteWriter,
): OximetryBatch<P> {
  const n = b.length
  const c = columns(Math.floor(n / 5))
  const errors: DecodeError[] = []
  let count = 0
  let discarded = 0
  let implausibleValues = 0
  let skipFrom = -1
  let i = 0
  while (i + 5 <= n) {
    const b0 = b[i] as number
    const b1 = b[i + 1] as number
    const b2 = b[i + 2] as number
    const b3 = b[i + 3] as number
    const b4 = b[i + 4] as number
    if ((b0 & 0x80) === 0 || ((b1 | b2 | b3 | b4) & 0x80) !== 0) {
      if (skipFrom < 0) skipFrom = i
      i++
      continue
    }
    if (skipFrom >= 0) {
      errors.push(skipped(b, skipFrom, i - skipFrom))
      discarded += i - skipFrom
      skipFrom = -1
    }
    implausibleValues += write(c, count, b0, b1, b2, b3, b4)
    count++
    i += 5
  }
  let tail = n - i
  if (skipFrom >= 0 || tail > 0) {
    const from = skipFrom >= 0 ? skipFrom : i
    let syncAt = n
    // Like the framer: hold from the first sync byte of the last, incomplete frame.
    for (let j = i; j < n; j++)
      if (((b[j] as number) & 0x80) !== 0) {
        syncAt = j
        break
      }
    if (syncAt > from) {
      errors.push(skipped(b, from, syncAt - from))
      discarded += syncAt - from
    }
    tail = n - syncAt
  }
  return {
    protocol,
    length: count,
    ...trimColumns(c, count),
    bytesDiscarded: discarded,
    checksumFailures: 0,
    trailingBytes: tail,
    errors,
    implausibleValues,
  }
}

const skipped = (b: Uint8Array, from: number, length: number): DecodeError =>
  taggedError('InvalidSync', `${length} byte(s) skipped from byte ${from}`, {
    offset: from,
    actual: b[from] ?? 0,
    length,
  })
