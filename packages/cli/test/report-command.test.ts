import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { main } from '../src/main.js'
import { captureIo } from './capture-io.js'

const overnight = fileURLToPath(
  new URL('../../../../shared/data/spo2/physiozoo_304_overnight_1hz.csv', import.meta.url),
)
const hypoxia = fileURLToPath(
  new URL('../../../examples/demo/data/ubicomp_varied_fio2_100001_masimo_1hz.csv', import.meta.url),
)

/** Runs of SpO2 ≤ 92 lasting ≥ 15 s, counted straight from the CSV (1 Hz, no gaps in these files). */
function sustainedLowRuns(csvPath: string): number {
  const rows = readFileSync(csvPath, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number))
  let runs = 0
  let start: number | null = null
  let counted = false
  for (const [t, spo2] of rows) {
    if (spo2! > 0 && spo2! <= 92) {
      start ??= t!
      if (!counted && t! - start >= 15) {
        runs++
        counted = true
      }
    } else {
      start = null
      counted = false
    }
  }
  return runs
}

describe('openward report', () => {
  it('writes an HTML report of a real overnight recording with every alert drawn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-report-'))
    const c = captureIo('', dir)
    expect(await main(['report', overnight, '-o', 'night.html'], c.io)).toBe(0)
    const html = readFileSync(join(dir, 'night.html'), 'utf8')
    expect(html).toContain('data-series="spo2"')
    expect(html.match(/data-span="alert"/g)?.length).toBe(sustainedLowRuns(overnight))
    expect(html.match(/data-span="event"/g)?.length).toBeGreaterThan(50) // severe cyclic desaturation all night
    expect(html).toContain('openward-sustained-below@')
    expect(c.stderr()).toContain('wrote night.html')
  })

  it('gives the numbers as JSON, consistent with the HTML', async () => {
    const c = captureIo()
    expect(await main(['report', hypoxia, '--format', 'json', '-o', '-'], c.io)).toBe(0)
    const json = JSON.parse(c.stdout())
    expect(json.alerts).toHaveLength(sustainedLowRuns(hypoxia))
    expect(json.nadir).toBe(67)
    expect(json.samples).toBe(1090)
    expect(json.events3.length).toBeGreaterThan(0)
  })

  it('gives the numbers as CSV', async () => {
    const c = captureIo()
    expect(await main(['report', hypoxia, '--format', 'csv', '-o', '-'], c.io)).toBe(0)
    const rows = Object.fromEntries(
      c
        .stdout()
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')),
    )
    expect(rows.samples).toBe('1090')
    expect(rows.nadir).toBe('67')
  })

  it('exits 3 for a missing file, 1 for a file that is not a recording, 2 for bad usage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-report-'))
    writeFileSync(join(dir, 'bad.csv'), 'this,is\nnot,oximetry\n')
    const missing = captureIo('', dir)
    expect(await main(['report', 'nope.csv', '-o', 'x.html'], missing.io)).toBe(3)
    const invalid = captureIo('', dir)
    expect(await main(['report', 'bad.csv', '-o', 'x.html'], invalid.io)).toBe(1)
    expect(invalid.stderr()).toContain('not a valid recording')
    const usage = captureIo('', dir)
    expect(await main(['report', 'bad.csv'], usage.io)).toBe(2)
    expect(await main(['report', 'bad.csv', '-o', 'x', '--format', 'pdf'], captureIo('', dir).io)).toBe(2)
  })
})
