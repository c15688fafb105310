// The virtual-ward hub, runnable: `npm start -w examples/virtual-ward-hub [-- options]`.
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

import { createOutbox, createTransport } from '@openward/fhir'
import { openFileOutboxStoreOrThrow } from '@openward/fhir/node'
import { createSandbox } from '@openward/fhir-sandbox'
import { lastValueFrom, tap } from 'rxjs'

import { csvAsContecRecording, replayedFeed, serialFeed } from './device-feeds.js'
import { wardHub, type WardEvent } from './ward-hub.js'
import type { WardFeed, WardPatient } from './ward-model.js'

const help = `Usage: npm start -w examples/virtual-ward-hub -- [options]

Runs a virtual-ward hub: each oximeter → threshold alerts for its patient (NHSE @home bands, or the
patient's own) → FHIR Observations through a durable outbox. Without --serial it replays three devices
made from the shipped MIT-licensed recording (examples/demo/data) as Contec V7 serial bytes.

Options:
  --serial <path>:<protocol>:<nhs-number>  add a real serial oximeter (repeatable), e.g.
                                           /dev/ttyUSB0:contec-v7:9000000009 (Ctrl-C to stop)
  --no-replay                              only the serial devices
  --speed <n>                              replay speed (default 60: an 18-minute recording in 18 s)
  --fhir <base-url>                        FHIR server (default: an embedded sandbox on 127.0.0.1)
  --outbox <file>                          outbox journal (default out/virtual-ward-hub/outbox.ndjson)
`

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const { values } = parseArgs({
  options: {
    serial: { type: 'string', multiple: true, default: [] },
    'no-replay': { type: 'boolean', default: false },
    speed: { type: 'string', default: '60' },
    fhir: { type: 'string' },
    outbox: { type: 'string', default: here('../../../out/virtual-ward-hub/outbox.ndjson') },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
if (values.help) {
  console.log(help)
  process.exit(0)
}

const sandbox = values.fhir === undefined ? await createSandbox({ port: 0 }) : undefined
const baseUrl = values.fhir ?? sandbox!.baseUrl
mkdirSync(dirname(values.outbox), { recursive: true })
const outbox = createOutbox({
  store: openFileOutboxStoreOrThrow(values.outbox),
  transport: createTransport({ baseUrl }),
})

const feeds: WardFeed[] = []
const closers: Array<() => Promise<void>> = []
if (!values['no-replay']) {
  const csv = readFileSync(here('../../demo/data/ubicomp_varied_fio2_100001_masimo_1hz.csv'), 'utf8')
  const firstMinutes = (n: number) =>
    csv
      .split('\n')
      .slice(0, n * 60 + 1)
      .join('\n')
  const start = Math.floor(Date.now() / 1000) * 1000
  const speed = Number(values.speed)
  const replayed = (patient: WardPatient, id: string, text: string) =>
    replayedFeed(patient, id, csvAsContecRecording(text, start, { id, name: 'Contec CMS50D+ (replayed)' }), { speed })
  feeds.push(
    replayed({ nhsNumber: '9000000009', name: 'Patient A (NHSE bands)' }, 'cms50-a', csv),
    replayed(
      {
        nhsNumber: '9000000017',
        name: 'Patient B (COPD target 88–92 %)',
        bands: { normalAtOrAbove: 88, reviewAtOrAbove: 86 },
      },
      'cms50-b',
      csv,
    ),
    replayed({ nhsNumber: '9000000025', name: 'Patient C (first 4 minutes)' }, 'cms50-c', firstMinutes(4)),
  )
}
for (const spec of values.serial) {
  const [path, protocol, nhsNumber] = spec.split(':')
  if (!path || !protocol || !nhsNumber) throw new Error(`--serial wants <path>:<protocol>:<nhs-number>, got ${spec}`)
  const { feed, connection } = await serialFeed({ nhsNumber, name: `Patient ${nhsNumber} (${path})` }, path, protocol)
  feeds.push(feed)
  closers.push(() => connection.close())
}
process.once('SIGINT', () => void Promise.all(closers.map((c) => c())))

const t0 = Date.now()
const stamp = () => `${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`
const describe = (e: WardEvent): string | undefined => {
  if (e.type === 'alert') {
    const a = e.event
    const who = e.patient.name
    if (a.type === 'stale')
      return `${who}: no valid reading for ${(a.atMs - (a.lastValidMs ?? a.atMs)) / 1000} s (level ${a.level})`
    if (a.type === 'data-resumed') return `${who}: data resumed (level ${a.level})`
    return `${who}: ${a.type} ${a.from} → ${a.to}${e.nadir === null ? '' : ` (nadir ${e.nadir} %)`}`
  }
  if (e.type === 'queued' && e.skipped.length > 0)
    return `${e.skipped.length} value(s) not stored (no value or unusable), e.g. ${e.skipped[0]}`
  if (e.type === 'uploaded') return `uploaded ${e.report.sent} resources (${e.report.reconciled} reconciled)`
  if (e.type === 'upload-failed') return `upload failed, ${e.waiting} kept in the outbox: ${e.error.message}`
  return undefined
}
console.log(`Ward of ${feeds.length} device(s) → ${baseUrl} (outbox ${relative(process.cwd(), values.outbox)})`)
await lastValueFrom(
  wardHub({ feeds, outbox }).pipe(
    tap((e) => {
      const line = describe(e)
      if (line !== undefined) console.log(`${stamp()}  ${line}`)
    }),
  ),
  { defaultValue: undefined },
)
console.log(`Done: ${await outbox.size()} resource(s) still waiting in the outbox.`)
await sandbox?.close()
