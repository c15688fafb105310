/**
 * `writePrettyJson` writes exactly the text of `JSON.stringify(value, null, 2)`, in pieces, for any JSON value
 * and the non-JSON numbers and `undefined` fields `analyze` may hold; a `JsonList` is written as the array of its items.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { JsonList, writePrettyJson } from '../src/output/pretty-json.js'

function written(value: unknown) {
  const pieces: string[] = []
  writePrettyJson(value, (p) => pieces.push(p))
  return { text: pieces.join(''), pieces: pieces.length }
}

describe('writePrettyJson', () => {
  it('equals JSON.stringify(value, null, 2) for any JSON value (fast-check)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(written(v).text).toBe(JSON.stringify(v, null, 2))
      }),
      { numRuns: 1000, seed: 19 },
    )
  })

  it('NaN and infinities are null, undefined fields are left out (null in arrays), dates as JSON.stringify writes them', () => {
    const v = {
      a: Number.NaN,
      b: undefined,
      c: [undefined, Number.POSITIVE_INFINITY, -0, 1e21, 'x"\n'],
      d: new Date(Date.UTC(2026, 11, 7)),
      e: {},
      f: [],
      g: { h: [{ i: null }] },
    }
    expect(written(v).text).toBe(JSON.stringify(v, null, 2))
  })

  it('a JsonList is written as the array of its items, made while written; long output comes in pieces', () => {
    let made = 0
    const events = new JsonList(function* () {
      for (let i = 0; i < 20_000; i++) {
        made++
        yield { start: i, end: i + 10, nadir: i + 3 }
      }
    })
    const eager = Array.from({ length: 20_000 }, (_, i) => ({ start: i, end: i + 10, nadir: i + 3 }))
    const out = written({ file: 'night.csv', events3: events, odi3: 67.3 })
    expect(made).toBe(20_000)
    expect(out.text).toBe(JSON.stringify({ file: 'night.csv', events3: eager, odi3: 67.3 }, null, 2))
    expect(out.pieces).toBeGreaterThan(10)
    expect(written(new JsonList(() => [])).text).toBe('[]')
  })
})
