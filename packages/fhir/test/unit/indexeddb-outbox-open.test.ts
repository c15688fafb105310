import { isOpenwardError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { describe, expect, expectTypeOf, it } from 'vitest'

import {
  type IdbFactoryLike,
  type IndexedDbOutboxStore,
  openIndexedDbOutboxStore,
  openIndexedDbOutboxStoreOrThrow,
  type OutboxDatabaseUnavailable,
} from '../../src/index.js'

// An IndexedDB whose open request fails the way a browser in private mode or over quota does:
// the request's error event fires with a DOMException-like error.
const refusingFactory: IdbFactoryLike = {
  open: () => {
    const req = {
      result: undefined as never,
      error: { name: 'InvalidStateError', message: 'IndexedDB is disabled' },
      onsuccess: null as (() => void) | null,
      onerror: null as (() => void) | null,
      onupgradeneeded: null as (() => void) | null,
    }
    queueMicrotask(() => req.onerror?.())
    return req
  },
} as unknown as IdbFactoryLike

describe('openIndexedDbOutboxStore failure convention', () => {
  it('resolves to Left OutboxDatabaseUnavailable (no-indexeddb) where there is no IndexedDB, never rejects', async () => {
    expect((globalThis as { indexedDB?: unknown }).indexedDB).toBeUndefined()
    const opened = await openIndexedDbOutboxStore({ name: 'x' })()
    expect(E.isLeft(opened) && opened.left).toMatchObject({
      _tag: 'OutboxDatabaseUnavailable',
      reason: 'no-indexeddb',
      name: 'x',
    })
  })

  it('resolves to Left OutboxDatabaseUnavailable (open-failed) naming the cause when the database will not open', async () => {
    const opened = await openIndexedDbOutboxStore({ indexedDB: refusingFactory })()
    expect(E.isLeft(opened) && opened.left).toMatchObject({
      _tag: 'OutboxDatabaseUnavailable',
      reason: 'open-failed',
      name: 'openward-outbox',
    })
    expect(E.isLeft(opened) && opened.left.message).toContain('IndexedDB is disabled')
  })

  it('openIndexedDbOutboxStoreOrThrow rejects with an OpenwardError holding the tagged error', async () => {
    const rejected = await openIndexedDbOutboxStoreOrThrow({ indexedDB: refusingFactory }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isOpenwardError(rejected, 'OutboxDatabaseUnavailable')).toBe(true)
    await expect(openIndexedDbOutboxStoreOrThrow()).rejects.toMatchObject({
      name: 'OpenwardError',
      error: { _tag: 'OutboxDatabaseUnavailable', reason: 'no-indexeddb' },
    })
  })

  it('declares exactly OutboxDatabaseUnavailable as its error', () => {
    expectTypeOf(openIndexedDbOutboxStore).returns.toEqualTypeOf<
      TE.TaskEither<OutboxDatabaseUnavailable, IndexedDbOutboxStore>
    >()
    expectTypeOf<OutboxDatabaseUnavailable['reason']>().toEqualTypeOf<'no-indexeddb' | 'open-failed'>()
    expectTypeOf(openIndexedDbOutboxStoreOrThrow).returns.toEqualTypeOf<Promise<IndexedDbOutboxStore>>()
  })
})
