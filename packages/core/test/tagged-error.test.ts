import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  checksumMismatch,
  getOrThrow,
  hasTag,
  isTaggedError,
  OpenwardError,
  parseFailure,
  partitionEithers,
  setFlagNames,
  sampleFlags,
  truncated,
  tryCatchTagged,
  taggedError,
} from '../src/index.js'

describe('tagged errors', () => {
  it('carry their tag, a message naming where, and the detail fields', () => {
    const e = truncated(4, 5, 3, 'Contec frame')
    expect(e).toMatchObject({ _tag: 'Truncated', offset: 4, expected: 5, actual: 3 })
    expect(e.message).toBe('Contec frame truncated at byte 4: needs 5 bytes, got 3')
    expect(Object.isFrozen(e)).toBe(true)
  })

  it('format checksums in hex and lines in text errors', () => {
    expect(checksumMismatch(7, 0xab, 0x01).message).toContain('expected 0xab, got 0x1')
    expect(parseFailure('not a number', { line: 12, column: 'spo2' }).message).toBe('line 12: not a number')
  })

  it('detail cannot override the tag', () => {
    expect(taggedError('A', 'm', { _tag: 'B' })._tag).toBe('A')
  })

  it('are recognised and narrowed', () => {
    const e = truncated(0, 1, 0) as ReturnType<typeof truncated> | ReturnType<typeof parseFailure>
    expect(isTaggedError(e)).toBe(true)
    expect(isTaggedError(new Error('x'))).toBe(false)
    expect(isTaggedError(null)).toBe(false)
    expect(hasTag(e, 'Truncated')).toBe(true)
  })
})

describe('Either helpers', () => {
  it('partitionEithers keeps both sides in order', () => {
    const err = parseFailure('bad')
    expect(partitionEithers([E.right(1), E.left(err), E.right(2)])).toEqual({ lefts: [err], rights: [1, 2] })
  })

  it('getOrThrow throws an OpenwardError that keeps the tagged value', () => {
    const err = parseFailure('bad', { line: 3 })
    expect(getOrThrow(E.right(5))).toBe(5)
    try {
      getOrThrow(E.left(err))
      expect.unreachable()
    } catch (thrown) {
      expect(thrown).toBeInstanceOf(OpenwardError)
      expect((thrown as OpenwardError).error).toBe(err)
      expect((thrown as OpenwardError).message).toBe('ParseFailure: line 3: bad')
    }
  })

  it('tryCatchTagged turns a throw into a left', () => {
    const r = tryCatchTagged(
      () => JSON.parse('{'),
      () => parseFailure('not JSON'),
    )
    expect(E.isLeft(r) && r.left._tag).toBe('ParseFailure')
  })
})

describe('sample flags', () => {
  it('lists the flags that are set', () => {
    expect(setFlagNames(sampleFlags({ searching: true, motion: true }))).toEqual(['searching', 'motion'])
  })
})
