import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { analyze } from '../src/commands/analyze.js'
import { main } from '../src/main.js'
import { captureIo } from './capture-io.js'

const data = (name: string) => fileURLToPath(new URL(`../../../../shared/data/spo2/${name}`, import.meta.url))

interface AnalyzeJson {
  odi3: number
  odi4: number
  events3: { start: number; end: number; nadir: number }[]
  events4: { start: number; end: number; nadir: number }[]
  ct90: number
  ct88: number
  nadir: number | null
  mean: number | null
  samples: number
  profile: string
}

async function runJson(args: string[], stdin = ''): Promise<AnalyzeJson> {
  const c = captureIo(stdin)
  expect(await main(['analyze', ...args, '--json'], c.io, [analyze])).toBe(0)
  return JSON.parse(c.stdout()) as AnalyzeJson
}

describe('openward analyze', () => {
  it('pobm profile on the overnight record: 520 ODI3 events (67.3/h) and the overlapping pair at 1245/1298', async () => {
    const j = await runJson([data('physiozoo_304_overnight_1hz.csv'), '--profile', 'pobm'])
    expect(j.samples).toBe(27_811)
    expect(j.events3).toHaveLength(520)
    expect(j.odi3).toBe((520 / 27_811) * 3600)
    expect(j.events3).toContainEqual(expect.objectContaining({ start: 1245, end: 1326 }))
    expect(j.events3).toContainEqual(expect.objectContaining({ start: 1298, end: 1324 }))
    expect(j.mean).toBeCloseTo(89.5, 1)
    expect(j.nadir).toBe(68)
  })

  it('clinical profile (default) prints a text summary', async () => {
    const c = captureIo()
    expect(await main(['analyze', data('ubicomp_varied_fio2_100001_masimo_1hz.csv')], c.io, [analyze])).toBe(0)
    expect(c.stdout()).toMatch(/ODI3 [\d.]+\/h/)
    expect(c.stdout()).toContain('profile clinical')
  })

  it('reads CSV from stdin and handles a tiny record', async () => {
    const j = await runJson(['-'], 't_seconds,spo2\n0,97\n1,96\n2,0\n')
    expect(j.profile).toBe('clinical')
    expect(j.events3).toEqual([])
    expect(j.samples).toBe(3)
  })

  it('an empty recording is a zero summary, not a crash', async () => {
    const j = await runJson(['-', '--profile', 'pobm'], 't_seconds,spo2\n')
    expect(j).toMatchObject({ samples: 0, odi3: 0, odi4: 0, nadir: null, mean: null, events3: [] })
  })

  it('rejects invalid input with exit 1, a missing file with exit 3, bad usage with exit 2', async () => {
    const bad = captureIo('t_seconds,spo2\n0,97\n1,140\n')
    expect(await main(['analyze', '-'], bad.io, [analyze])).toBe(1)
    expect(bad.stderr()).toContain('line 3')
    const missing = captureIo()
    expect(await main(['analyze', '/nonexistent/x.csv'], missing.io, [analyze])).toBe(3)
    const usage = captureIo()
    expect(await main(['analyze', 'x.csv', '--profile', 'aasm'], usage.io, [analyze])).toBe(2)
    expect(await main(['analyze'], usage.io, [analyze])).toBe(2)
  })

  it('reads a JSON-lines recording', async () => {
    const flags = {
      fingerOut: false,
      searching: false,
      lowPerfusion: false,
      questionable: false,
      motion: false,
      sensorDisconnected: false,
      lowBattery: false,
    }
    const line = (t: number, spo2: number) =>
      JSON.stringify({
        timeMs: t * 1000,
        clock: 'recording',
        spo2,
        pulseRate: 60,
        flags,
        provenance: { protocol: 'test' },
      })
    const dir = await mkdtemp(join(tmpdir(), 'openward-analyze-'))
    const file = join(dir, 'rec.jsonl')
    await writeFile(file, Array.from({ length: 40 }, (_, t) => line(t, t < 20 ? 97 : 93)).join('\n'))
    const j = await runJson([file, '--profile', 'pobm'])
    expect(j.samples).toBe(40)
    expect(j.mean).toBe((97 * 20 + 93 * 20) / 40)
    await writeFile(file, `${line(0, 97)}\n{"timeMs":"x"}\n`)
    const bad = captureIo()
    expect(await main(['analyze', file], bad.io, [analyze])).toBe(1)
    expect(bad.stderr()).toContain('line 2')
  })
})
