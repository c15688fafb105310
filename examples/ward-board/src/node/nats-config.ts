import { wardNames } from '@openward/ward-stream'
import * as E from 'fp-ts/lib/Either.js'

/** One ward's board login. */
export interface BoardUser {
  readonly tenant: string
  readonly user: string
  readonly password: string
}

/** Input of {@link wardNatsConfig}. */
export interface WardNatsConfigInput {
  readonly port: number
  readonly wsPort: number
  readonly storeDir: string
  /** The services (workers, FHIR writer, acknowledgement writer, feeder): full access. */
  readonly service: { readonly user: string; readonly password: string }
  readonly boards: readonly BoardUser[]
}

/** The inbox prefix a ward's board uses, so one ward's board cannot read another's replies. */
export function boardInboxPrefix(tenant: string): string {
  return `_INBOX_${tenant}`
}

/**
 * What a ward's board may do (NATS "Authorization", docs.nats.io/running-a-nats-service/configuration/
 * securing_nats/authorization): read its own ward's samples and outputs, replay them through ordered
 * consumers on its own output stream, read its own thresholds bucket, and publish acknowledgements on
 * its own ack subjects. Everything else is refused by the server, because the lists are allow-lists:
 * no other ward's subjects, no publishing samples or outputs, no stream or bucket changes.
 */
export function boardPermissions(tenant: string): { publish: string[]; subscribe: string[] } {
  const n = wardNames(tenant)
  if (E.isLeft(n)) throw new Error(n.left.message)
  const w = n.right
  const kv = `KV_${w.thresholdsBucket}`
  return {
    publish: [
      '$JS.API.INFO',
      `$JS.API.STREAM.INFO.${w.outStream}`,
      `$JS.API.CONSUMER.CREATE.${w.outStream}.>`,
      `$JS.API.CONSUMER.INFO.${w.outStream}.>`,
      `$JS.API.CONSUMER.DELETE.${w.outStream}.>`,
      `$JS.API.CONSUMER.MSG.NEXT.${w.outStream}.>`,
      // The patient view replays one patient's raw samples (read-only: no publish on samples subjects).
      `$JS.API.STREAM.INFO.${w.samplesStream}`,
      `$JS.API.CONSUMER.CREATE.${w.samplesStream}.>`,
      `$JS.API.CONSUMER.DELETE.${w.samplesStream}.>`,
      `$JS.API.CONSUMER.MSG.NEXT.${w.samplesStream}.>`,
      `$JS.API.STREAM.INFO.${kv}`,
      `$JS.API.STREAM.MSG.GET.${kv}`,
      `$JS.API.DIRECT.GET.${kv}.>`,
      `$JS.API.CONSUMER.CREATE.${kv}.>`,
      `$JS.API.CONSUMER.DELETE.${kv}.>`,
      `$JS.API.CONSUMER.MSG.NEXT.${kv}.>`,
      w.ackWildcard,
    ],
    subscribe: [`${boardInboxPrefix(tenant)}.>`, w.samplesWildcard, w.outWildcard, w.ackWildcard],
  }
}

const q = (s: string): string => JSON.stringify(s)

/**
 * The nats-server configuration of the local board setup: client port and WebSocket listener on
 * loopback, JetStream, one service user and one user per ward board. Passwords are plain text here
 * because the local setup generates them per run into a file only its user can read; a deployment
 * uses bcrypt hashes (`nats server passwd`) or NKEYs, TLS on the WebSocket listener, and one NATS
 * account per organisation.
 */
export function wardNatsConfig(input: WardNatsConfigInput): string {
  const users = [
    `    { user: ${q(input.service.user)}, password: ${q(input.service.password)}, permissions: { publish: ">", subscribe: ">" } }`,
    ...input.boards.map((b) => {
      const p = boardPermissions(b.tenant)
      return [
        `    # ward ${b.tenant}: read its own ward, acknowledge its own alerts, nothing else`,
        `    { user: ${q(b.user)}, password: ${q(b.password)}, permissions: {`,
        `        publish: { allow: [${p.publish.map(q).join(', ')}] }`,
        `        subscribe: { allow: [${p.subscribe.map(q).join(', ')}] }`,
        `    } }`,
      ].join('\n')
    }),
  ]
  return [
    `listen: 127.0.0.1:${input.port}`,
    `jetstream { store_dir: ${q(input.storeDir)} }`,
    // Browsers reach NATS over WebSocket; TLS off only because the listener is loopback.
    `websocket { listen: "127.0.0.1:${input.wsPort}", no_tls: true }`,
    `authorization {`,
    `  users: [`,
    users.join('\n'),
    `  ]`,
    `}`,
    '',
  ].join('\n')
}
