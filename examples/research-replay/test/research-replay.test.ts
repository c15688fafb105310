import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { importOximetryCsv } from '@openward/oximeter'
import { analyzeRecording, detectSustainedBelow } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'
import { beforeAll, describe, expect, it } from 'vitest'

import { headline } from '../src/analyse-both-profiles.js'
import { runResearchReplay, type ResearchReplayResult } from '../src/run-research-replay.js'

// The MIT-licensed recording the demo ships (UW Ubicomp varied-FiO2 study, Masimo Radical-7, 1 Hz).
const csvPath = fileURLToPath(new URL('../../demo/data/ubicomp_varied_fio2_100001_masimo_1hz.csv', import.meta.url))
const START = Date.parse('2026-01-05T22:00:00Z')

/** The study rows read directly, without the PLX encoding, the recording or the decoder. */
const direct = () => {
  const r = importOximetryCsv(readFileSync(csvPath, 'utf8'), { startTimeMs: START })
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

let result: ResearchReplayResult
beforeAll(async () => {
  result = await runResearchReplay({
    csvPath,
    outDir: mkdtempSync(join(tmpdir(), 'research-replay-')),
    startTimeMs: START,
  })
})

describe('research replay of a real recording', () => {
  it('writes every output', () => {
    for (const file of Object.values(result.files)) {
      expect(existsSync(file)).toBe(true)
      expect(statSync(file).size).toBeGreaterThan(100)
    }
  })

  it('decodes the PLX recording back to exactly the study’s values and times', () => {
    const rows = direct()
    expect(result.samples.map((s) => [s.timeMs, s.spo2, s.pulseRate])).toEqual(
      rows.map((s) => [s.timeMs, s.spo2, s.pulseRate]),
    )
    expect(result.samples.every((s) => s.provenance.protocol === 'plx-continuous')).toBe(true)
  })

  it('summary.json and summary.csv hold analyzeRecording’s numbers for both profiles', () => {
    const rows = direct()
    const expected = {
      clinical: headline(analyzeRecording(rows, { profile: 'clinical' })),
      pobm: headline(analyzeRecording(rows, { profile: 'pobm' })),
    }
    expect(expected.clinical.rule).not.toBe(expected.pobm.rule)
    const json = JSON.parse(readFileSync(result.files.summaryJson, 'utf8'))
    expect({ clinical: json.clinical, pobm: json.pobm }).toEqual(expected)

    const [header, ...lines] = readFileSync(result.files.summaryCsv, 'utf8').trim().split('\n')
    expect(header).toBe('metric,clinical,pobm')
    const csv = Object.fromEntries(lines.map((l) => l.split(',')).map(([k, c, p]) => [k, [c, p]]))
    for (const key of Object.keys(expected.clinical) as (keyof typeof expected.clinical)[])
      expect(csv[key]).toEqual([String(expected.clinical[key] ?? ''), String(expected.pobm[key] ?? '')])
  })

  it('`openward report --format json` on the recording agrees with analyzeRecording (clinical)', () => {
    const rows = direct()
    const s = analyzeRecording(rows)
    const cli = JSON.parse(readFileSync(result.files.cliJson, 'utf8'))
    expect(cli).toMatchObject({
      profile: 'clinical',
      samples: s.samples,
      odi3: s.odi3,
      odi4: s.odi4,
      ct90: s.ct90,
      ct88: s.ct88,
      nadir: s.nadir,
      mean: s.mean,
    })
    expect(cli.events3).toHaveLength(s.events3.length)
    expect(cli.alerts).toHaveLength(
      detectSustainedBelow(rows, { threshold: 92, forMs: 15_000 }).filter((e) => e.type === 'raised').length,
    )
  })

  it('report.html draws the trace, every clinical 3 % event and every alert, and names both rule sets', () => {
    const html = readFileSync(result.files.report, 'utf8')
    const { clinical, pobm, alerts } = result.analysis
    expect(clinical.events3.length).toBeGreaterThan(0)
    expect(alerts.length).toBeGreaterThan(0)
    expect(html).toContain('data-series="spo2"')
    expect(html).toContain('data-series="pulse-rate"')
    expect(html.match(/data-span="event"/g)).toHaveLength(clinical.events3.length)
    expect(html.match(/data-span="alert"/g)).toHaveLength(alerts.length)
    expect(html).toContain(`${clinical.rule.name}@${clinical.rule.version}`)
    expect(html).toContain(`${pobm.rule.name}@${pobm.rule.version}`)
    expect(html).not.toMatch(/<script/i) // self-contained, no scripts
  })
})
