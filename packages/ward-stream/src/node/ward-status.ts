import { AckPolicy, DeliverPolicy, type JetStreamManager } from '@nats-io/jetstream'
import { Kvm } from '@nats-io/kv'
import type { NatsConnection } from '@nats-io/nats-core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { natsFailure, type WardError } from '../ward-error.js'
import { type WardNames, wardNames } from '../ward-names.js'
import { readWardConfig } from './ensure-ward.js'

/** One partition in {@link WardStatus}. */
export interface PartitionStatus {
  readonly partition: number
  /** Worker holding the lease, `null` when none does (a takeover is pending). */
  readonly owner: string | null
  /** Samples-stream sequence the last checkpoint covers (0 before the first). */
  readonly checkpointSeq: number
  /** Age of that checkpoint (ms), `null` before the first. */
  readonly checkpointAgeMs: number | null
  /** Sample messages of this partition after the checkpoint (being processed, or waiting). */
  readonly pending: number
}

/** Health and lag of one tenant's ward: what `openward ward status --json` prints. */
export interface WardStatus {
  readonly tenant: string
  readonly partitions: readonly PartitionStatus[]
  readonly workers: readonly string[]
  readonly samples: { readonly messages: number; readonly lastSeq: number }
  readonly writer: {
    /** Alert messages not yet delivered to the writer. */
    readonly pending: number
    /** Delivered but not yet acked (being written, or waiting for the FHIR server). */
    readonly ackPending: number
    /** Age (ms) of the oldest alert not yet acked, `null` when none. */
    readonly oldestUnackedAgeMs: number | null
  } | null
  readonly deadLetters: number
}

/** Sample messages of partition `p` with a sequence above `afterSeq` (an ephemeral consumer's pending count). */
export async function partitionPending(
  jsm: JetStreamManager,
  names: WardNames,
  p: number,
  afterSeq: number,
): Promise<number> {
  const ci = await jsm.consumers.add(names.samplesStream, {
    filter_subject: names.partitionFilter(p),
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: afterSeq + 1,
    ack_policy: AckPolicy.None,
    inactive_threshold: 5_000_000_000,
    mem_storage: true,
  })
  await jsm.consumers.delete(names.samplesStream, ci.name).catch(() => false)
  return ci.num_pending
}

/** Reads a ward's status: per-partition owner, checkpoint and lag; writer backlog; dead letters. */
export function wardStatus(
  nc: NatsConnection,
  jsm: JetStreamManager,
  tenant: string,
  clock = { now: () => Date.now() },
): TE.TaskEither<WardError, WardStatus> {
  return async () => {
    const n = wardNames(tenant)
    if (E.isLeft(n)) return n
    const names = n.right
    const cfg = await readWardConfig(nc, tenant)()
    if (E.isLeft(cfg)) return cfg
    try {
      const kvm = new Kvm(nc)
      const leases = await kvm.open(names.leasesBucket)
      const checkpoints = await kvm.open(names.checkpointsBucket)
      const workersKv = await kvm.open(names.workersBucket)
      const workers: string[] = []
      for await (const k of await workersKv.keys()) workers.push(k)
      const partitions: PartitionStatus[] = []
      for (let p = 0; p < cfg.right.partitions; p++) {
        const lease = await leases.get(`p${p}`)
        const floor = await checkpoints.get(`floor.${p}`)
        const f = floor !== null && floor.operation === 'PUT' ? floor.json<{ seq: number; atMs: number }>() : null
        partitions.push({
          partition: p,
          owner: lease !== null && lease.operation === 'PUT' ? lease.json<{ workerId: string }>().workerId : null,
          checkpointSeq: f?.seq ?? 0,
          checkpointAgeMs: f === null ? null : clock.now() - f.atMs,
          pending: await partitionPending(jsm, names, p, f?.seq ?? 0),
        })
      }
      const si = await jsm.streams.info(names.samplesStream)
      let writer: WardStatus['writer'] = null
      try {
        const ci = await jsm.consumers.info(names.outStream, names.writerConsumer)
        let oldest: number | null = null
        if (ci.num_ack_pending > 0 || ci.num_pending > 0) {
          // The first unacked message is right after the ack floor.
          const m = await jsm.streams
            .getMessage(names.outStream, { seq: ci.ack_floor.stream_seq + 1 })
            .catch(() => null)
          if (m !== null) oldest = clock.now() - m.time.getTime()
        }
        writer = { pending: ci.num_pending, ackPending: ci.num_ack_pending, oldestUnackedAgeMs: oldest }
      } catch {
        writer = null
      }
      let deadLetters = 0
      try {
        deadLetters = (await jsm.streams.info(names.deadStream)).state.messages
      } catch {
        deadLetters = 0
      }
      return E.right({
        tenant,
        partitions,
        workers: workers.sort(),
        samples: { messages: si.state.messages, lastSeq: si.state.last_seq },
        writer,
        deadLetters,
      })
    } catch (e) {
      return E.left(natsFailure('wardStatus', e))
    }
  }
}
