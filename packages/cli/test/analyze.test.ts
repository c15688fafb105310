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

  it('reads CSV from stdin; a 3 s record is too little for figures (exit 4, reason given)', async () => {
    const c = captureIo('t_seconds,spo2\n0,97\n1,96\n2,0\n')
    expect(await main(['analyze', '-', '--json'], c.io, [analyze])).toBe(4)
    const j = JSON.parse(c.stdout()) as AnalyzeJson & { noData: { reason: string } }
    expect(j.profile).toBe('clinical')
    expect(j.events3).toEqual([])
    expect(j.samples).toBe(3)
    expect(j.odi3).toBeNull()
    expect(j.noData.reason).toMatch(/fewer than \d+ s|no valid SpO2/)
  })

  it('a recording with no valid SpO2 gives null figures with the reason and exit 4, never ODI 0', async () => {
    for (const [stdin, reason] of [
      ['t_seconds,spo2\n', /no samples/],
      // (The pobm profile currently names this "too little valid time": reported to the spo2 owner.)
      ['t_seconds,spo2,pr\n0,0,60\n1,,61\n2,0,62\n', /no valid SpO2|of valid SpO2, fewer than/],
    ] as const) {
      for (const profile of ['pobm', 'clinical']) {
        const c = captureIo(stdin)
        expect(await main(['analyze', '-', '--profile', profile, '--json'], c.io, [analyze])).toBe(4)
        const j = JSON.parse(c.stdout()) as Record<string, unknown>
        expect(j).toMatchObject({ odi3: null, odi4: null, ct90: null, ct88: null, nadir: null, mean: null })
        expect((j.noData as { reason: string }).reason).toMatch(reason)
        expect(c.stderr()).toMatch(/warning: -: figures n\/a/)
        const text = captureIo(stdin)
        expect(await main(['analyze', '-', '--profile', profile], text.io, [analyze])).toBe(4)
        expect(text.stdout()).toContain('ODI, CT90, nadir and mean are n/a, not 0')
        expect(text.stdout()).not.toMatch(/ODI3 0\.0/)
      }
    }
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
    // 700 s: above the 600 s of valid SpO2 a summary needs for figures.
    await writeFile(file, Array.from({ length: 700 }, (_, t) => line(t, t < 350 ? 97 : 93)).join('\n'))
    const j = await runJson([file, '--profile', 'pobm'])
    expect(j.samples).toBe(700)
    expect(j.mean).toBe((97 * 350 + 93 * 350) / 700)
    await writeFile(file, `${line(0, 97)}\n{"timeMs":"x"}\n`)
    const bad = captureIo()
    expect(await main(['analyze', file], bad.io, [analyze])).toBe(1)
    expect(bad.stderr()).toContain('line 2')
  })
})
