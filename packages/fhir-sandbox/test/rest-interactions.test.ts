import { describe, expect, it } from 'vitest'

import { call, post, put, spo2Observation, useSandbox } from './fixtures.js'

const env = useSandbox()

const etagOf = (versionId: string) => `W/"${versionId}"`

describe('headers the router does not set', () => {
  it('create answers 201 with Location, ETag and Last-Modified', async () => {
    const res = await post(`${env.base}/Patient`, { resourceType: 'Patient', id: 'client-chosen' })
    expect(res.status).toBe(201)
    const { id, meta } = res.body
    expect(id).not.toBe('client-chosen') // the server assigns ids on create
    expect(res.headers.get('etag')).toBe(etagOf(meta.versionId))
    expect(res.headers.get('location')).toBe(`${env.base}/Patient/${id}/_history/${meta.versionId}`)
    expect(new Date(res.headers.get('last-modified')!).getTime()).toBe(
      Math.floor(Date.parse(meta.lastUpdated) / 1000) * 1000,
    )
  })

  it('read answers 304 to a matching If-None-Match and 200 otherwise', async () => {
    const created = await post(`${env.base}/Patient`, { resourceType: 'Patient' })
    const url = `${env.base}/Patient/${created.body.id}`
    const etag = created.headers.get('etag')!
    const notModified = await call(url, { headers: { 'if-none-match': etag } })
    expect(notModified.status).toBe(304)
    expect(notModified.body).toBeUndefined()
    const changed = await call(url, { headers: { 'if-none-match': 'W/"other"' } })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).toBe(etag)
  })

  it('Prefer: return=minimal sends no body, return=OperationOutcome sends the outcome', async () => {
    const minimal = await post(`${env.base}/Patient`, { resourceType: 'Patient' }, { prefer: 'return=minimal' })
    expect(minimal.status).toBe(201)
    expect(minimal.body).toBeUndefined()
    expect(minimal.headers.get('location')).toMatch(/\/Patient\/[^/]+\/_history\//)
    const oo = await post(`${env.base}/Patient`, { resourceType: 'Patient' }, { prefer: 'return=OperationOutcome' })
    expect(oo.body.resourceType).toBe('OperationOutcome')
  })
})

describe('versioning', () => {
  it('If-Match: a stale version is refused with 412, the current one is accepted', async () => {
    const created = await post(`${env.base}/Patient`, { resourceType: 'Patient', active: true })
    const { id } = created.body
    const ok = await put(
      `${env.base}/Patient/${id}`,
      { resourceType: 'Patient', id, active: false },
      { 'if-match': created.headers.get('etag')! },
    )
    expect(ok.status).toBe(200)
    expect(ok.body.meta.versionId).not.toBe(created.body.meta.versionId)
    const stale = await put(
      `${env.base}/Patient/${id}`,
      { resourceType: 'Patient', id },
      { 'if-match': created.headers.get('etag')! },
    )
    expect(stale.status).toBe(412)
    expect(stale.body.resourceType).toBe('OperationOutcome')
  })

  it('PUT to a new id creates (201); PATCH applies a JSON Patch', async () => {
    const created = await put(`${env.base}/Patient/p-42`, { resourceType: 'Patient', id: 'p-42' })
    expect(created.status).toBe(201)
    const patched = await call(`${env.base}/Patient/p-42`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'add', path: '/active', value: true }]),
    })
    expect(patched.status).toBe(200)
    expect(patched.body.active).toBe(true)
  })

  it('instance _history is newest first, stable across reads, and vread finds each version', async () => {
    const created = await post(`${env.base}/Patient`, { resourceType: 'Patient', gender: 'male' })
    const { id } = created.body
    await put(`${env.base}/Patient/${id}`, { resourceType: 'Patient', id, gender: 'female' })
    await put(`${env.base}/Patient/${id}`, { resourceType: 'Patient', id, gender: 'other' })
    const first = await call(`${env.base}/Patient/${id}/_history`)
    const second = await call(`${env.base}/Patient/${id}/_history`)
    expect(first.body.type).toBe('history')
    expect(first.body.entry.map((e: any) => e.resource.gender)).toEqual(['other', 'female', 'male'])
    expect(second.body.entry.map((e: any) => e.resource.gender)).toEqual(['other', 'female', 'male'])
    expect(first.body.entry.map((e: any) => e.request.method)).toEqual(['PUT', 'PUT', 'POST'])
    const oldest = first.body.entry[2]
    expect(oldest.response.etag).toBe(etagOf(oldest.resource.meta.versionId))
    const vread = await call(`${env.base}/Patient/${id}/_history/${oldest.resource.meta.versionId}`)
    expect(vread.body.gender).toBe('male')
  })

  it('type _history lists every version of the type, newest first, with deletions', async () => {
    const a = await post(`${env.base}/Patient`, { resourceType: 'Patient', gender: 'male' })
    await post(`${env.base}/Observation`, spo2Observation('x', 95))
    const b = await post(`${env.base}/Patient`, { resourceType: 'Patient', gender: 'female' })
    await call(`${env.base}/Patient/${a.body.id}`, { method: 'DELETE' })
    const history = await call(`${env.base}/Patient/_history`)
    expect(history.status).toBe(200)
    expect(history.body.total).toBe(3)
    expect(history.body.entry.map((e: any) => [e.request.method, e.fullUrl.split('/').pop()])).toEqual([
      ['DELETE', a.body.id],
      ['POST', b.body.id],
      ['POST', a.body.id],
    ])
  })
})

