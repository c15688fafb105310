import { gzipSync } from 'node:zlib'

import { isOpenwardError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { from, toArray } from 'rxjs'
import { describe, expect, expectTypeOf, it } from 'vitest'

import { encodeChunkLine, encodeRecordingHeader } from '../../src/recording/encode-recording.js'
import {
  type DamagedGzip,
  DEFAULT_MAX_INFLATED_BYTES,
  type GunzipError,
  type GzipTooLarge,
  gunzip,
  gunzipOrThrow,
  gzip,
  isGzip,
  recordingText,
  recordingTextOrThrow,
} from '../../src/recording/gzip.js'
import type { RawChunk } from '../../src/recording/raw-chunk.js'
import { record } from '../../src/recording/record.js'
import { createRecordingReader, decodeRecording } from '../../src/recording/recording-reader.js'

const start = 1_700_000_000_000
const chunks: RawChunk[] = [
  { timeMs: start, direction: 'event', channel: 'serial', event: 'connected' },
  { timeMs: start + 3, direction: 'tx', channel: 'serial', bytes: Uint8Array.of(0x7d, 0x81, 0xa1, 0x80) },
  { timeMs: start + 16, direction: 'rx', channel: 'serial', bytes: Uint8Array.of(0x01, 0xe0, 0xff, 0x00) },
  { timeMs: start + 17.5, direction: 'rx', channel: '00002a5f-0000-1000-8000-00805f9b34fb', bytes: new Uint8Array() },
  { timeMs: start + 40, direction: 'event', channel: 'serial', event: 'disconnected' },
]
const text = () =>
  encodeRecordingHeader({ protocol: 'contec-v7', clock: 'host', startTimeMs: start, device: { id: '/dev/ttyUSB0' } }) +
  chunks.map((c) => encodeChunkLine(c, start)).join('')

describe('recording format', () => {
  it('writes a JSON header line and one documented line per chunk', () => {
    const lines = text().split('\n')
    expect(JSON.parse(lines[0]!)).toEqual({
      format: 'openward-recording',
      version: 1,
      protocol: 'contec-v7',
      clock: 'host',
      startTimeMs: start,
      device: { id: '/dev/ttyUSB0' },
    })
    expect(lines.slice(1)).toEqual([
      '0 ev serial connected',
      '3 tx serial 7d81a180',
      '16 rx serial 01e0ff00',
      '17.5 rx 00002a5f-0000-1000-8000-00805f9b34fb ',
      '40 ev serial disconnected',
      '',
    ])
  })

  it('round-trips header and chunks exactly', () => {
    const result = decodeRecording(text())
    expect(E.isRight(result)).toBe(true)
    if (E.isRight(result)) {
      expect(result.right.header.device).toEqual({ id: '/dev/ttyUSB0' })
      expect(result.right.chunks).toEqual(chunks)
    }
  })

  it('reads the same however the text is split (streaming)', () => {
    const whole = text()
    for (const size of [1, 2, 7, 64]) {
      const reader = createRecordingReader()
      const got: RawChunk[] = []
      for (let i = 0; i < whole.length; i += size) got.push(...reader.push(whole.slice(i, i + size)).chunks)
      // No end marker in this text: the reader says it cannot show the recording is whole.
      expect(reader.end()).toEqual({ chunks: [], complete: false })
      expect(got).toEqual(chunks)
    }
  })

  it('accepts CRLF line ends, blank lines and # comments', () => {
    const crlf = text().replace('\n3 tx', '\n# a note\n\n3 tx').replaceAll('\n', '\r\n')
    const result = decodeRecording(crlf)
    expect(E.isRight(result) && result.right.chunks).toEqual(chunks)
  })

  it.each([
    ['bad hex', (t: string) => t.replace('01e0ff00', '01e0fg00'), 4, /bad hex payload at character 5/],
    ['odd hex', (t: string) => t.replace('01e0ff00', '01e0ff0'), 4, /bad hex/],
    ['unknown kind', (t: string) => t.replace('16 rx', '16 zz'), 4, /unknown chunk kind "zz"/],
    ['bad offset', (t: string) => t.replace('16 rx', '1x6 rx'), 4, /bad time offset/],
    ['missing field', (t: string) => t.replace('16 rx serial', '16 rx'), 4, /expected "<offsetMs> <rx\|tx\|ev\|sa>/],
    ['unknown event', (t: string) => t.replace('disconnected', 'exploded'), 6, /unknown event/],
  ])(
    'reports a damaged line (%s) with its line number and offset, keeping the chunks before it',
    (_, damage, line, why) => {
      const damaged = damage(text())
      const reader = createRecordingReader()
      const out = reader.push(damaged)
      const lineStart =
        damaged
          .split('\n')
          .slice(0, line - 1)
          .join('\n').length + 1
      expect(out.error).toMatchObject({ _tag: 'CorruptRecording', line, offset: lineStart })
      expect(out.error?.reason).toMatch(why)
      expect(out.chunks).toEqual(chunks.slice(0, line - 2))
      expect(E.isLeft(decodeRecording(damaged))).toBe(true)
    },
  )

  it('reports a truncated last line (no line end) and keeps every complete line', () => {
    const whole = text()
    const cut = whole.slice(0, whole.indexOf('01e0ff00') + 4)
    const reader = createRecordingReader()
    const out = reader.push(cut)
    expect(out.error).toBeUndefined()
    expect(out.chunks).toEqual(chunks.slice(0, 2))
    const end = reader.end()
    expect(end.error).toMatchObject({ _tag: 'CorruptRecording', line: 4 })
    expect(end.error?.message).toMatch(/line 4 \(offset \d+\): truncated/)
  })

  it.each([
    ['not JSON', 'hello\n', /not JSON/],
    ['another format', '{"format":"x"}\n', /not an openward recording/],
    ['a newer version', '{"format":"openward-recording","version":2}\n', /version 2 is not supported/],
    [
      'a bad clock',
      '{"format":"openward-recording","version":1,"protocol":"p","clock":"sundial","startTimeMs":0}\n',
      /bad header: RecordingHeader: clock/,
    ],
    ['nothing', '', /no header line/],
  ])('rejects a header that is %s', (_, input, why) => {
    const result = decodeRecording(input)
    expect(E.isLeft(result) && result.left).toMatchObject({ _tag: 'CorruptRecording', line: 1, offset: 0 })
    expect(E.isLeft(result) && result.left.reason).toMatch(why)
  })

  it('gzips and gunzips through CompressionStream, detected by magic number', async () => {
    const bytes = new TextEncoder().encode(text())
    const zipped = await gzip(bytes)
    expect(isGzip(zipped)).toBe(true)
    expect(isGzip(bytes)).toBe(false)
    expect(zipped.length).toBeLessThan(bytes.length)
    expect(await gunzip(zipped)()).toEqual(E.right(bytes))
    expect(await recordingText(zipped)()).toEqual(E.right(text()))
    expect(await recordingText(bytes)()).toEqual(E.right(text()))
  })
})

describe('gunzip and recordingText follow the failure convention', () => {
  // A recording long enough that a cut-short gzip has decompressed something before it ends.
  const long = new TextEncoder().encode(text().repeat(200))
  const leftOf = <A>(r: E.Either<GunzipError, A>): GunzipError => {
    if (E.isRight(r)) throw new Error('expected a Left')
    return r.left
  }
  const damaged = <A>(r: E.Either<GunzipError, A>): DamagedGzip => {
    const left = leftOf(r)
    if (left._tag !== 'DamagedGzip') throw new Error(`expected DamagedGzip, got ${left._tag}`)
    return left
  }

  it('a truncated gzip is a Left DamagedGzip saying how much decompressed before the cut, never a rejection', async () => {
    const zipped = await gzip(long)
    const cut = zipped.subarray(0, zipped.length - 12) // the CRC32 and ISIZE trailer and a little deflate data
    for (const e of [damaged(await gunzip(cut)()), damaged(await recordingText(cut)())]) {
      expect(e).toMatchObject({ _tag: 'DamagedGzip', compressedBytes: cut.length })
      expect(e.inflatedBytes).toBeGreaterThan(0)
      expect(e.inflatedBytes).toBeLessThan(long.length)
      expect(e.message).toMatch(/^damaged gzip stream \(\d+ bytes\): .+; \d+ bytes decompressed before it failed$/)
    }
  })

  it('a gzip header over garbage, a flipped byte, and gunzip of bytes that are not gzip: each a Left DamagedGzip', async () => {
    const zipped = await gzip(long)
    const flipped = zipped.slice()
    flipped[zipped.length - 6] = flipped[zipped.length - 6]! ^ 0xff // inside the CRC32 trailer (RFC 1952 §2.3.1)
    const garbage = Uint8Array.of(0x1f, 0x8b, 1, 2, 3, 4)
    expect(leftOf(await gunzip(garbage)())).toMatchObject({ _tag: 'DamagedGzip', compressedBytes: 6, inflatedBytes: 0 })
    expect(leftOf(await recordingText(garbage)())).toMatchObject({ _tag: 'DamagedGzip', inflatedBytes: 0 })
    expect(leftOf(await gunzip(flipped)())).toMatchObject({ _tag: 'DamagedGzip', compressedBytes: zipped.length })
    expect(leftOf(await gunzip(long)())).toMatchObject({ _tag: 'DamagedGzip', inflatedBytes: 0 })
  })

  it('are lazy: nothing is read until the task runs, and the task can run again', async () => {
    const zipped = await gzip(long)
    const task = recordingText(zipped)
    zipped.fill(0, 10, 40) // damaged after the task was made, before it ran
    expect(leftOf(await task())._tag).toBe('DamagedGzip')
    zipped.set(await gzip(long))
    expect(E.isRight(await task())).toBe(true)
  })

  it('the OrThrow twins resolve to the value, or reject with an OpenwardError holding DamagedGzip', async () => {
    const zipped = await gzip(long)
    expect(await gunzipOrThrow(zipped)).toEqual(long)
    expect(await recordingTextOrThrow(zipped)).toBe(new TextDecoder().decode(long))
    const cut = zipped.subarray(0, 20)
    for (const e of await Promise.all([
      gunzipOrThrow(cut).catch((e: unknown) => e),
      recordingTextOrThrow(cut).catch((e: unknown) => e),
    ])) {
      expect(isOpenwardError(e, 'DamagedGzip')).toBe(true)
      expect(isOpenwardError(e, 'DamagedGzip') && e.error).toMatchObject({ compressedBytes: 20 })
    }
  })

  it('a gzip bomb is a Left GzipTooLarge once the limit is passed, and decompression stops there', async () => {
    // 64 MiB of zeros deflate to about 64 KB (RFC 1951 runs): a small file that inflates far past a 1 MiB limit.
    const bomb = new Uint8Array(gzipSync(new Uint8Array(64 * 1024 * 1024)))
    expect(bomb.length).toBeLessThan(128 * 1024)
    const limit = { maxInflatedBytes: 1024 * 1024 }
    const tooLarge = { _tag: 'GzipTooLarge', compressedBytes: bomb.length, limitBytes: 1024 * 1024 }
    expect(leftOf(await gunzip(bomb, limit)())).toMatchObject(tooLarge)
    expect(leftOf(await recordingText(bomb, limit)())).toMatchObject(tooLarge)
    expect(isOpenwardError(await gunzipOrThrow(bomb, limit).catch((e: unknown) => e), 'GzipTooLarge')).toBe(true)
    // The same bytes under the default limit (256 MiB) are whole, and content exactly at a limit is accepted.
    expect(E.isRight(await gunzip(bomb)())).toBe(true)
    const exact = new Uint8Array(gzipSync(new Uint8Array(4096)))
    expect(await gunzip(exact, { maxInflatedBytes: 4096 })()).toEqual(E.right(new Uint8Array(4096)))
    expect(leftOf(await gunzip(exact, { maxInflatedBytes: 4095 })())._tag).toBe('GzipTooLarge')
    expect(DEFAULT_MAX_INFLATED_BYTES).toBe(256 * 1024 * 1024)
  })

  it('declare their failure union', () => {
    expectTypeOf(gunzip).returns.toEqualTypeOf<TE.TaskEither<DamagedGzip | GzipTooLarge, Uint8Array>>()
    expectTypeOf(recordingText).returns.toEqualTypeOf<TE.TaskEither<DamagedGzip | GzipTooLarge, string>>()
    expectTypeOf(gunzipOrThrow).returns.toEqualTypeOf<Promise<Uint8Array>>()
    expectTypeOf(recordingTextOrThrow).returns.toEqualTypeOf<Promise<string>>()
    expectTypeOf<DamagedGzip['_tag']>().toEqualTypeOf<'DamagedGzip'>()
  })
})

describe('record', () => {
  it('passes every chunk through unchanged (same objects) while writing the recording', async () => {
    const written: string[] = []
    const passed = await from(chunks)
      .pipe(
        record((t) => written.push(t), { protocol: 'contec-v7', clock: 'host', startTimeMs: start }),
        toArray(),
      )
      .toPromise()
    expect(passed).toHaveLength(chunks.length)
    passed!.forEach((c, i) => expect(c).toBe(chunks[i]))
    expect(written.join('')).toBe(
      encodeRecordingHeader({ protocol: 'contec-v7', clock: 'host', startTimeMs: start }) +
        chunks.map((c) => encodeChunkLine(c, start)).join('') +
        `#end ${chunks.length}\n`,
    )
  })

  it('takes the start time from the scheduler at subscription when not given', () => {
    const written: string[] = []
    const scheduler = { now: () => 42, schedule: () => ({}) as never }
    from([])
      .pipe(record((t) => written.push(t), { protocol: 'jumper', clock: 'host' }, scheduler))
      .subscribe()
    expect(JSON.parse(written[0]!).startTimeMs).toBe(42)
  })
})
