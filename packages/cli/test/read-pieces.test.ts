/**
 * `filePieces`: a file read in 1 MiB pieces through one reused buffer (how `analyze` reads a long CSV). The
 * pieces, copied as they come, are the file's bytes; every pass stops at the size the file had when first
 * opened, so a file still being appended to is read the same way twice (the importer counts, then parses).
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { fileHead, filePieces } from '../src/input/read-pieces.js'

const overnight = fileURLToPath(
  new URL('../../../../shared/data/spo2/physiozoo_304_overnight_1hz.csv', import.meta.url),
)
const dir = mkdtempSync(join(tmpdir(), 'openward-pieces-'))

/** The pieces of one pass, each copied (the buffer is reused), and the distinct buffers they were views of. */
function pass(pieces: () => Iterable<Uint8Array>) {
  const copies: Uint8Array[] = []
  const buffers = new Set<ArrayBufferLike>()
  for (const p of pieces()) {
    copies.push(p.slice())
    buffers.add(p.buffer)
  }
  return { bytes: Buffer.concat(copies), count: copies.length, buffers: buffers.size }
}

describe('filePieces: a file in pieces through one buffer', () => {
  // The real overnight record 13 times over: about 3 MB, so three 1 MiB pieces.
  const night = readFileSync(overnight)
  const path = join(dir, 'long.csv')
  writeFileSync(path, Buffer.concat(Array.from({ length: 13 }, () => night)))
  const whole = readFileSync(path)

  it('gives the file bytes, in several pieces of one reused buffer, the same on every pass', () => {
    expect(whole.length).toBeGreaterThan(2 << 20)
    const pieces = filePieces(path)
    const first = pass(pieces)
    expect(first.count).toBeGreaterThanOrEqual(3)
    expect(first.buffers).toBe(1)
    expect(first.bytes.equals(whole)).toBe(true)
    expect(pass(pieces).bytes.equals(whole)).toBe(true)
  })

  it('stops at the size of the first pass when the file grows between passes', () => {
    const growing = join(dir, 'growing.csv')
    writeFileSync(growing, night)
    const pieces = filePieces(growing)
    const first = pass(pieces)
    appendFileSync(growing, '999999,97\n')
    expect(pass(pieces).bytes.equals(first.bytes)).toBe(true)
    expect(first.bytes.equals(night)).toBe(true)
  })

  it('fileHead reads the start of a file, and nothing for a directory or a missing file', () => {
    expect(Buffer.from(fileHead(path, 16)!).equals(whole.subarray(0, 16))).toBe(true)
    expect(fileHead(dir, 16)).toBeUndefined()
    expect(fileHead(join(dir, 'missing.csv'), 16)).toBeUndefined()
  })
})
