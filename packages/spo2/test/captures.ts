import { makeSample, type OximetrySample } from '@openward/core'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** The path of a shared real capture (`../shared/data/captures`, never copied into the repo). */
export function capturePath(rel: string): string {
  return fileURLToPath(new URL(`../../../../shared/data/captures/${rel}`, import.meta.url))
}

/**
 * Reads a Viatom/Wellue CSV export (O2Ring, Checkme O2 Max: `Time,Oxygen Level,Pulse Rate,Motion,…`,
 * time `HH:MM:SS Mon DD YYYY`, `--` for no value). Only durations matter here, so the wall-clock
 * time is read as UTC.
 */
export function readViatomCsv(rel: string): OximetrySample[] {
  const lines = readFileSync(capturePath(rel), 'utf8').trim().split('\n').slice(1)
  return lines.map((line) => {
    const [time = '', spo2 = '', pr = ''] = line.split(',')
    const m = /^(\d\d):(\d\d):(\d\d) (\w{3}) (\d\d) (\d{4})$/.exec(time)
    if (m === null) throw new Error(`bad time ${time}`)
    const timeMs = Date.UTC(Number(m[6]), MONTHS.indexOf(m[4]!), Number(m[5]), Number(m[1]), Number(m[2]), Number(m[3]))
    const num = (s: string) => (s.trim() === '--' ? null : Number(s))
    return makeSample({
      timeMs,
      clock: 'recording',
      spo2: num(spo2),
      pulseRate: num(pr),
      provenance: { protocol: 'viatom-csv' },
    })
  })
}
