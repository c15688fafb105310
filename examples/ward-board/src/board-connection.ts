import { type ConsumerMessages, DeliverPolicy, jetstream, type JetStreamClient } from '@nats-io/jetstream'
import { Kvm } from '@nats-io/kv'
import { type NatsConnection, wsconnect } from '@nats-io/nats-core'
import { type Clock, systemClock } from '@openward/core'
import type { AlertBands } from '@openward/spo2'
import { decodeSampleBatch, type WardNames, type WardOutput, wardAlertObservation } from '@openward/ward-stream'
import type { WardEventOutput } from '@openward/ward-stream'
import * as E from 'fp-ts/lib/Either.js'

import type { AlertAck, BoardState } from './board-state.js'

/** Where and as whom the board connects. */
export interface BoardLogin {
  readonly wsUrl: string
  readonly user: string
  readonly password: string
  /** The inbox prefix the server lets this ward's user subscribe to. */
  readonly inboxPrefix: string
}

/** Connection state shown by the banner. */
export type LinkState = 'connecting' | 'live' | 'lost' | 'refused'

/** What the board's connection reports. */
export interface BoardConnectionEvents {
  link(state: LinkState, detail: string): void
  /** Something changed in the state (the view schedules a frame). */
  changed(): void
}

/** A live connection of one board. */
export interface BoardConnection {
  readonly nc: NatsConnection
  readonly js: JetStreamClient
  acknowledge(alert: WardEventOutput): Promise<void>
  close(): Promise<void>
}

const decoder = new TextDecoder()

/** Options of {@link connectBoard}. */
export interface ConnectBoardOptions {
  /** How far back the output stream is replayed on connect (default 3 600 000 ms: the sparkline's hour). */
  readonly historyMs?: number
  readonly clock?: Clock
}

/**
 * Connects over NATS WebSocket with the ward's own board credentials and feeds `state`:
 * - latest values from the ward's samples subjects (core subscription, resumed by the client on reconnect);
 * - summaries, alerts and acknowledgements from the ward's output stream through a JetStream ordered
 *   consumer starting `historyMs` back; after a lost connection a new one starts at the stream
 *   sequence after the last one applied, so a reconnect resumes where it was, nothing skipped or doubled;
 * - each patient's own bands from the thresholds bucket (a KV watch).
 */
export async function connectBoard(
  login: BoardLogin,
  names: WardNames,
  state: BoardState,
  events: BoardConnectionEvents,
  options: ConnectBoardOptions = {},
): Promise<BoardConnection> {
  const clock = options.clock ?? systemClock
  events.link('connecting', login.wsUrl)
  const nc = await wsconnect({
    servers: login.wsUrl,
    user: login.user,
    pass: login.password,
    inboxPrefix: login.inboxPrefix,
    name: `ward-board ${names.tenant}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    pingInterval: 5_000,
    maxPingOut: 2,
  })
  events.link('live', login.wsUrl)
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'staleConnection') events.link('lost', 'connection to NATS lost')
      else if (s.type === 'reconnect') events.link('live', login.wsUrl)
      // `error` (e.g. a refused subscription) leaves the connection as it is.
    }
  })()

  nc.subscribe(names.samplesWildcard, {
    callback: (err, m) => {
      if (err !== null) return
      const batch = decodeSampleBatch(m.data)
      if (E.isLeft(batch)) return // not a batch: the workers dead-letter it; the board shows nothing from it
      state.applySamples(batch.right.patientKey, batch.right.samples)
      events.changed()
    },
  })

  const js = jetstream(nc)
  // Resuming: the last output-stream sequence applied. A new consumer starts right after it.
  let lastSeq: number | null = null
  let current: ConsumerMessages | undefined
  let closed = false
  const follow = async (): Promise<void> => {
    const byTime = lastSeq === null
    const consumer = await js.consumers.get(
      names.outStream,
      byTime
        ? {
            deliver_policy: DeliverPolicy.StartTime,
            opt_start_time: new Date(clock.now() - (options.historyMs ?? 3_600_000)).toISOString(),
          }
        : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: lastSeq! + 1 },
    )
    const messages = await consumer.consume({ max_messages: 2_000, idle_heartbeat: 5_000 })
    current = messages
    if (byTime) {
      // @nats-io/jetstream 3.3.1 recreates an ordered consumer after a reconnect with its original
      // config plus `deliver_policy: by_start_sequence`, keeping `opt_start_time`, which the server
      // refuses ("… start sequence, but optional start time is also set"), so it never recovers.
      // A consumer started by time is therefore replaced by one started by sequence on any reset.
      void (async () => {
        for await (const st of messages.status()) {
          if (st.type === 'reset' || st.type === 'consumer_not_found' || st.type === 'consumer_deleted') {
            if (current !== messages || closed) return
            current = undefined
            messages.stop()
            await retry(follow)
            return
          }
        }
      })()
    }
    void (async () => {
      for await (const m of messages) {
        lastSeq = m.seq
        let json: unknown
        try {
          json = JSON.parse(decoder.decode(m.data))
        } catch {
          continue
        }
        if (m.subject.startsWith(`ward.${names.tenant}.ack.`)) state.applyAck(json as AlertAck)
        else state.applyOutput(json as WardOutput, clock.now())
        events.changed()
      }
    })()
  }
  const retry = async (f: () => Promise<void>): Promise<void> => {
    for (;;) {
      if (closed) return
      try {
        return await f()
      } catch {
        // JetStream is not back yet after a server restart: try again shortly.
        await new Promise((r) => setTimeout(r, 500))
      }
    }
  }
  await follow()

  const kv = await new Kvm(nc).open(names.thresholdsBucket)
  const watch = await kv.watch()
  void (async () => {
    for await (const e of watch) {
      if (e.operation !== 'PUT') state.setBands(e.key, null)
      else {
        try {
          state.setBands(e.key, JSON.parse(e.string()) as AlertBands)
        } catch {
          state.setBands(e.key, null)
        }
      }
      events.changed()
    }
  })()

  return {
    nc,
    js,
    acknowledge: async (alert) => {
      const obs = wardAlertObservation(alert)
      const identifier = E.isRight(obs) ? (obs.right.identifier?.[0] ?? null) : null
      const ack: AlertAck = {
        v: 1,
        alertId: alert.id,
        alertKey: alert.event.alertKey,
        patientKey: alert.patientKey,
        observationIdentifier:
          identifier?.system === undefined || identifier.value === undefined
            ? null
            : { system: identifier.system, value: identifier.value },
        by: login.user,
        atMs: clock.now(),
      }
      // JetStream publish: resolves only once the output stream stored it (every board and the
      // acknowledgement writer read it from there); the message id makes a double click one record.
      await js.publish(names.ackSubject(alert.patientKey), JSON.stringify(ack), { msgID: `ack:${alert.id}` })
    },
    close: async () => {
      closed = true
      await nc.close()
    },
  }
}
