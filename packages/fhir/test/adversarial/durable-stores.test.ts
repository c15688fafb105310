/**
 * Adversarial suite, class 2 of issue 13: durable stores never lose data quietly. Journals are
 * damaged the ways disks and people damage them; the outbox meets a server that refuses entries
 * for good. Add a row to extend.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { Sandbox } from '@openward/fhir-sandbox'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import {
  createOutbox,
  createTransport,
  memoryOutboxStore,
  type Observation,
  type OutboxEvent,
} from '../../src/index.js'
import { openFileOutboxStore, openFileOutboxStoreOrThrow } from '../../src/node/index.js'
import { countStored, spo2Observations, startSandbox } from '../integration/sandbox-fixture.js'

let dir: string
let n = 0
const fresh = () => join(dir, `j${n++}.ndjson`)
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'openward-durable-'))
})

async function journalWith3(path: string): Promise<string[]> {
  const store = openFileOutboxStoreOrThrow(path)
  await store.append(spo2Observations(3))
  await store.close()
  return readFileSync(path, 'utf8').split('\n')
}

describe('file outbox journal: corruption is found, named and never turns later writes into losses', () => {
  it('reproduction: a hand-edited seq ("x") used to make later appends share seq NaN; now it is named and refused', async () => {
    const path = fresh()
    const obs = spo2Observations(2)
    // A journal in the pre-checksum format, hand-edited so seq is not a number.
    writeFileSync(
      path,
      [
        JSON.stringify({ op: 'next', seq: 0 }),
        JSON.stringify({ op: 'add', seq: 0, resource: obs[0] }),
        JSON.stringify({ op: 'add', seq: 'x', resource: obs[1] }),
        '',
      ].join('\n'),
    )
    const opened = openFileOutboxStore(path)
    expect(E.isLeft(opened) && opened.left).toMatchObject({
      _tag: 'OutboxJournalCorrupt',
      lines: [{ line: 3, reason: 'bad-record' }],
    })
    expect(() => openFileOutboxStoreOrThrow(path)).toThrow(/line 3/)
    const store = openFileOutboxStoreOrThrow(path, { recover: true })
    expect(store.recovered).toEqual([{ line: 3, reason: 'bad-record' }])
    const seqs = await store.append(spo2Observations(3, 10))
    expect(seqs).toEqual([1, 2, 3])
    expect((await store.peek(100)).map((e) => e.seq)).toEqual([0, 1, 2, 3])
    await store.close()
    expect(readFileSync(`${path}.corrupt`, 'utf8')).toContain('"seq":"x"')
  })

  it.each([
    ['a changed digit inside a checksummed line', (l: string) => l.replace('"seq":1', '"seq":7'), 'checksum'],
    ['a flipped character in the resource', (l: string) => l.replace('Observation', 'Obsurvation'), 'checksum'],
    ['a line replaced by garbage', () => 'garbage here', 'not-json'],
    ['a line truncated in the middle (not the last)', (l: string) => l.slice(0, 40), 'checksum'],
    [
      'a legacy line with a negative seq',
      () => '{"op":"add","seq":-1,"resource":{"resourceType":"Observation"}}',
      'bad-record',
    ],
    ['a legacy line with seq 1.5', () => '{"op":"del","seqs":[1.5]}', 'bad-record'],
    ['a legacy line with an unknown op', () => '{"op":"drop","seqs":[0]}', 'bad-record'],
    [
      'a legacy line nested 5,000 deep',
      () => `{"op":"add","seq":1,"resource":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      'too-deep',
    ],
  ])('%s is reported as corruption of line 3, and every other entry is kept', async (_name, damage, reason) => {
    const path = fresh()
    const lines = await journalWith3(path)
    lines[2] = damage(lines[2]!)
    writeFileSync(path, lines.join('\n'))
    const opened = openFileOutboxStore(path)
    expect(E.isLeft(opened) && opened.left._tag === 'OutboxJournalCorrupt' && opened.left.lines).toEqual([
      { line: 3, reason },
    ])
    const store = openFileOutboxStoreOrThrow(path, { recover: true })
    expect((await store.peek(10)).map((e) => e.seq)).toEqual([0, 2])
    // Later appends never reuse a sequence number, even the damaged line's.
    expect(await store.append(spo2Observations(1, 50))).toEqual([3])
    await store.close()
  })

  it('a torn last line (a kill mid-append, never acknowledged) is dropped without a report', async () => {
    const path = fresh()
    const lines = await journalWith3(path)
    writeFileSync(path, `${lines.join('\n')}${'0badf00d {"op":"add","seq":3,"reso'}`)
    const opened = openFileOutboxStore(path)
    expect(E.isRight(opened) && opened.right.recovered).toEqual([])
    if (E.isRight(opened)) {
      expect(await opened.right.nextSeq()).toBe(3)
      await opened.right.close()
    }
    expect(existsSync(`${path}.corrupt`)).toBe(false)
  })

  it('property: any byte damage to a journal opens as a named Left or a store whose appends get fresh, unique, integer seqs', async () => {
    const base = fresh()
    const store = openFileOutboxStoreOrThrow(base)
    await store.append(spo2Observations(6))
    await store.markAttempted([1, 2])
    await store.remove([0])
    await store.close()
    const original = readFileSync(base)
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(original.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        }),
        async (flips) => {
          const path = fresh()
          const bytes = Buffer.from(original)
          for (const [at, value] of flips) bytes[at] = value
          writeFileSync(path, bytes)
          const opened = openFileOutboxStore(path)
          if (E.isLeft(opened)) {
            if (opened.left._tag !== 'OutboxJournalCorrupt') throw new Error(opened.left.message)
            expect(opened.left.lines.length).toBeGreaterThan(0)
            for (const p of opened.left.lines) expect(Number.isSafeInteger(p.line)).toBe(true)
          }
          const s = openFileOutboxStoreOrThrow(path, { recover: true })
          const before = (await s.peek(1000)).map((e) => e.seq)
          const added = await s.append(spo2Observations(3, 100))
          const after = (await s.peek(1000)).map((e) => e.seq)
          await s.close()
          for (const seq of after) expect(Number.isSafeInteger(seq)).toBe(true)
          expect(new Set(after).size).toBe(after.length)
          expect(after).toEqual([...before, ...added])
          // Nothing valid was lost: entries 1-5 (queued, never removed) are all there unless their
          // own line was damaged; a damaged newline merges two lines, so one problem can cost two.
          const problems =
            E.isLeft(opened) && opened.left._tag === 'OutboxJournalCorrupt' ? opened.left.lines.length : 0
          const missing = [1, 2, 3, 4, 5].filter((k) => !before.includes(k)).length
          expect(missing).toBeLessThanOrEqual(2 * problems)
        },
      ),
      { numRuns: 150 },
    )
  })
})

describe('dead letters: an entry the server refuses for good is parked, surfaced, and the rest flow', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox({ validateOnWrite: true })
  })
  afterAll(async () => sandbox.close())
  beforeEach(async () => sandbox.reset())

  it('one invalid Observation among 250: 249 stored, one dead letter with the 422 OperationOutcome, survives a reopen', async () => {
    const path = fresh()
    const obs = spo2Observations(250)
    // No `code` (R4 Observation.code is 1..1): every FHIR server refuses it with 422.
    const { code: _dropped, ...bad } = obs[120]! as Observation & { code?: unknown }
    obs[120] = bad as Observation
    const events: OutboxEvent[] = []
    const store = openFileOutboxStoreOrThrow(path)
    const outbox = createOutbox({
      store,
      transport: createTransport({ baseUrl: sandbox.baseUrl, retry: { maxRetries: 0 } }),
      onEvent: (e) => events.push(e),
    })
    expect(E.isRight(await outbox.enqueue(obs)())).toBe(true)
    const report = await outbox.flush()()
    expect(report).toEqual(E.right({ sent: 249, reconciled: 0, deadLettered: 1, remaining: 0 }))
    expect(await countStored(sandbox.baseUrl)).toBe(249)
    expect(events.filter((e) => e.type === 'dead-lettered')).toEqual([
      { type: 'dead-lettered', seqs: [120], tags: ['Unprocessable'] },
    ])
    await store.close()
    const reopened = createOutbox({
      store: openFileOutboxStoreOrThrow(path),
      transport: createTransport({ baseUrl: sandbox.baseUrl }),
    })
    const dead = await reopened.deadLetters()()
    if (E.isLeft(dead)) throw new Error(dead.left.message)
    expect(dead.right.map((d) => [d.seq, d.tag, d.status])).toEqual([[120, 'Unprocessable', 422]])
    expect(JSON.stringify(dead.right[0]!.outcome)).toMatch(/code/i)
    expect(dead.right[0]!.resource).toEqual(bad)
    expect(await reopened.size()).toBe(0)
    expect(E.isRight(await reopened.discardDeadLetters([120])())).toBe(true)
    expect(await reopened.deadLetters()()).toEqual(E.right([]))
  })

  it('an entry damaged in the store (cyclic) is parked locally; it cannot block the rest', async () => {
    const [a, b] = spo2Observations(2, 500)
    const cyclic = { ...spo2Observations(1, 700)[0]! } as Observation & { self?: unknown }
    cyclic.self = cyclic
    const store = memoryOutboxStore()
    const outbox = createOutbox({ store, transport: createTransport({ baseUrl: sandbox.baseUrl }) })
    // enqueue refuses it outright…
    const refused = await outbox.enqueue([cyclic])()
    expect(E.isLeft(refused) && refused.left._tag).toBe('BadRequest')
    // …but a store can still hold one (damage, another writer): it is parked, the others go.
    await store.append([a!, cyclic, b!])
    expect(await outbox.flush()()).toEqual(E.right({ sent: 2, reconciled: 0, deadLettered: 1, remaining: 0 }))
    const dead = await outbox.deadLetters()()
    expect(E.isRight(dead) && dead.right.map((d) => [d.seq, d.tag])).toEqual([[1, 'BadRequest']])
    expect(await countStored(sandbox.baseUrl)).toBe(2)
  })

  it('a server that answers 400 to every entry (a misconfiguration) stops the outbox; nothing is parked', async () => {
    let posts = 0
    const refusesAll: typeof fetch = async (input, init) => {
      if (init?.method === 'POST') {
        posts++
        const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] }
        return new Response(JSON.stringify(outcome), {
          status: 400,
          headers: { 'content-type': 'application/fhir+json' },
        })
      }
      return fetch(input, init)
    }
    const outbox = createOutbox({
      store: openFileOutboxStoreOrThrow(fresh()),
      transport: createTransport({ baseUrl: sandbox.baseUrl, retry: { maxRetries: 0 }, fetch: refusesAll }),
    })
    await outbox.enqueueOrThrow(spo2Observations(5))
    const flushed = await outbox.flush()()
    expect(E.isLeft(flushed) && flushed.left).toMatchObject({ _tag: 'BadRequest', status: 400 })
    expect(await outbox.size()).toBe(5)
    expect(await outbox.deadLetters()()).toEqual(E.right([]))
    expect(posts).toBe(6)
  })

  it('a transient failure while isolating the refused entry stops the flush and loses nothing', async () => {
    const obs = spo2Observations(3)
    const { code: _dropped, ...bad } = obs[1]! as Observation & { code?: unknown }
    obs[1] = bad as Observation
    // The real sandbox answers everything except the third POST (the second entry sent alone),
    // which meets a 503 from a gateway in front of it.
    let posts = 0
    const gateway: typeof fetch = async (input, init) => {
      if (init?.method === 'POST' && ++posts === 3) return new Response('', { status: 503 })
      return fetch(input, init)
    }
    const outbox = createOutbox({
      store: openFileOutboxStoreOrThrow(fresh()),
      transport: createTransport({ baseUrl: sandbox.baseUrl, retry: { maxRetries: 0 }, fetch: gateway }),
    })
    await outbox.enqueueOrThrow(obs)
    const first = await outbox.flush()()
    expect(E.isLeft(first) && first.left._tag).toBe('Transient')
    expect(await countStored(sandbox.baseUrl)).toBe(1)
    expect(await outbox.size()).toBe(2)
    const second = await outbox.flush()()
    expect(second).toEqual(E.right({ sent: 1, reconciled: 0, deadLettered: 1, remaining: 0 }))
    expect(await countStored(sandbox.baseUrl)).toBe(2)
  })
})

describe('opening a journal that cannot be opened', () => {
  it('a journal in a folder that does not exist is a typed OutboxJournalUnavailable, never a raw ENOENT', () => {
    const opened = openFileOutboxStore(join(tmpdir(), 'openward-no-such-folder', String(process.pid), 'outbox.ndjson'))
    expect(E.isLeft(opened) && opened.left._tag).toBe('OutboxJournalUnavailable')
    expect(E.isLeft(opened) && opened.left.message).toMatch(/cannot open outbox journal .*ENOENT/)
  })
})
