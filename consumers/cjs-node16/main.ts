// A CommonJS TypeScript app (module node16, "type": "commonjs"): tsc compiles the imports to
// require(), so every package must load through its CommonJS entry (no TS1479).
import { isOpenwardError, OpenwardError } from '@openward/core'
import { createFhirClient } from '@openward/fhir'
import { openFileOutboxStoreOrThrow } from '@openward/fhir/node'
import { decodeSfloat } from '@openward/oximeter'
import { stripImage } from '@openward/referral'
import { renderOximetryReportHtml } from '@openward/report'
import { sustainedBelow } from '@openward/spo2'
import { validateNhsNumber } from '@openward/validators'

const error = new OpenwardError({ _tag: 'Conflict', message: 'demo' })
const checks: [string, boolean][] = [
  ['isOpenwardError by tag', isOpenwardError(error, 'Conflict') && !isOpenwardError(error, 'NotFound')],
  ['fhir client', typeof createFhirClient === 'function' && typeof openFileOutboxStoreOrThrow === 'function'],
  ['oximeter', typeof decodeSfloat === 'function'],
  ['referral', typeof stripImage === 'function'],
  ['report', typeof renderOximetryReportHtml === 'function'],
  ['spo2', typeof sustainedBelow === 'function'],
  ['validators', validateNhsNumber('9990000018')._tag === 'Right'],
]
for (const [name, ok] of checks) if (!ok) throw new Error(`cjs consumer: ${name}`)
console.log(`cjs-node16 consumer ok: ${checks.length} checks (loaded with require)`)
