import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterEach, describe, expect, it } from 'vitest'

import { storedAlerts } from '../src/node/simulation.js'

/** A tiny FHIR-ish server answering every GET with `body(url)`; it records the paths it was asked for. */
async function server(
  body: (path: string, origin: string) => unknown,
): Promise<{ origin: string; hits: string[]; srv: Server }> {
  const hits: string[] = []
  const srv = createServer((req, res) => {
    hits.push(req.url ?? '')
    res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(body(req.url ?? '', origin)))
  })
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const origin = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`
  return { origin, hits, srv }
}

const alertObservation = (patient: string) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'alert' },
  subject: { reference: `Patient/${patient}` },
  issued: '2026-01-05T09:00:01.000Z',
  identifier: [{ system: 'urn:openward:alert', value: 'nhse-oximetry-home-2022%401.1.0:1:p' }],
  valueQuantity: { value: 91 },
})

describe('storedAlerts (the simulation’s read-back)', () => {
  const open: Server[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => new Promise((r) => s.close(r))))
  })

  it('follows same-origin next links and reads every page', async () => {
    const s = await server((path, origin) =>
      path.includes('page=2')
        ? { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: alertObservation('b') }] }
        : {
            resourceType: 'Bundle',
            type: 'searchset',
            link: [{ relation: 'next', url: `${origin}/fhir/Observation?page=2` }],
            entry: [{ resource: alertObservation('a') }],
          },
    )
    open.push(s.srv)
    const stored = await storedAlerts(`${s.origin}/fhir`)
    expect(stored.map((f) => f.split('|')[0])).toEqual(['a', 'b'])
    expect(s.hits).toHaveLength(2)
  })

  it('refuses a next link to another origin: nothing is sent there (was: followed with fetch)', async () => {
    const foreign = await server(() => ({ resourceType: 'Bundle', type: 'searchset' }))
    open.push(foreign.srv)
    const s = await server(() => ({
      resourceType: 'Bundle',
      type: 'searchset',
      link: [{ relation: 'next', url: `${foreign.origin}/fhir/Observation?page=2` }],
      entry: [{ resource: alertObservation('a') }],
    }))
    open.push(s.srv)
    await expect(storedAlerts(`${s.origin}/fhir`)).rejects.toMatchObject({ error: { _tag: 'UnsafeLink' } })
    expect(foreign.hits).toEqual([])
  })
})
