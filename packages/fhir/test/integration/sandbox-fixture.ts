import { createSandbox, type Sandbox } from '@openward/fhir-sandbox'
import { makeSample, type OximetrySample } from '@openward/core'

import { type Observation, spo2Observation } from '../../src/index.js'

/** Starts a real sandbox on 127.0.0.1 with a free port. */
export async function startSandbox(options: Parameters<typeof createSandbox>[0] = {}): Promise<Sandbox> {
  return createSandbox({ port: 0, host: '127.0.0.1', ...options })
}

export const T0 = Date.UTC(2024, 4, 1, 10, 0, 0)

export function sample(i: number, device = 'SN-1'): OximetrySample {
  return makeSample({
    timeMs: T0 + i * 1000,
    clock: 'host',
    spo2: 90 + (i % 10),
    pulseRate: 60 + (i % 30),
    provenance: { protocol: 'plx-continuous', device: { serialNumber: device } },
  })
}

export function spo2Observations(n: number, from = 0, device = 'SN-1'): Observation[] {
  const out: Observation[] = []
  for (let i = from; i < from + n; i++) {
    const built = spo2Observation(sample(i, device), { subject: { reference: 'Patient/p1', nhsNumber: '9000000009' } })
    if (built._tag === 'Left') throw new Error(built.left.message)
    out.push(built.right)
  }
  return out
}

/** Counts stored Observations through plain fetch (not our client), with `_summary=count`. */
export async function countStored(baseUrl: string, query = ''): Promise<number> {
  const res = await fetch(`${baseUrl}/Observation?_summary=count${query}`)
  const body = (await res.json()) as { total?: number }
  if (typeof body.total !== 'number') throw new Error(`no total: ${JSON.stringify(body)}`)
  return body.total
}
