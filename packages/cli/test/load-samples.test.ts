/**
 * `loadSamples` (exported from `@openward/cli`) follows the SDK's failure convention: a lazy
 * `TaskEither<LoadFailure, LoadedSamples>` whose promise never rejects, with a `loadSamplesOrThrow`
 * twin that rejects with an `OpenwardError`. `loadOrExit` stays exported, deprecated, unchanged.
 * The input is a real Checkme O2 Max export from shared/data.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

import { isOpenwardError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { describe, expect, expectTypeOf, it } from 'vitest'

import {
  ExitCode,
  type LoadedSamples,
  type LoadFailure,
  loadOrExit,
  loadSamples,
  loadSamplesOrThrow,
} from '../src/index.js'
import { captureIo } from './capture-io.js'

const shared = fileURLToPath(new URL('../../../../shared/data/', import.meta.url))
const checkme = readFileSync(`${shared}captures/checkme-o2-max-csv/checkme-o2-max_airwaylab_20260220-short.csv`)
const dir = mkdtempSync(join(tmpdir(), 'openward-load-samples-'))
const io = () => captureIo('', dir).io

const leftOf = (r: E.Either<LoadFailure, LoadedSamples>): LoadFailure => {
  if (E.isRight(r)) throw new Error(`expected a Left, got ${r.right.samples.length} samples`)
  return r.left
}

describe('loadSamples follows the failure convention', () => {
  it('is lazy: nothing is read until the task runs (a file written after the task was made is read)', async () => {
    const path = join(dir, 'later.csv')
    const task = loadSamples(path, io())
    writeFileSync(path, checkme)
    const loaded = await task()
    if (E.isLeft(loaded)) throw new Error(loaded.left.message)
    expect(loaded.right.format).toBe('viatom-csv')
    expect(loaded.right.samples.length).toBeGreaterThan(100)
  })

  it('a missing file is a Left CannotRead and a truncated gzip a Left InvalidRecording; the promise never rejects', async () => {
    const cut = join(dir, 'cut.csv.gz')
    const zipped = gzipSync(checkme)
    writeFileSync(cut, zipped.subarray(0, zipped.length >> 1))
    expect(leftOf(await loadSamples(join(dir, 'absent.csv'), io())())).toMatchObject({
      _tag: 'CannotRead',
      message: expect.stringMatching(/^cannot read .*absent\.csv: /),
    })
    expect(leftOf(await loadSamples(cut, io())())).toMatchObject({
      _tag: 'InvalidRecording',
      message: expect.stringMatching(/gzip stream is truncated or damaged/),
    })
  })

  it('loadSamplesOrThrow resolves to the same samples, or rejects with an OpenwardError holding the LoadFailure', async () => {
    const path = join(dir, 'night.csv')
    writeFileSync(path, checkme)
    const loaded = await loadSamples(path, io())()
    expect(await loadSamplesOrThrow(path, io())).toEqual(E.isRight(loaded) ? loaded.right : undefined)
    const absent = await loadSamplesOrThrow(join(dir, 'absent.csv'), io()).catch((e: unknown) => e)
    expect(isOpenwardError(absent, 'CannotRead')).toBe(true)
    writeFileSync(join(dir, 'not-a-recording.csv'), '%PDF-1.7\n')
    const invalid = await loadSamplesOrThrow(join(dir, 'not-a-recording.csv'), io()).catch((e: unknown) => e)
    expect(isOpenwardError(invalid, 'InvalidRecording') && invalid.error.message).toMatch(/is not a valid recording/)
  })

  it('declares its failure union', () => {
    expectTypeOf(loadSamples).returns.toEqualTypeOf<TE.TaskEither<LoadFailure, LoadedSamples>>()
    expectTypeOf(loadSamplesOrThrow).returns.toEqualTypeOf<Promise<LoadedSamples>>()
    expectTypeOf<LoadFailure['_tag']>().toEqualTypeOf<'CannotRead' | 'InvalidRecording'>()
  })

  it('the deprecated loadOrExit still prints one line and answers the exit code', async () => {
    const c = captureIo('', dir)
    const code = await loadOrExit('analyze', join(dir, 'absent.csv'), c.io)
    expect(code).toEqual(E.left(ExitCode.io))
    expect(c.stderr()).toMatch(/^openward analyze: cannot read .*absent\.csv: .+\n$/)
  })
})
