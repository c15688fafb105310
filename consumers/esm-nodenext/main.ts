// An ES-module TypeScript app (module/moduleResolution nodenext) using every package from its
// installed tarball: main entries and subpaths import, types check strictly, a few calls run.
import { getOrThrow, isOpenwardError, makeSample, type OximetrySample } from '@openward/core'
import { createFhirClient, Patient, promiseClient } from '@openward/fhir'
import { openFileOutboxStoreOrThrow } from '@openward/fhir/node'
import { decodeSfloat } from '@openward/oximeter'
import * as nodeSerial from '@openward/oximeter/node-serial'
import type * as webBluetooth from '@openward/oximeter/web-bluetooth'
import type * as webSerial from '@openward/oximeter/web-serial'
import { stripImage } from '@openward/referral'
import { nodeHasher } from '@openward/referral/node'
import { renderOximetryReportHtml } from '@openward/report'
import { sustainedBelow } from '@openward/spo2'
import { validateNhsNumber } from '@openward/validators'
import * as E from 'fp-ts/lib/Either.js'
import { of } from 'rxjs'

const sample: OximetrySample = makeSample({
  timeMs: 0,
  clock: 'host',
  spo2: 97,
  pulseRate: 64,
  provenance: { protocol: 'plx-continuous' },
})
const nhs = validateNhsNumber('9990000018')
if (!E.isRight(nhs)) throw new Error('NHS number check failed')
const sfloat = decodeSfloat(0x0061)
const events: unknown[] = []
of(sample)
  .pipe(sustainedBelow({ threshold: 92, forMs: 15_000 }))
  .subscribe((e) => events.push(e))
try {
  getOrThrow(E.left({ _tag: 'Conflict', message: 'demo' }))
} catch (e) {
  if (!isOpenwardError(e, 'Conflict')) throw new Error('isOpenwardError did not recognise the error')
}
const client = promiseClient(createFhirClient({ baseUrl: 'http://127.0.0.1:9/fhir' }))
// The promise client type-checks under strict: a typed Patient read (not run: no server here).
export const readPatient = async (id: string): Promise<Patient> => (await client.read(Patient, 'Patient', id)).resource
const checks: [string, boolean][] = [
  ['strip refuses non-images', E.isLeft(stripImage(new Uint8Array([1, 2, 3])))],
  ['sfloat decodes', typeof sfloat === 'object'],
  ['node subpaths load', typeof openFileOutboxStoreOrThrow === 'function' && typeof nodeHasher === 'object'],
  ['serial subpath loads', typeof nodeSerial === 'object'],
  ['report renders', typeof renderOximetryReportHtml === 'function'],
]
export type BrowserOnly = [typeof webBluetooth, typeof webSerial]
for (const [name, ok] of checks) if (!ok) throw new Error(`esm consumer: ${name}`)
console.log(`esm-nodenext consumer ok: ${checks.length} checks`)
