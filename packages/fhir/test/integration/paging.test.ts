import * as E from 'fp-ts/lib/Either.js'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { isOpenwardError, OpenwardError } from '@openward/core'
import type { Sandbox } from '@openward/fhir-sandbox'
import { exportJWK, generateKeyPair } from 'jose'
import { lastValueFrom, toArray } from 'rxjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import {
  createFhirClient,
  createTokenManager,
  type FhirClient,
  nhsClientAssertion,
  Observation,
  vitalSignsQuery,
} from '../../src/index.js'
import { spo2Observations, startSandbox, T0 } from './sandbox-fixture.js'

let sandbox: Sandbox
let client: FhirClient
let foreign: Server
let foreignHits: { authorization: string | undefined }[] = []
let foreignUrl: string

beforeAll(async () => {
  const keys = await generateKeyPair('RS512', { modulusLength: 2048 })
  sandbox = await startSandbox({
    maxCount: 1000,
    auth: { clients: [{ clientId: 'app', publicJwk: { ...(await exportJWK(keys.publicKey)), kid: 'k1' } }] },
  })
  const assertion = nhsClientAssertion({
    clientId: 'app',
    kid: 'k1',
    privateKey: keys.privateKey,
    tokenUrl: sandbox.tokenUrl,
  })
  client = createFhirClient({
    baseUrl: sandbox.baseUrl,
    auth: createTokenManager({ tokenUrl: sandbox.tokenUrl, assertion }),
  })
  const written = await client.writeObservations(spo2Observations(1000))()
  if (written._tag === 'Left') throw new Error(written.left.message)
  // Another origin (another port): records whatever reaches it.
  foreign = createServer((req, res) => {
    foreignHits.push({ authorization: req.headers.authorization })
    res.end('{}')
  })
  await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r))
  foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}/fhir/Observation?page=2`
})
afterAll(async () => {
  await sandbox.close()
  await new Promise((r) => foreign.close(r))
})

const query = vitalSignsQuery({ nhsNumber: '9000000009' }, 'spo2', { from: T0, to: T0 + 1000 * 1000 })!

describe('search paging', () => {
  it('walks 1,000 results with _count=50: 20 pages, every resource once', async () => {
    const ids = new Set<string>()
    let pages = 0
    for await (const page of client.pagesOrThrow('Observation', query, { pageSize: 50 })) {
      pages++
      for (const e of page.entry ?? []) ids.add(e.resource!.id as string)
    }
    expect([pages, ids.size]).toEqual([20, 1000])
  })

  it('resources() decodes each entry, newest first; the Observable gives the same pages', async () => {
    const times: string[] = []
    for await (const o of client.resourcesOrThrow(Observation, 'Observation', query, { pageSize: 200 }))
      times.push(o.effectiveDateTime!)
    expect(times).toHaveLength(1000)
    expect([...times].sort().reverse()).toEqual(times)
    const pages = await lastValueFrom(client.pages$('Observation', query, { pageSize: 250 }).pipe(toArray()))
    expect(pages.map((p) => p.entry?.length)).toEqual([250, 250, 250, 250])
  })

  it('a date range narrows the search (ge inclusive, lt exclusive)', async () => {
    const q = vitalSignsQuery({ nhsNumber: '9000000009' }, 'spo2', { from: T0 + 10_000, to: T0 + 20_000 })!
    const tags: string[] = []
    for await (const r of client.resources(Observation, 'Observation', q, {})) tags.push(r._tag)
    expect(tags).toEqual(Array(10).fill('Right'))
  })

  it('stops with LimitReached when more pages remain than allowed', async () => {
    const walk = async () => {
      for await (const _ of client.pagesOrThrow('Observation', query, { pageSize: 100, maxPages: 3 }));
    }
    await expect(walk()).rejects.toSatisfy((e) => e instanceof OpenwardError && e.error._tag === 'LimitReached')
  })

  it('refuses a next link on a foreign origin, and never sends it the token', async () => {
    foreignHits = []
    const hostile = {
      resourceType: 'Bundle',
      type: 'searchset',
      link: [{ relation: 'next', url: foreignUrl }],
      entry: [],
    }
    sandbox.injectFault({
      method: 'GET',
      path: 'Observation',
      status: 200,
      body: JSON.stringify(hostile),
      contentType: 'application/fhir+json',
    })
    const seen: string[] = []
    for await (const page of client.pages('Observation', query)) seen.push(E.isLeft(page) ? page.left._tag : 'page')
    expect(seen).toEqual(['page', 'UnsafeLink'])
    expect(foreignHits).toEqual([])
  })

  it('with foreignNextLink: rewrite, follows the path on the configured origin instead', async () => {
    foreignHits = []
    const gateway = {
      resourceType: 'Bundle',
      type: 'searchset',
      link: [{ relation: 'next', url: foreignUrl.replace('page=2', '_count=5') }],
      entry: [],
    }
    sandbox.injectFault({
      method: 'GET',
      path: 'Observation',
      status: 200,
      body: JSON.stringify(gateway),
      contentType: 'application/fhir+json',
    })
    const pages = await lastValueFrom(
      client.pages$('Observation', query, { foreignNextLink: 'rewrite', maxPages: 2 }).pipe(toArray()),
    ).catch((e) => e)
    expect(foreignHits).toEqual([])
    // Second page came from the sandbox; the third would exceed maxPages.
    expect(isOpenwardError(pages, 'LimitReached')).toBe(true)
  })
})
