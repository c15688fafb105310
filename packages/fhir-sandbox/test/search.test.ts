import { describe, expect, it } from 'vitest'

import { call, idempotentTransaction, post, spo2Observation, useSandbox } from './fixtures.js'

const env = useSandbox({ defaultCount: 20, maxCount: 50 })

const NHS = 'https://fhir.nhs.uk/Id/nhs-number'

async function patientWithObservations(nhsNumber: string, values: number[]) {
  const patient = await post(`${env.base}/Patient`, {
    resourceType: 'Patient',
    identifier: [{ system: NHS, value: nhsNumber }],
  })
  const ref = `Patient/${patient.body.id}`
  for (const [i, v] of values.entries()) {
    const obs = spo2Observation(`${nhsNumber}-${i}`, v, ref, `2024-05-0${i + 1}T10:00:00Z`)
    await post(`${env.base}/Observation`, {
      ...obs,
      subject: { reference: ref, identifier: { system: NHS, value: nhsNumber } },
    })
  }
  return patient.body.id as string
}

const ids = (bundle: any) =>
  (bundle.entry ?? []).filter((e: any) => e.search?.mode === 'match').map((e: any) => e.resource.id)

describe('paging', () => {
  it('defaults to 20 per page with self/first/next links, and caps _count at maxCount', async () => {
    await post(env.base, idempotentTransaction(Array.from({ length: 60 }, (_, i) => `k${i}`)))
    const page = await call(`${env.base}/Observation`)
    expect(page.body.total).toBe(60)
    expect(ids(page.body)).toHaveLength(20)
    const rel = Object.fromEntries(page.body.link.map((l: any) => [l.relation, l.url]))
    expect(rel.self).toBe(`${env.base}/Observation?_count=20`)
    expect(rel.next).toBe(`${env.base}/Observation?_count=20&_offset=20`)
    expect(rel.previous).toBeUndefined()
    const capped = await call(`${env.base}/Observation?_count=5000`)
    expect(ids(capped.body)).toHaveLength(50)
    const last = await call(`${env.base}/Observation?_count=50&_offset=50`)
    expect(ids(last.body)).toHaveLength(10)
    expect(last.body.link.some((l: any) => l.relation === 'next')).toBe(false)
    expect(last.body.link.find((l: any) => l.relation === 'previous').url).toBe(`${env.base}/Observation?_count=50`)
    const all = new Set([...ids(capped.body), ...ids(last.body)])
    expect(all.size).toBe(60)
  })

  it('_summary=count gives the total and no entries', async () => {
    await post(env.base, idempotentTransaction(['a', 'b', 'c']))
    const res = await call(`${env.base}/Observation?_summary=count`)
    expect(res.body.total).toBe(3)
    expect(res.body.entry).toBeUndefined()
  })
})

describe('parameters MemoryRepository answers with 0 results', () => {
  it('an unknown parameter is ignored with an outcome entry, or refused with Prefer: handling=strict', async () => {
    await post(env.base, idempotentTransaction(['a', 'b']))
    const lenient = await call(`${env.base}/Observation?not-a-param=1`)
    expect(lenient.status).toBe(200)
    expect(ids(lenient.body)).toHaveLength(2)
    const outcome = lenient.body.entry.find((e: any) => e.search.mode === 'outcome')
    expect(outcome.resource.issue[0].diagnostics).toContain('not-a-param')
    const strict = await call(`${env.base}/Observation?not-a-param=1`, { headers: { prefer: 'handling=strict' } })
    expect(strict.status).toBe(400)
    // composite parameters, _has and _revinclude are not implemented: refused or reported, never silently 0
    const composite = await call(`${env.base}/Observation?code-value-quantity=${encodeURIComponent('2708-6$gt90')}`)
    expect(composite.status).toBe(400)
    expect(composite.body.issue[0].details.text).toContain('composite')
    const partial = await call(`${env.base}/Observation?_has:Provenance:target:agent=x&_revinclude=Provenance:target`)
    expect(ids(partial.body)).toHaveLength(2)
    const reported = partial.body.entry
      .find((e: any) => e.search.mode === 'outcome')
      .resource.issue.map((i: any) => i.diagnostics)
    expect(reported.join()).toContain('_has')
    expect(reported.join()).toContain('_revinclude')
  })

  it('patient=<bare id> means Patient/<id>; subject=<bare id> any target type', async () => {
    const p1 = await patientWithObservations('9000000009', [97, 91])
    await patientWithObservations('9000000017', [99])
    const res = await call(`${env.base}/Observation?patient=${p1}`)
    expect(res.body.total).toBe(2)
    expect((await call(`${env.base}/Observation?patient=Patient/${p1}`)).body.total).toBe(2)
    expect((await call(`${env.base}/Observation?subject=${p1}`)).body.total).toBe(2) // any target type
  })

  it('quantity comparisons: gt, le, ap, eq with system and code', async () => {
    await patientWithObservations('9000000009', [88, 92, 95, 99])
    const count = async (q: string) =>
      (await call(`${env.base}/Observation?value-quantity=${encodeURIComponent(q)}`)).body.total
    expect(await count('gt92')).toBe(2)
    expect(await count('le92')).toBe(2)
    expect(await count('ap100')).toBe(3) // 92, 95 and 99 are within 10 % of 100; 88 is not
    expect(await count('95|http://unitsofmeasure.org|%')).toBe(1)
    expect(await count('95|http://unitsofmeasure.org|/min')).toBe(0)
    expect(await count('ne95')).toBe(3)
  })

  it('number comparisons (RiskAssessment.probability)', async () => {
    for (const p of [0.1, 0.5, 0.9]) {
      await post(`${env.base}/RiskAssessment`, {
        resourceType: 'RiskAssessment',
        status: 'final',
        subject: { reference: 'Patient/x' },
        prediction: [{ probabilityDecimal: p }],
      })
    }
    const total = async (q: string) => (await call(`${env.base}/RiskAssessment?probability=${q}`)).body.total
    expect(await total('gt0.4')).toBe(2)
    expect(await total('lt0.5')).toBe(1)
    expect(await total('0.5')).toBe(1)
  })

  it('chained subject.identifier searches the Patient; subject:identifier matches Reference.identifier', async () => {
    const p1 = await patientWithObservations('9000000009', [97, 91])
    await patientWithObservations('9000000017', [99])
    // an Observation whose reference carries only an identifier (no literal reference)
    await post(`${env.base}/Observation`, {
      ...spo2Observation('lone', 93),
      subject: { identifier: { system: NHS, value: '9000000033' } },
    })
    const chained = await call(`${env.base}/Observation?subject.identifier=${encodeURIComponent(`${NHS}|9000000009`)}`)
    expect(chained.body.total).toBe(2)
    expect(chained.body.entry.every((e: any) => e.resource.subject.reference === `Patient/${p1}`)).toBe(true)
    const typed = await call(
      `${env.base}/Observation?subject:Patient.identifier=${encodeURIComponent(`${NHS}|9000000009`)}`,
    )
    expect(typed.body.total).toBe(2)
    const logical = await call(`${env.base}/Observation?subject:identifier=${encodeURIComponent(`${NHS}|9000000033`)}`)
    expect(logical.body.total).toBe(1)
    expect(logical.body.entry[0].resource.identifier[0].value).toBe('lone')
    const none = await call(`${env.base}/Observation?subject.identifier=${encodeURIComponent(`${NHS}|9000000033`)}`)
    expect(none.body.total).toBe(0) // no Patient carries that number
  })

  it('_include adds the referenced Patient once, marked include', async () => {
    const p1 = await patientWithObservations('9000000009', [97, 91])
    const res = await call(`${env.base}/Observation?_include=Observation:subject`)
    const included = res.body.entry.filter((e: any) => e.search.mode === 'include')
    expect(included).toHaveLength(1)
    expect(included[0].resource).toMatchObject({ resourceType: 'Patient', id: p1 })
    expect(res.body.total).toBe(2)
  })
})

