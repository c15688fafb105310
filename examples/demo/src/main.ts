import { fileURLToPath } from 'node:url'
import { relative } from 'node:path'

import { runDemo } from './run-demo.js'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

const result = await runDemo({
  recordingPath: here('../data/ubicomp_varied_fio2_100001_masimo_1hz.csv'),
  outDir: here('../../../out/demo'),
})

const f = result.fhir
const lines = [
  `Encoded a real ${result.virtualMinutes.toFixed(1)}-minute recording as ${result.deviceFrames} Contec V7 frames and decoded them back to ${result.samples} samples through the real framer, in virtual time, in ${result.replayWallMs.toFixed(0)} ms.`,
  `Detector (SpO2 ≤ 92 % for 15 s) raised ${result.alerts.length} alert(s)${result.alerts.length > 0 ? `; lowest SpO2 ${Math.min(...result.alerts.map((a) => a.nadir))} %` : ''}.`,
  `FHIR sandbox at ${result.fhirBaseUrl}: wrote ${f.written.created} new resources in ${f.written.bundles} idempotent transaction(s) (${f.written.existing} already there, ${f.skippedSamples} sample values skipped as unusable).`,
  `Read back for Patient/${f.patientId}: ${f.readBack.spo2} SpO2 and ${f.readBack.pulseRate} pulse-rate Observations, ${f.readBack.alerts} alert Observation(s).`,
  `Report: ${relative(process.cwd(), result.reportPath)} (ODI4 ${result.odi4 === null ? 'no data' : `${result.odi4.toFixed(1)}/h`}, nadir ${result.nadir ?? 'n/a'} %).`,
]
console.log(lines.join('\n'))
