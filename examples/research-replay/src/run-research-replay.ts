import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'

import { loadSamples, main, nodeIo } from '@openward/cli'
import { OpenwardError, type OximetrySample } from '@openward/core'
import { deviceRecordingFromSamples, importOximetryCsv } from '@openward/oximeter'
import * as E from 'fp-ts/lib/Either.js'

import { analyseBothProfiles, type BothProfiles, headline } from './analyse-both-profiles.js'
import { researchReportHtml } from './research-report.js'

/** Options of {@link runResearchReplay}. */
export interface ResearchReplayOptions {
  /** A study CSV `t_seconds,spo2[,pr[,pi]]`. */
  readonly csvPath: string
  readonly outDir: string
  /** Wall-clock time of `t_seconds = 0` (default 2026-01-05T22:00:00Z). */
  readonly startTimeMs?: number
}

/** What the replay wrote and computed. */
export interface ResearchReplayResult {
  readonly files: {
    readonly recording: string
    readonly report: string
    readonly summaryJson: string
    readonly summaryCsv: string
    readonly cliJson: string
  }
  /** The samples decoded back from the recording (what was analysed). */
  readonly samples: readonly OximetrySample[]
  readonly analysis: BothProfiles
}

const silentIo = { ...nodeIo(), stderr: { write: () => true } }

/**
 * A study CSV → an Openward recording of PLX notifications (`recording.owrec`) → loaded back
 * through the PLX decoder (`loadSamples`, as `openward report` does) → analysed in both profiles →
 * `report.html`, `summary.json`, `summary.csv`; and `openward report --format json` run on the same
 * recording (`cli-report.json`), the one-command route to the same numbers.
 */
export async function runResearchReplay(options: ResearchReplayOptions): Promise<ResearchReplayResult> {
  const imported = importOximetryCsv(readFileSync(options.csvPath, 'utf8'), {
    startTimeMs: options.startTimeMs ?? Date.parse('2026-01-05T22:00:00Z'),
  })
  if (E.isLeft(imported)) throw new OpenwardError(imported.left)
  mkdirSync(options.outDir, { recursive: true })
  const out = (name: string) => join(options.outDir, name)
  const files = {
    recording: out('recording.owrec'),
    report: out('report.html'),
    summaryJson: out('summary.json'),
    summaryCsv: out('summary.csv'),
    cliJson: out('cli-report.json'),
  }
  writeFileSync(
    files.recording,
    deviceRecordingFromSamples(imported.right, {
      protocol: 'plx-continuous',
      device: { id: 'study-oximeter', name: 'PLX oximeter (replayed)' },
    }),
  )

  const loaded = await loadSamples(files.recording, silentIo)()
  if (E.isLeft(loaded)) throw new Error(loaded.left.message)
  const samples = loaded.right.samples
  const analysis = analyseBothProfiles(samples)

  const source = [
    `Study file: ${basename(options.csvPath)} → ${basename(files.recording)} (PLX Continuous Measurement notifications)`,
    `${samples.length} samples decoded back through @openward/oximeter's PLX decoder`,
  ]
  writeFileSync(
    files.report,
    researchReportHtml(
      `Research replay: ${basename(options.csvPath)}`,
      source,
      samples,
      analysis,
      new Date().toISOString(),
    ),
  )
  const json = {
    source: basename(options.csvPath),
    clinical: headline(analysis.clinical),
    pobm: headline(analysis.pobm),
    alerts: analysis.alerts,
    events: {
      clinical: { events3: analysis.clinical.events3, events4: analysis.clinical.events4 },
      pobm: { events3: analysis.pobm.events3, events4: analysis.pobm.events4 },
    },
  }
  writeFileSync(files.summaryJson, `${JSON.stringify(json, null, 2)}\n`)
  const c = headline(analysis.clinical)
  const p = headline(analysis.pobm)
  const rows = (Object.keys(c) as (keyof typeof c)[]).map((k) => `${k},${c[k] ?? ''},${p[k] ?? ''}`)
  writeFileSync(files.summaryCsv, `metric,clinical,pobm\n${rows.join('\n')}\n`)

  const code = await main(['report', files.recording, '--format', 'json', '-o', files.cliJson], silentIo)
  if (code !== 0) throw new Error(`openward report exited with ${code}`)
  return { files, samples, analysis }
}
