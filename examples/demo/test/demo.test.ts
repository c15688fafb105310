import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { createSandbox } from '@openward/fhir-sandbox'
import { importOximetryCsv, replaySamples } from '@openward/oximeter'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { detectAlerts } from '../src/detect-alerts.js'
import { runDemo } from '../src/run-demo.js'
import { storeInFhir } from '../src/store-in-fhir.js'

const recordingPath = fileURLToPath(new URL('../data/ubicomp_varied_fio2_100001_masimo_1hz.csv', import.meta.url))

/** An independent reading of the CSV: rows, and runs of SpO2 ≤ 92 lasting ≥ 15 s (1 Hz, no gaps). */
function expectedFromCsv() {
  const rows = readFileSync(recordingPath, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number))
  let runs = 0
  let runStart: number | null = null
  let counted = false
  for (const [t, spo2] of rows) {
    if (spo2! <= 92 && spo2! > 0) {
      runStart ??= t!
      if (!counted && t! - runStart >= 15) {
        runs++
        counted = true
      }
    } else {
      runStart = null
      counted = false
    }
  }
  return { rows: rows.length, runs, min: Math.min(...rows.map((r) => r[1]!)) }
}

describe('the end-to-end demo', () => {
  const expected = expectedFromCsv()

  it('runs the whole spine on the shipped recording and reads back what it wrote', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'openward-demo-'))
    const result = await runDemo({ recordingPath, outDir })
    expect(result.samples).toBe(expected.rows)
    expect(result.alerts).toHaveLength(expected.runs)
    expect(Math.min(...result.alerts.map((a) => a.nadir))).toBe(expected.min)
    expect(result.fhir.readBack).toEqual({ spo2: expected.rows, pulseRate: expected.rows, alerts: expected.runs })
    expect(result.fhir.written.created).toBe(2 * expected.rows + expected.runs)
    const html = readFileSync(result.reportPath, 'utf8')
    expect(html).toContain('data-series="spo2"')
    expect(html.match(/data-span="alert"/g)).toHaveLength(expected.runs)
  })

  it('writes nothing twice when the same samples are stored again', async () => {
    const imported = importOximetryCsv(readFileSync(recordingPath, 'utf8'), { startTimeMs: 0 })
    if (E.isLeft(imported)) throw new Error(imported.left.message)
    const run = detectAlerts((scheduler) => replaySamples(imported.right.slice(0, 300), { scheduler }))
    const sandbox = await createSandbox({ port: 0 })
    try {
      const first = await storeInFhir(sandbox.baseUrl, run.samples, run.events)
      const second = await storeInFhir(sandbox.baseUrl, run.samples, run.events)
      expect(first.written.created).toBe(600 + first.alertsWritten)
      expect(second.written).toMatchObject({ created: 0, existing: first.written.created })
      expect(second.patientId).toBe(first.patientId)
      expect(second.readBack).toEqual(first.readBack)
    } finally {
      await sandbox.close()
    }
  })

  it('replays an 18-minute recording in virtual time with every sample in order', () => {
    const imported = importOximetryCsv(readFileSync(recordingPath, 'utf8'), { startTimeMs: 0 })
    if (E.isLeft(imported)) throw new Error(imported.left.message)
    const run = detectAlerts((scheduler) => replaySamples(imported.right, { scheduler }))
    expect(run.samples).toEqual(imported.right)
    expect(run.virtualMs).toBe((expected.rows - 1) * 1000)
  })

  it('encodes every sample as one Contec V7 frame and decodes each frame back to one sample', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'openward-demo-'))
    const result = await runDemo({ recordingPath, outDir, startTimeMs: 0 })
    expect(result.deviceFrames).toBe(expected.rows)
    expect(result.samples).toBe(expected.rows)
  })
})
