import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { isOpenwardError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, expectTypeOf, it } from 'vitest'

import {
  type FileOutboxStore,
  fileOutboxStore,
  openFileOutboxStore,
  openFileOutboxStoreOrThrow,
  type OutboxJournalCorrupt,
  type OutboxJournalUnavailable,
} from '../../src/node/index.js'

const dir = mkdtempSync(join(tmpdir(), 'file-outbox-open-'))

describe('openFileOutboxStore / openFileOutboxStoreOrThrow failure convention', () => {
  it('a journal in a missing folder: Left OutboxJournalUnavailable; the OrThrow twin throws an OpenwardError holding it', () => {
    const path = join(dir, 'no-such-folder', 'outbox.ndjson')
    const opened = openFileOutboxStore(path)
    expect(E.isLeft(opened) && opened.left).toMatchObject({ _tag: 'OutboxJournalUnavailable', path })
    let thrown: unknown
    try {
      openFileOutboxStoreOrThrow(path)
    } catch (e) {
      thrown = e
    }
    expect(isOpenwardError(thrown, 'OutboxJournalUnavailable')).toBe(true)
  })

  it('a corrupt journal: Left OutboxJournalCorrupt naming the line; the OrThrow twin throws an OpenwardError holding it', () => {
    const path = join(dir, 'corrupt.ndjson')
    writeFileSync(path, `{"op":"next","seq":0}\nnot json\n`)
    const opened = openFileOutboxStore(path)
    expect(E.isLeft(opened) && opened.left).toMatchObject({
      _tag: 'OutboxJournalCorrupt',
      lines: [{ line: 2, reason: 'not-json' }],
    })
    expect(() => openFileOutboxStoreOrThrow(path)).toThrow(
      expect.objectContaining({
        name: 'OpenwardError',
        error: expect.objectContaining({ _tag: 'OutboxJournalCorrupt' }),
      }),
    )
  })

  it('a usable journal: Right, and the OrThrow twin returns the store', async () => {
    const path = join(dir, 'ok.ndjson')
    const opened = openFileOutboxStore(path)
    expect(E.isRight(opened)).toBe(true)
    if (E.isRight(opened)) await opened.right.close()
    const store = openFileOutboxStoreOrThrow(path)
    expect(await store.nextSeq()).toBe(0)
    await store.close()
  })

  it('the deprecated fileOutboxStore is the same function as openFileOutboxStoreOrThrow', () => {
    expect(fileOutboxStore).toBe(openFileOutboxStoreOrThrow)
  })

  it('declares exactly OutboxJournalCorrupt | OutboxJournalUnavailable as the error', () => {
    expectTypeOf(openFileOutboxStore).returns.toEqualTypeOf<
      E.Either<OutboxJournalCorrupt | OutboxJournalUnavailable, FileOutboxStore>
    >()
    expectTypeOf(openFileOutboxStoreOrThrow).returns.toEqualTypeOf<FileOutboxStore>()
  })
})
