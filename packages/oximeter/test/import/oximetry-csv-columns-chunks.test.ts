/**
 * `importOximetryCsvColumnsFromChunks`: a CSV read in pieces (as `openward analyze` reads a long file) gives
 * exactly what `importOximetryCsvColumns` gives for the whole bytes: the same columns, or the same failure
 * naming the same line, whatever the piece size and wherever a line or a CRLF is split. The pieces come
 * through one reused buffer, as file reads into a fixed buffer do.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

import { importOximetryCsvColumns, importOximetryCsvColumnsFromChunks } from '../../src/import/oximetry-csv-columns.js'

const spo2Dir = fileURLToPath(new URL('../../../../../shared/data/spo2/', import.meta.url))
const start = Date.UTC(2024, 0, 1, 22, 0, 0)

/** `bytes` as pieces cut at `cuts` (sorted offsets), each copied into one reused buffer before it is given. */
function piecesAt(bytes: Uint8Array, cuts: readonly number[]): () => Iterable<Uint8Array> {
  return function* () {
    const buffer = new Uint8Array(bytes.length)
    let from = 0
    for (const cut of [...cuts, bytes.length]) {
      if (cut < from) continue
      buffer.set(bytes.subarray(from, cut))
      yield buffer.subarray(0, cut - from)
      buffer.fill(0x78) // the next read overwrites it: a reader that kept a view would now see "xxx"
      from = cut
    }
  }
}
const everyN = (bytes: Uint8Array, n: number) =>
  piecesAt(
    bytes,
    Array.from({ length: Math.ceil(bytes.length / n) }, (_, i) => i * n),
  )

describe('importOximetryCsvColumnsFromChunks: a CSV read in pieces', () => {
  it('gives the whole-bytes columns on every shared recording, pieces of 61 B, 4 KiB and 64 KiB', () => {
    const files = readdirSync(spo2Dir).filter((f) => f.endsWith('.csv'))
    expect(files.length).toBeGreaterThanOrEqual(10)
    for (const name of files) {
      const bytes = new Uint8Array(readFileSync(`${spo2Dir}${name}`))
      const whole = importOximetryCsvColumns(bytes, { startTimeMs: start })
      expect(E.isRight(whole), name).toBe(true)
      for (const n of [61, 4096, 65536])
        expect(importOximetryCsvColumnsFromChunks(everyN(bytes, n), { startTimeMs: start }), `${name} / ${n}`).toEqual(
          whole,
        )
    }
  })

  it('gives the same failure on the same line for bad rows, CRLF split between pieces', () => {
    const text = 't_seconds,spo2,pr\r\n0,97,60\r\n1,97,61\r\n2,ninety,60\r\n3,97,60\r\n'
    const bytes = new TextEncoder().encode(text)
    const whole = importOximetryCsvColumns(bytes, { startTimeMs: start })
    expect(whole).toMatchObject({ _tag: 'Left', left: { line: 4 } })
    for (let cut = 0; cut <= bytes.length; cut++)
      expect(importOximetryCsvColumnsFromChunks(piecesAt(bytes, [cut]), { startTimeMs: start })).toEqual(whole)
  })

  it('a file that gains lines between the counting pass and the reading pass is refused, never cut silently', () => {
    const first = new TextEncoder().encode('t_seconds,spo2\n0,97\n1,96\n')
    const grown = new TextEncoder().encode('t_seconds,spo2\n0,97\n1,96\n2,95\n3,94\n4,93\n')
    let pass = 0
    const got = importOximetryCsvColumnsFromChunks(() => [pass++ === 0 ? first : grown], { startTimeMs: start })
    expect(got).toMatchObject({ _tag: 'Left', left: { _tag: 'ParseFailure', line: 6 } })
    if (E.isLeft(got)) expect(got.left.message).toMatch(/changed while it was read/)
  })

  it('equals the whole-bytes import for any bytes cut anywhere (fast-check)', () => {
    const byte = fc.oneof(
      fc.constantFrom(...[...'0123456789,,\n\n\r .-e'].map((c) => c.charCodeAt(0))),
      fc.integer({ min: 0, max: 255 }),
    )
    const rows = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 250 })), { maxLength: 40 })
      .map((rs) =>
        new TextEncoder().encode(`t_seconds,spo2,pr\n${rs.map(([s, p], i) => `${i},${s},${p}`).join('\n')}\n`),
      )
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(byte, { maxLength: 160 }).map((xs) => Uint8Array.from(xs)),
          rows,
        ),
        fc.array(fc.nat(400), { maxLength: 12 }),
        (bytes, cuts) => {
          const sorted = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
          const refused: string[] = []
          const got = importOximetryCsvColumnsFromChunks(piecesAt(bytes, sorted), {
            startTimeMs: start,
            onImplausible: (r) => refused.push(r.message),
          })
          const wholeRefused: string[] = []
          const whole = importOximetryCsvColumns(bytes, {
            startTimeMs: start,
            onImplausible: (r) => wholeRefused.push(r.message),
          })
          expect(got).toEqual(whole)
          expect(refused).toEqual(wholeRefused)
        },
      ),
      { numRuns: 1000, seed: 19 },
    )
  })
})