describe('parameters the router already handles', () => {
  it('code (system|code and bare), date ranges, identifier, _sort and _lastUpdated', async () => {
    await patientWithObservations('9000000009', [97, 91, 88])
    const total = async (q: string) => (await call(`${env.base}/Observation?${q}`)).body.total
    expect(await total('code=http://loinc.org|59408-5')).toBe(3)
    expect(await total('code=2708-6')).toBe(3)
    expect(await total('code=http://loinc.org|8867-4')).toBe(0)
    expect(await total('date=ge2024-05-02&date=lt2024-05-03')).toBe(1)
    expect(await total('date=2024-05-03')).toBe(1)
    expect(await total('identifier=urn:openward:test|9000000009-1')).toBe(1)
    expect(await total('identifier=9000000009-1')).toBe(1)
    expect(await total('identifier=urn:openward:test|')).toBe(3) // any value in the system
    expect(await total('identifier=urn:other|')).toBe(0)
    expect(
      await total(`identifier=${encodeURIComponent('urn:openward:test|9000000009-0,urn:openward:test|9000000009-2')}`),
    ).toBe(2)
    expect(await total('_lastUpdated=gt2000-01-01')).toBe(3)
    const sorted = await call(`${env.base}/Observation?_sort=-date`)
    expect(sorted.body.entry.map((e: any) => e.resource.valueQuantity.value)).toEqual([88, 91, 97])
  })

  it('POST _search takes form parameters', async () => {
    await patientWithObservations('9000000009', [97, 91])
    const res = await call(`${env.base}/Observation/_search`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'value-quantity=gt95',
    })
    expect(res.body.total).toBe(1)
  })
})

describe('conditional create', () => {
  it('If-None-Exist: 201 then 200 with the same id; 412 when several match', async () => {
    const obs = spo2Observation('dup', 95)
    const first = await post(`${env.base}/Observation`, obs, { 'if-none-exist': 'identifier=urn:openward:test|dup' })
    const second = await post(`${env.base}/Observation`, obs, { 'if-none-exist': 'identifier=urn:openward:test|dup' })
    expect([first.status, second.status]).toEqual([201, 200])
    expect(second.body.id).toBe(first.body.id)
    await post(`${env.base}/Observation`, obs)
    const ambiguous = await post(`${env.base}/Observation`, obs, {
      'if-none-exist': 'identifier=urn:openward:test|dup',
    })
    expect(ambiguous.status).toBe(412)
  })

  it('refuses an If-None-Exist with an unknown parameter instead of matching everything', async () => {
    const res = await post(`${env.base}/Observation`, spo2Observation('x', 95), {
      'if-none-exist': 'identifer=urn:openward:test|x',
    })
    expect(res.status).toBe(400)
    expect((await call(`${env.base}/Observation?_summary=count`)).body.total).toBe(0)
  })

  it('25 concurrent identical conditional creates store exactly one resource', async () => {
    const obs = spo2Observation('race', 95)
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        post(`${env.base}/Observation`, obs, { 'if-none-exist': 'identifier=urn:openward:test|race' }),
      ),
    )
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(results.filter((r) => r.status === 200)).toHaveLength(24)
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1)
    expect((await call(`${env.base}/Observation?identifier=race`)).body.total).toBe(1)
  })
})
