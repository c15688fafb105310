import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { JsonArrayInPieces, writePrettyJson } from '../src/output/pretty-json-in-pieces.js'

/** What `writePrettyJson` wrote, pieces and all. */
function written(value: object): { text: string; pieces: number } {
  const chunks: Uint8Array[] = []
  writePrettyJson(value, (piece) => void chunks.push(piece))
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const c of chunks) bytes.set(c, (at += c.length) - c.length)
  return { text: new TextDecoder().decode(bytes), pieces: chunks.length }
}

const inPieces = <T>(xs: readonly T[]) => new JsonArrayInPieces(xs.length, (i) => xs[i])

describe('writePrettyJson', () => {
  it('writes what JSON.stringify(value, null, 2) does, with each array in pieces as the plain array', () => {
    // Arrays at several depths, empty ones, one at the top level, strings that look like layout or like the marks.
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 30 }),
        fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
        fc.jsonValue({ maxDepth: 3 }),
        fc.string(),
        (events, small, other, text) => {
          const plain = { file: text, events, nested: { other, empty: [], small }, after: '\u0000openward-array-0' }
          const body = {
            file: text,
            events: inPieces(events),
            nested: { other, empty: inPieces([]), small: inPieces(small) },
            after: '\u0000openward-array-0',
          }
          expect(written(body).text).toBe(`${JSON.stringify(plain, null, 2)}\n`)
          expect(written(inPieces(events)).text).toBe(`${JSON.stringify(events, null, 2)}\n`)
          expect(written({ files: [body, body] }).text).toBe(`${JSON.stringify({ files: [plain, plain] }, null, 2)}\n`)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('writes a long array in many pieces, none of them holding it all, and non-ASCII text whole', () => {
    const events = Array.from({ length: 30_000 }, (_, i) => ({
      start: i,
      end: i + 12,
      nadir: i + 5,
      note: 'SpO₂ ≤ 90 %',
    }))
    const { text, pieces } = written({ file: 'nuit-été.csv', events3: inPieces(events), events4: inPieces([]) })
    expect(text).toBe(`${JSON.stringify({ file: 'nuit-été.csv', events3: events, events4: [] }, null, 2)}\n`)
    expect(pieces).toBeGreaterThan(text.length / (1 << 17))
  })
})
