import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { makeSample } from '@openward/core'
import { describe, expect, it } from 'vitest'

import { main } from '../src/main.js'
import { captureIo } from './capture-io.js'

/** A JSON-lines recording (one OximetrySample per line) of `seconds` at 1 Hz from `startMs`. */
function jsonl(dir: string, name: string, startMs: number, seconds: number, spo2: (i: number) => number | null) {
  const lines = Array.from({ length: seconds }, (_, i) =>
    JSON.stringify(
      makeSample({
        timeMs: startMs + i * 1000,
        clock: 'device',
        spo2: spo2(i),
        pulseRate: 62,
        provenance: { protocol: 'test' },
      }),
    ),
  )
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`)
  return name
}

const o2ring = fileURLToPath(
  new URL('../../../../shared/data/captures/viatom-o2/o2ring_tolnaiz_20250306222056.v3.bin', import.meta.url),
)

describe('openward report: clock time and no data', () => {
  it('reads a device file’s local start time in the --tz zone, unless --utc-offset says otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-report-tz-'))
    // The O2Ring's header says 2025-03-06 22:20:56 with no zone. Read in Paris (CET, UTC+1 in March)
    // it stays 22:20 on the clock; read as UTC (--utc-offset 0) and shown in Paris, it is 23:20.
    expect(await main(['report', o2ring, '--tz', 'Europe/Paris', '-o', 'paris.html'], captureIo('', dir).io)).toBe(0)
    const asUtc = ['report', o2ring, '--tz', 'Europe/Paris', '--utc-offset', '0', '-o', 'utc.html']
    expect(await main(asUtc, captureIo('', dir).io)).toBe(0)
    expect(readFileSync(join(dir, 'paris.html'), 'utf8')).toContain('<tr data-hour="0"><td>22:20 CET–23:20</td>')
    expect(readFileSync(join(dir, 'utc.html'), 'utf8')).toContain('<tr data-hour="0"><td>23:20 CET–00:20</td>')
  })

  it('shows clock time in Europe/London by default and in the --tz zone when given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-report-tz-'))
    // 2026-07-01 21:30 UTC = 22:30 BST = 17:30 in New York (EDT, UTC−4).
    const input = jsonl(dir, 'summer.jsonl', Date.UTC(2026, 6, 1, 21, 30), 2 * 3600, () => 96)
    expect(await main(['report', input, '-o', 'london.html'], captureIo('', dir).io)).toBe(0)
    expect(await main(['report', input, '--tz', 'America/New_York', '-o', 'ny.html'], captureIo('', dir).io)).toBe(0)
    const london = readFileSync(join(dir, 'london.html'), 'utf8')
    const ny = readFileSync(join(dir, 'ny.html'), 'utf8')
    expect(london).toContain('<tr data-hour="0"><td>22:30 BST–23:30</td>')
    expect(london).toContain('times in Europe/London')
    expect(ny).toContain('<tr data-hour="0"><td>17:30 GMT-4–18:30</td>')
  })

  it('refuses an unknown --tz as a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-report-tz-'))
    const input = jsonl(dir, 'n.jsonl', Date.UTC(2026, 6, 1, 21, 30), 60, () => 96)
    const c = captureIo('', dir)
    expect(await main(['report', input, '--tz', 'Europe/Atlantis', '-o', 'x.html'], c.io)).toBe(2)
    expect(c.stderr()).toContain("unknown time zone 'Europe/Atlantis'")
  })

  it('writes a report that says "no data" for a night without valid SpO2, warns, and exits 4', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-report-nodata-'))
    const input = jsonl(dir, 'finger-out.jsonl', Date.UTC(2026, 6, 1, 21, 30), 3600, () => null)
    const c = captureIo('', dir)
    expect(await main(['report', input, '-o', 'night.html'], c.io)).toBe(4)
    expect(c.stderr()).toContain('warning: finger-out.jsonl: no valid SpO2 reading')
    const html = readFileSync(join(dir, 'night.html'), 'utf8')
    expect(html).toContain('<td>ODI3 (3 % desaturations per hour)</td><td>no data (no valid SpO2 reading)</td>')
    const json = captureIo('', dir)
    expect(await main(['report', input, '--format', 'json', '-o', '-'], json.io)).toBe(4)
    const numbers = JSON.parse(json.stdout())
    expect(numbers.odi3).toBeNull()
    expect(numbers.nadir).toBeNull()
    expect(numbers.noDataReason).toBe('no valid SpO2 reading')
  })

  it('writes one report per night into the -o directory and exits with the most serious code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-report-nights-'))
    const mon = jsonl(dir, 'mon.jsonl', Date.UTC(2026, 6, 6, 21, 30), 3600, () => 96)
    const tue = jsonl(dir, 'tue.jsonl', Date.UTC(2026, 6, 7, 21, 30), 3600, () => null)
    const c = captureIo('', dir)
    expect(await main(['report', mon, tue, '-o', 'out'], c.io)).toBe(4) // Tuesday has no valid SpO2
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['mon.html', 'tue.html'])
    // One hour of samples: the single row ends at the last sample, 23:29:59.
    expect(readFileSync(join(dir, 'out', 'mon.html'), 'utf8')).toContain('<tr data-hour="0"><td>22:30 BST–23:29</td>')
    expect(c.stderr()).toContain('tue.jsonl: no valid SpO2 reading')
    const clash = captureIo('', dir)
    expect(await main(['report', mon, join('sub', '..', mon), '-o', 'out2'], clash.io)).toBe(2)
    expect(await main(['report', mon, tue, '-o', '-'], captureIo('', dir).io)).toBe(2)
  })

  it('refuses to write the report over its input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ow-report-self-'))
    const input = jsonl(dir, 'night.jsonl', Date.UTC(2026, 6, 1, 21, 30), 600, () => 96)
    const before = readFileSync(join(dir, input))
    const c = captureIo('', dir)
    expect(await main(['report', input, '-o', input], c.io)).toBe(2)
    expect(c.stderr()).toContain('it is the input')
    expect(readFileSync(join(dir, input))).toEqual(before)
  })
})
