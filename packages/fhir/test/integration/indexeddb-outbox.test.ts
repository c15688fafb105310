import type { Sandbox } from '@openward/fhir-sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type * as FhirModule from '../../src/index.js'
import { type ChromiumPage, openPage } from '../browser/chromium-page.js'
import { countStored, spo2Observations, startSandbox } from './sandbox-fixture.js'

let sandbox: Sandbox
let chromium: ChromiumPage
beforeAll(async () => {
  sandbox = await startSandbox()
  chromium = await openPage(sandbox.baseUrl)
}, 60_000)
afterAll(async () => {
  await chromium?.close()
  await sandbox?.close()
})

type Fhir = typeof FhirModule
declare const window: { fhir: Fhir; ready: boolean }

describe('IndexedDB outbox store in real headless Chromium', () => {
  it('keeps order, attempted marks and removals, across a page reload', async () => {
    const observations = spo2Observations(5)
    const before = await chromium.page.evaluate(async (resources) => {
      const store = await window.fhir.openIndexedDbOutboxStoreOrThrow({ name: 'reload-test' })
      const seqs = await store.append(resources)
      await store.markAttempted([seqs[0]!, seqs[1]!])
      await store.remove([seqs[1]!])
      await store.close()
      return seqs
    }, observations)
    expect(before).toEqual([0, 1, 2, 3, 4])
    await chromium.page.reload()
    await chromium.page.waitForFunction(() => window.ready === true)
    const after = await chromium.page.evaluate(async () => {
      const store = await window.fhir.openIndexedDbOutboxStoreOrThrow({ name: 'reload-test' })
      const entries = await store.peek(10)
      const result = {
        entries: entries.map((e) => [e.seq, e.attempted]),
        size: await store.size(),
        next: await store.nextSeq(),
      }
      await store.close()
      return result
    })
    expect(after).toEqual({
      entries: [
        [0, true],
        [2, false],
        [3, false],
        [4, false],
      ],
      size: 4,
      next: 5,
    })
  })

  it('uploads through the outbox from the browser to the sandbox; a bad response keeps the writes queued', async () => {
    await sandbox.reset()
    sandbox.injectFault({
      method: 'POST',
      path: /^\/fhir\/?$/,
      status: 200,
      body: '<html>proxy login</html>',
      contentType: 'text/html',
    })
    const observations = spo2Observations(150, 1000)
    const reports = await chromium.page.evaluate(
      async ({ resources, baseUrl }) => {
        const { createOutbox, createTransport, openIndexedDbOutboxStoreOrThrow } = window.fhir
        const store = await openIndexedDbOutboxStoreOrThrow({ name: 'upload-test' })
        const outbox = createOutbox({ store, transport: createTransport({ baseUrl, retry: { maxRetries: 0 } }) })
        await outbox.enqueue(resources)
        const first = await outbox.flush()()
        const second = await outbox.flush()()
        return { first: first._tag === 'Left' ? first.left._tag : 'ok', second, size: await store.size() }
      },
      { resources: observations, baseUrl: `${chromium.origin}/fhir` },
    )
    expect(reports.first).toBe('InvalidResponse')
    // The second flush looked the attempted batch up first (nothing stored), then sent all of it.
    expect(reports.second).toEqual({
      _tag: 'Right',
      right: { sent: 150, reconciled: 0, deadLettered: 0, remaining: 0 },
    })
    expect(reports.size).toBe(0)
    expect(await countStored(sandbox.baseUrl)).toBe(150)
  })

  it('a damaged next counter (NaN) never hands out NaN or reused seqs; dead letters survive a reopen', async () => {
    const observations = spo2Observations(4, 2000)
    const result = await chromium.page.evaluate(async (resources) => {
      const first = await window.fhir.openIndexedDbOutboxStoreOrThrow({ name: 'nan-test' })
      await first.append(resources.slice(0, 2))
      await first.deadLetter!([
        {
          seq: 1,
          tag: 'Unprocessable',
          status: 422,
          atMs: 1,
          outcome: { resourceType: 'OperationOutcome', issue: [] },
        },
      ])
      await first.close()
      // Damage the counter the way a devtools edit or a half-migrated database would.
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('nan-test', 1)
        req.onsuccess = () => resolve(req.result)
        req.onerror = () => reject(req.error)
      })
      await new Promise<void>((resolve) => {
        const tx = db.transaction('meta', 'readwrite')
        tx.objectStore('meta').put(Number.NaN, 'next')
        tx.oncomplete = () => resolve()
      })
      db.close()
      const store = await window.fhir.openIndexedDbOutboxStoreOrThrow({ name: 'nan-test' })
      const seqs = await store.append(resources.slice(2))
      const out = {
        seqs,
        live: (await store.peek(10)).map((e) => e.seq),
        size: await store.size(),
        dead: (await store.deadLetters!()).map((d) => [d.seq, d.tag]),
      }
      await store.discardDeadLetters!([1])
      const afterDiscard = (await store.deadLetters!()).length
      await store.close()
      return { ...out, afterDiscard }
    }, observations)
    expect(result).toEqual({ seqs: [2, 3], live: [0, 2, 3], size: 3, dead: [[1, 'Unprocessable']], afterDiscard: 0 })
  })

  it('openIndexedDbOutboxStore is a TaskEither: Right for a usable database, Left OutboxDatabaseUnavailable (never a rejection) for a newer one', async () => {
    const result = await chromium.page.evaluate(async () => {
      const opened = await window.fhir.openIndexedDbOutboxStore({ name: 'task-either-test' })()
      const right = opened._tag === 'Right' ? await opened.right.append([]) : opened.left._tag
      if (opened._tag === 'Right') await opened.right.close()
      // A database at version 2 (a newer app's schema): opening it at version 1 fails with VersionError.
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('newer-schema', 2)
        req.onsuccess = () => {
          req.result.close()
          resolve()
        }
        req.onerror = () => reject(req.error)
      })
      const newer = await window.fhir.openIndexedDbOutboxStore({ name: 'newer-schema' })()
      const thrown = await window.fhir.openIndexedDbOutboxStoreOrThrow({ name: 'newer-schema' }).then(
        () => 'resolved',
        (e: { name?: string; error?: { _tag?: string } }) => `${e.name}:${e.error?._tag}`,
      )
      return {
        right,
        newer: newer._tag === 'Left' ? [newer.left._tag, newer.left.reason, newer.left.name] : 'Right',
        thrown,
      }
    })
    expect(result).toEqual({
      right: [],
      newer: ['OutboxDatabaseUnavailable', 'open-failed', 'newer-schema'],
      thrown: 'OpenwardError:OutboxDatabaseUnavailable',
    })
  })
})
