import { createTransport, type Observation, OBSERVATION_ID_SYSTEM, ALERT_ID_SYSTEM } from '@openward/fhir'
import * as E from 'fp-ts/lib/Either.js'

/** Every Observation on the server, read back page by page, grouped by the subject's NHS number. */
export async function observationsByPatient(baseUrl: string): Promise<Map<string, Observation[]>> {
  const transport = createTransport({ baseUrl })
  const out = new Map<string, Observation[]>()
  let path: string | undefined = 'Observation?_count=1000&_elements=identifier,subject'
  while (path !== undefined) {
    const res = await transport.send({ method: 'GET', path })()
    if (E.isLeft(res)) throw new Error(res.left.message)
    const bundle = res.right.body as { entry?: { resource: Observation }[]; link?: { relation: string; url: string }[] }
    for (const { resource } of bundle.entry ?? []) {
      const nhs = resource.subject?.identifier?.value ?? '?'
      out.set(nhs, [...(out.get(nhs) ?? []), resource])
    }
    const next = bundle.link?.find((l) => l.relation === 'next')?.url
    path = next === undefined ? undefined : next.slice(next.indexOf('/fhir/') + '/fhir/'.length)
  }
  return out
}

/** The business identifier values of Observations, split into per-sample readings and alerts. */
export function identifiers(observations: readonly Observation[]) {
  const of = (system: string) =>
    observations.flatMap((o) => (o.identifier ?? []).filter((i) => i.system === system).map((i) => i.value ?? ''))
  return { readings: of(OBSERVATION_ID_SYSTEM), alerts: of(ALERT_ID_SYSTEM) }
}
