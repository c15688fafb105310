// `npm start -w examples/ward-board`: the local virtual ward and its board, on one machine.
import { parseArgs } from 'node:util'

import { startLocalWard } from '../src/node/local-ward.js'

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '30' },
    workers: { type: 'string', default: '2' },
    port: { type: 'string', default: '8080' },
  },
})
const patients = Number(values.patients)
const setup = await startLocalWard({
  wards: [
    { tenant: 'north', patients, workers: Number(values.workers) },
    { tenant: 'south', patients: Math.max(1, Math.round(patients / 3)), workers: 1 },
  ],
  pagePort: Number(values.port),
})
process.stdout.write(
  [
    `nats-server ${setup.natsUrl} (WebSocket ${setup.wsUrl}), config ${setup.configPath}`,
    `FHIR sandbox ${setup.fhirBaseUrl}`,
    ...setup.wards.map(
      (w) => `ward ${w.tenant}: ${w.feed.keys.length} patients, board user ${w.board.user}\n  open ${w.url}`,
    ),
    'Ctrl-C stops everything.',
    '',
  ].join('\n'),
)
await new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve())
  process.once('SIGTERM', () => resolve())
})
await setup.stop()
