import type { OximetrySample } from '@openward/core'
import {
  alertObservation,
  createFhirClient,
  createTransport,
  type FhirTransport,
  NHS_NUMBER_SYSTEM,
  type Observation,
  Patient,
  patientByNhsNumber,
  samplesToObservations,
  writeObservations,
} from '@openward/fhir'
import { alertSpans, type SustainedBelowEvent } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'

/** The demo patient: the NHS sandbox test number 9000000009 (a valid check digit, not a real person). */
export const DEMO_PATIENT = {
  nhsNumber: '9000000009',
  family: 'Demo',
  given: 'Oximetry',
}

/** What was written and read back. */
export interface FhirRoundTrip {
  readonly patientId: string
  readonly written: { readonly created: number; readonly existing: number; readonly bundles: number }
  readonly skippedSamples: number
  readonly alertsWritten: number
  readonly readBack: { readonly spo2: number; readonly pulseRate: number; readonly alerts: number }
}

const orThrow = <A>(result: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left.message)
  return result.right
}

/**
 * Writes the patient (conditional create on the NHS number), one SpO2 and one pulse-rate
 * Observation per usable sample and one alert Observation per raised alert, all idempotently,
 * then reads the counts back with searches.
 */
export async function storeInFhir(
  baseUrl: string,
  samples: readonly OximetrySample[],
  events: readonly SustainedBelowEvent[],
): Promise<FhirRoundTrip> {
  const transport = createTransport({ baseUrl })
  const patientId = await ensurePatient(transport)
  const subject = { reference: `Patient/${patientId}`, nhsNumber: DEMO_PATIENT.nhsNumber }
  const { observations, skipped } = samplesToObservations(samples, { subject, deviceId: 'demo-masimo-radical-7' })
  const alerts: Observation[] = alertSpans(events).map((a) =>
    orThrow(alertObservation({ ...a, severity: 'urgent', patient: subject })),
  )
  const written = orThrow(await writeObservations(transport, [...observations, ...alerts])())
  const count = async (query: string) => {
    const res = orThrow(await transport.send({ method: 'GET', path: `Observation?${query}&_summary=count` })())
    return (res.body as { total?: number }).total ?? -1
  }
  return {
    patientId,
    written,
    skippedSamples: skipped.length,
    alertsWritten: alerts.length,
    readBack: {
      spo2: await count(
        `subject=Patient/${patientId}&identifier=urn:openward:observation|&code=http://loinc.org|2708-6`,
      ),
      pulseRate: await count(`subject=Patient/${patientId}&code=http://loinc.org|8867-4`),
      alerts: await count(`subject=Patient/${patientId}&identifier=urn:openward:alert|`),
    },
  }
}

/** Creates the demo patient unless one with its NHS number exists (a conditional create). */
async function ensurePatient(transport: FhirTransport): Promise<string> {
  const query = patientByNhsNumber(DEMO_PATIENT.nhsNumber)
  if (query === undefined) throw new Error(`${DEMO_PATIENT.nhsNumber} is not a valid NHS number`)
  const patient: Patient = {
    resourceType: 'Patient',
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: DEMO_PATIENT.nhsNumber }],
    name: [{ family: DEMO_PATIENT.family, given: [DEMO_PATIENT.given] }],
  }
  const created = orThrow(await createFhirClient(transport).createIfNoneExist(Patient, patient, query)())
  const id = created.resource.id
  if (id === undefined) throw new Error('the server did not return the Patient id')
  return id
}
