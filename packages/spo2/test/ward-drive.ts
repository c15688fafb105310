import { createHash } from 'node:crypto'

import { makeSample, type OximetrySample, sampleFlags } from '@openward/core'

import { CORC, EXAMPLE_1H, OVERNIGHT, readSpo2Column } from './data.js'

/** The parts of the package a {@link driveWard} run uses, so that two builds can be driven alike. */
export interface DetectorApi {
  createPatientDetector(options: { patientKey: string }): DetectorLike
  restorePatientDetector(snapshot: unknown): { _tag: 'Left' | 'Right'; right?: DetectorLike }
}
interface DetectorLike {
  push(sample: OximetrySample, arrivalMs?: number): readonly unknown[]
  tick(nowMs: number): readonly unknown[]
  finish(): readonly unknown[]
  snapshot(): unknown
}

/** Epoch time of the first second (2026-11-30): times as a live ward has them, not small integers. */
const T0 = 1_796_000_000_000

/**
 * Three patients (the shared 1 Hz recordings) as a live ward sees them: epoch sample times, arrival
 * 150-390 ms after the sample, a 40 s silence every 1 000 s (staleness, gaps, lock-on), some flagged
 * readings (motion, questionable, finger out), a clock tick every second, and every 2 500 s each
 * detector is snapshotted, sent through JSON and restored (a takeover). Returns the events and the
 * snapshots, each as JSON text, and their SHA-256.
 */
export function driveWard(api: DetectorApi): {
  counts: Record<string, number>
  eventsSha256: string
  snapshotsSha256: string
} {
  const records = [OVERNIGHT, CORC, EXAMPLE_1H].map(readSpo2Column)
  const seconds = Math.max(...records.map((r) => r.length))
  const detectors = records.map((_, p) => api.createPatientDetector({ patientKey: `p${p}` }))
  const events: unknown[] = []
  const snapshots: string[] = []
  const counts: Record<string, number> = {}
  const take = (xs: readonly unknown[]): void => {
    for (const e of xs) {
      const { source, event } = e as { source: string; event: { type: string } }
      counts[`${source}/${event.type}`] = (counts[`${source}/${event.type}`] ?? 0) + 1
      events.push(e)
    }
  }
  for (let i = 0; i < seconds; i++) {
    const timeMs = T0 + i * 1000
    records.forEach((r, p) => {
      const v = r[i]
      if (v === undefined || (i % 1000 >= 500 + 10 * p && i % 1000 < 540 + 10 * p)) return
      const flags = sampleFlags({ motion: i % 97 === 0, questionable: i % 131 === 0, fingerOut: i % 389 === 0 })
      const sample = makeSample({
        timeMs,
        clock: 'host',
        spo2: v > 0 ? v : null,
        pulseRate: 70,
        flags,
        provenance: { protocol: 'ward-drive', device: { id: `p${p}` } },
      })
      take(detectors[p]!.push(sample, timeMs + 150 + ((i * 7 + p) % 7) * 40))
    })
    for (const d of detectors) take(d.tick(timeMs + 999))
    if (i % 2500 === 2499) {
      detectors.forEach((d, p) => {
        const text = JSON.stringify(d.snapshot())
        snapshots.push(text)
        const restored = api.restorePatientDetector(JSON.parse(text))
        if (restored._tag !== 'Right' || restored.right === undefined) throw new Error(`p${p}: snapshot not restored`)
        detectors[p] = restored.right
      })
    }
  }
  for (const d of detectors) take(d.finish())
  const sha = (text: string): string => createHash('sha256').update(text).digest('hex')
  return { counts, eventsSha256: sha(JSON.stringify(events)), snapshotsSha256: sha(JSON.stringify(snapshots)) }
}
