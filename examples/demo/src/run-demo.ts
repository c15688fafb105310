import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'

import { createSandbox } from '@openward/fhir-sandbox'
import { deviceRecordingFromSamples, importOximetryCsv, replay } from '@openward/oximeter'
import { type AlertSpan, alertSpans, SUSTAINED_BELOW_RULE } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'

import { buildReport } from './build-report.js'
import { detectAlerts } from './detect-alerts.js'
import { type FhirRoundTrip, storeInFhir } from './store-in-fhir.js'

/** Options of {@link runDemo}. */
export interface DemoOptions {
  readonly recordingPath: string
  readonly outDir: string
  /** The wall-clock start given to the recording's relative timeline. */
  readonly startTimeMs?: number
}

/** Everything the demo did, for printing and for its test. */
export interface DemoResult {
  readonly samples: number
  /** Contec V7 frames the recording was encoded into and decoded from. */
  readonly deviceFrames: number
  readonly virtualMinutes: number
  readonly replayWallMs: number
  readonly alerts: readonly AlertSpan[]
  readonly fhir: FhirRoundTrip
  readonly fhirBaseUrl: string
  readonly reportPath: string
  readonly odi4: number | null
  readonly nadir: number | null
}

/**
 * The end-to-end spine: a real recording → samples → virtual-time replay → detector → FHIR sandbox
 * (written idempotently and read back) → HTML report. No network beyond 127.0.0.1.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const text = readFileSync(options.recordingPath, 'utf8')
  const imported = importOximetryCsv(text, {
    startTimeMs: options.startTimeMs ?? Date.parse('2026-01-05T09:00:00Z'),
    protocol: 'import:csv',
    device: { name: 'Masimo Radical-7 (channel 5)', manufacturer: 'Masimo' },
  })
  if (E.isLeft(imported)) throw new Error(`could not read the recording: ${imported.left.message}`)

  // The recording becomes the byte stream a Contec CMS50-class oximeter sends on its serial line
  // (one V7 real-time packet per sample), so the run below goes through the real framer and decoder.
  const device = { id: 'demo-cms50', name: 'Contec V7 (re-encoded from the Masimo study)' }
  const deviceRecording = deviceRecordingFromSamples(imported.right, { protocol: 'contec-v7', device })
  const started = performance.now()
  const run = detectAlerts((scheduler) => replay(deviceRecording, { scheduler }))
  const replayWallMs = performance.now() - started
  const alerts = alertSpans(run.events)

  const sandbox = await createSandbox({ port: 0 })
  try {
    const fhir = await storeInFhir(sandbox.baseUrl, run.samples, run.events)
    const { html, summary } = buildReport({
      sourceName: basename(options.recordingPath),
      samples: run.samples,
      alerts,
      alertRule: `${SUSTAINED_BELOW_RULE.name}@${SUSTAINED_BELOW_RULE.version}`,
      generatedAt: new Date().toISOString(),
    })
    mkdirSync(options.outDir, { recursive: true })
    const reportPath = join(options.outDir, 'report.html')
    writeFileSync(reportPath, html)
    return {
      samples: run.samples.length,
      deviceFrames: imported.right.length,
      virtualMinutes: run.virtualMs / 60_000,
      replayWallMs,
      alerts,
      fhir,
      fhirBaseUrl: sandbox.baseUrl,
      reportPath,
      odi4: summary.odi4,
      nadir: summary.nadir,
    }
  } finally {
    await sandbox.close()
  }
}
