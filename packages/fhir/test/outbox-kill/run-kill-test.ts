// The full outbox durability test: `npm run outbox-kill-test -w packages/fhir [-- total kills]`.
// Default: 100,000 Observations, 6 SIGKILLs at random points (each up to 1.5 s after a progress line),
// then a clean finish. Arguments: [total] [kills] [maxKillDelayMs].
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { createSandbox } from '@openward/fhir-sandbox'

import { runKillTest, storedIdentifiers } from './kill-harness.js'

const total = Number(process.argv[2] ?? 100_000)
const kills = Number(process.argv[3] ?? 6)
const maxKillDelayMs = Number(process.argv[4] ?? 1500)
const sandbox = await createSandbox({ port: 0, maxCount: 1000 })
const journal = join(mkdtempSync(join(tmpdir(), 'openward-outbox-')), 'outbox.ndjson')
try {
  const report = await runKillTest({ baseUrl: sandbox.baseUrl, journal, total, kills, maxKillDelayMs })
  const stored = await storedIdentifiers(sandbox.baseUrl)
  console.log(JSON.stringify({ total, ...report, stored }, null, 2))
  if (stored.total !== total || stored.distinct !== total) {
    console.error(`FAIL: expected ${total} stored, ${total} distinct`)
    process.exitCode = 1
  } else console.log(`PASS: ${stored.total} stored, ${stored.distinct} distinct, after ${kills} SIGKILLs`)
} finally {
  await sandbox.close()
}
