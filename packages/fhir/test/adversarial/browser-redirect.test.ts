/**
 * The redirect rule in a real browser (headless Chromium): there, `redirect: 'manual'` gives an
 * opaque response that hides the target, so every redirect is refused (`locationOrigin: 'hidden'`)
 * and nothing reaches the other origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type * as FhirModule from '../../src/index.js'
import { type ChromiumPage, openPage } from '../browser/chromium-page.js'
import { type HostileServer, startPair } from './hostile-server.js'

let home: HostileServer
let elsewhere: HostileServer
let chromium: ChromiumPage
beforeAll(async () => {
  ;({ home, elsewhere } = await startPair())
  chromium = await openPage(`${home.origin}/fhir`)
}, 60_000)
afterAll(async () => {
  await chromium?.close()
  await home?.close()
  await elsewhere?.close()
})

type Fhir = typeof FhirModule
declare const window: { fhir: Fhir }

describe('redirects in headless Chromium', () => {
  it.each([
    ['a POST redirected 307 to another origin', 'POST', 307],
    ['a GET redirected 302 to another origin', 'GET', 302],
  ])('%s: RedirectRefused (hidden), nothing reaches the other origin', async (_name, method, status) => {
    home.handle = (_req, res, _body, other) => {
      res.writeHead(status, { location: `${other}/fhir/Patient/p1` })
      res.end()
    }
    const result = await chromium.page.evaluate(
      async ({ baseUrl, method }) => {
        const { createFhirClient, Patient } = window.fhir
        const client = createFhirClient({ baseUrl, retry: { maxRetries: 0 } })
        const patient = { resourceType: 'Patient' as const, identifier: [{ value: '9000000009' }] }
        const r =
          method === 'POST' ? await client.create(Patient, patient)() : await client.read(Patient, 'Patient', 'p1')()
        return r._tag === 'Left'
          ? { tag: r.left._tag, where: (r.left as { locationOrigin?: string }).locationOrigin }
          : r
      },
      { baseUrl: `${chromium.origin}/fhir`, method },
    )
    expect(result).toEqual({ tag: 'RedirectRefused', where: 'hidden' })
    expect(elsewhere.seen).toEqual([])
  })
})
