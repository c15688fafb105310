// One measured run of the memory benchmark (memory.mjs bundles this file with esbuild and runs it with plain
// `node`, one process per run): reads the CSV, summarises it by one path and prints its own peak RSS.
//   columns: importOximetryCsvColumns → summarizeColumns     objects: importOximetryCsv → analyzeRecording
import { readFileSync } from 'node:fs'

import { importOximetryCsv, importOximetryCsvColumns } from '@openward/oximeter'
import { analyzeRecording, summarizeColumns } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'

const [path, how, profileArg] = process.argv.slice(2)
const profile = profileArg === 'pobm' ? 'pobm' : 'clinical'
const t0 = performance.now()
const summary = (() => {
  if (how === 'columns') {
    // The bytes, not a string: integer rows are parsed from them (see importOximetryCsvColumns).
    const c = importOximetryCsvColumns(readFileSync(path!), { startTimeMs: 0 })
    if (E.isLeft(c)) throw new Error(c.left.message)
    return summarizeColumns(c.right, { profile })
  }
  const s = importOximetryCsv(readFileSync(path!, 'utf8'), { startTimeMs: 0 })
  if (E.isLeft(s)) throw new Error(s.left.message)
  return analyzeRecording(s.right, { profile })
})()
const ms = performance.now() - t0
process.stdout.write(
  `${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, ms, odi3: summary.odi3, samples: summary.samples })}\n`,
)