describe('conditional update and delete', () => {
  it('PUT Type?identifier= creates, then updates the one match; DELETE Type?identifier= deletes it', async () => {
    const url = `${env.base}/Patient?identifier=${encodeURIComponent('urn:dev|7')}`
    const patient = { resourceType: 'Patient', identifier: [{ system: 'urn:dev', value: '7' }], active: true }
    const created = await put(url, patient)
    expect(created.status).toBe(201)
    const updated = await put(url, { ...patient, active: false })
    expect(updated.status).toBe(200)
    expect(updated.body.id).toBe(created.body.id)
    expect(updated.body.active).toBe(false)
    expect((await call(url, { method: 'DELETE' })).status).toBe(200)
    expect((await call(`${env.base}/Patient/${created.body.id}`)).status).toBe(410)
  })

  it('_history?_since= keeps only versions at or after the instant', async () => {
    const created = await post(`${env.base}/Patient`, { resourceType: 'Patient' })
    const { id } = created.body
    await new Promise((r) => setTimeout(r, 20))
    const since = new Date().toISOString()
    await put(`${env.base}/Patient/${id}`, { resourceType: 'Patient', id, active: true })
    const history = await call(`${env.base}/Patient/${id}/_history?_since=${encodeURIComponent(since)}`)
    expect(history.body.total).toBe(1)
    expect(history.body.entry[0].resource.active).toBe(true)
  })
})

describe('delete and unknown resources', () => {
  it('a deleted resource reads as 410 Gone, a never-created one as 404', async () => {
    const created = await post(`${env.base}/Patient`, { resourceType: 'Patient' })
    const url = `${env.base}/Patient/${created.body.id}`
    expect((await call(url, { method: 'DELETE' })).status).toBe(200)
    const gone = await call(url)
    expect(gone.status).toBe(410)
    expect(gone.body.resourceType).toBe('OperationOutcome')
    expect((await call(`${env.base}/Patient/never`)).status).toBe(404)
    expect((await call(`${env.base}/Patient?_id=${created.body.id}`)).body.total).toBe(0)
  })

  it('an unknown resource type is 404, not an empty Bundle', async () => {
    const res = await call(`${env.base}/Obsrvation?code=1`)
    expect(res.status).toBe(404)
    expect(res.body.issue[0].diagnostics).toContain('Obsrvation')
    expect((await post(`${env.base}/Nonsense`, { resourceType: 'Nonsense' })).status).toBe(404)
  })

  it('a malformed path, a non-object body or a bad search value is a 400 OperationOutcome', async () => {
    expect((await call(`${env.base}/Patient/%E0%A4%A`)).status).toBe(400)
    expect((await post(`${env.base}/Patient`, ['not', 'a', 'resource'])).status).toBe(400)
    const badDate = await call(`${env.base}/Observation?date=yesterday`)
    expect(badDate.status).toBe(400)
    expect(badDate.body.resourceType).toBe('OperationOutcome')
  })

  it('malformed JSON is a 400 OperationOutcome', async () => {
    const res = await call(`${env.base}/Patient`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: '{"resourceType":',
    })
    expect(res.status).toBe(400)
    expect(res.body.resourceType).toBe('OperationOutcome')
  })
})

describe('Binary', () => {
  it('accepts raw bytes and serves them back raw, or as a Binary resource when JSON is asked for', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255])
    const created = await call(`${env.base}/Binary`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: bytes,
    })
    expect(created.status).toBe(201)
    const id = created.body.id
    const raw = await fetch(`${env.base}/Binary/${id}`)
    expect(raw.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await raw.arrayBuffer())).toEqual(bytes)
    const asJson = await call(`${env.base}/Binary/${id}`, { headers: { accept: 'application/fhir+json' } })
    expect(asJson.body).toMatchObject({
      resourceType: 'Binary',
      contentType: 'image/png',
      data: bytes.toString('base64'),
    })
  })
})
