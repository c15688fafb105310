import { randomUUID } from 'node:crypto'

import { jetstream } from '@nats-io/jetstream'
import { type KV, Kvm } from '@nats-io/kv'
import type { NatsConnection } from '@nats-io/nats-core'
import type { Clock } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { keyHash } from '../partition.js'
import type { WardDetectorFactory } from '../ward-detector.js'
import { natsFailure, type WardError } from '../ward-error.js'
import { silentLogger, type WardLogger } from '../ward-logger.js'
import { wardNames } from '../ward-names.js'
import { readWardConfig } from './ensure-ward.js'
import { PartitionRunner } from './partition-runner.js'
import { spo2DetectorFactory } from './spo2-detector.js'
import { ThresholdsView } from './thresholds-view.js'

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  readonly tenant: string
  /** Unique per process (default a random UUID); shows in `status` as the partition owner. */
  readonly workerId?: string
  /** Detector per patient (default the `@openward/spo2` patient detector). */
  readonly detectors?: WardDetectorFactory
  /**
   * How often each active patient's state is checkpointed (default 10 000 ms; an idle partition
   * checkpoints all its patients after 1 s). The writes are spread over the interval in 500 ms steps,
   * each patient at its own phase, and the floor trails the oldest unsaved message, so a takeover
   * replays up to about one interval plus a step. Shorter: less replay after a crash; longer: fewer KV
   * writes (one per active patient per interval).
   */
  readonly checkpointIntervalMs?: number
  /** How often each patient's arrival-time checks (staleness) run (default 1 000 ms; swept in 4 groups). */
  readonly tickIntervalMs?: number
  /**
   * A minute's summary (content by sample time, minute-aligned) is emitted up to this long after the
   * minute ends, at the patient's own phase in whole seconds (default 30 000 ms; 0: at the first
   * sample of the next minute, every patient at once). Alerts are never delayed by it.
   */
  readonly summarySpreadMs?: number
  readonly logger?: WardLogger
  readonly clock?: Clock
}

/** A running worker. */
export interface WardWorker {
  readonly workerId: string
  /** Partitions this worker runs now. */
  owned(): number[]
  /** Messages processed since start, all partitions. */
  processed(): number
  /** Graceful stop (SIGTERM): stop taking partitions, checkpoint and release each, leave the worker list. */
  drain(): Promise<void>
}

/** Longest wait at start for the first load of the thresholds bucket. */
const THRESHOLDS_LOAD_MS = 10_000

interface Lease {
  revision: number
  /** This worker's own deadline: renewal send time + TTL − margin (never later than the server's expiry). */
  validUntilMs: number
}

/**
 * Which live worker should run each partition: every worker computes the same answer from the same
 * live set. Each partition ranks the workers by `keyHash(worker/partition)` (rendezvous hashing, so a
 * change of membership moves few partitions), and partitions are handed out in order to their best
 * ranked worker that still has room under ⌈partitions / workers⌉, so the load stays even.
 */
export function assignPartitions(partitions: number, workers: readonly string[]): string[] {
  const live = [...new Set(workers)].sort()
  if (live.length === 0) return []
  const cap = Math.ceil(partitions / live.length)
  const load = new Map(live.map((w) => [w, 0]))
  const out: string[] = []
  for (let p = 0; p < partitions; p++) {
    const ranked = live
      .map((w) => ({ w, score: keyHash(`${w}/${p}`) }))
      .sort((a, b) => b.score - a.score || (a.w < b.w ? -1 : 1))
    const pick = ranked.find((r) => load.get(r.w)! < cap) ?? ranked[0]!
    load.set(pick.w, load.get(pick.w)! + 1)
    out.push(pick.w)
  }
  return out
}

/**
 * Starts a detector worker on a NATS connection. Ownership, all on JetStream primitives available in
 * nats-server 2.9:
 *
 * - each worker heartbeats into the `workers` bucket (TTL = lease TTL); the live set is its keys;
 * - each partition is assigned to one live worker by `assignPartitions` (rendezvous ranking, even load), so adding or removing a worker moves
 *   only its share of partitions;
 * - a partition is run only under a lease in the `leases` bucket (TTL): taken with `create` (fails if
 *   anyone holds it), renewed with `update` on the last revision (compare-and-set: fails if anyone
 *   else wrote), released with `delete` after a last checkpoint when another worker is preferred;
 * - the worker stops a partition on its own once its renewal deadline passes (TTL minus a third),
 *   before the server would let another worker take it, so no two owners run at once.
 */
export function startWorker(nc: NatsConnection, options: StartWorkerOptions): TE.TaskEither<WardError, WardWorker> {
  return async () => {
    const n = wardNames(options.tenant)
    if (E.isLeft(n)) return n
    const names = n.right
    const cfg = await readWardConfig(nc, options.tenant)()
    if (E.isLeft(cfg)) return cfg
    const { partitions, leaseTtlMs } = cfg.right
    const workerId = options.workerId ?? randomUUID()
    const logger = options.logger ?? silentLogger
    const clock = options.clock ?? { now: () => Date.now() }
    let leases: KV, workers: KV, checkpoints: KV, thresholds: KV
    try {
      const kvm = new Kvm(nc)
      leases = await kvm.open(names.leasesBucket)
      workers = await kvm.open(names.workersBucket)
      checkpoints = await kvm.open(names.checkpointsBucket)
      thresholds = await kvm.open(names.thresholdsBucket)
    } catch (e) {
      return E.left(natsFailure('open ward buckets', e))
    }
    // The ward's thresholds, watched: loaded once here rather than read once per new patient, and
    // changes reach running detectors. Partitions start after the first load (or after 10 s, reading
    // key by key until it is there).
    const thresholdsView = new ThresholdsView(thresholds, nc, logger)
    thresholdsView.start()
    if (!(await thresholdsView.caughtUp(THRESHOLDS_LOAD_MS)))
      logger.log('warn', 'thresholds-loading', {
        workerId,
        why: `the thresholds bucket was not loaded within ${THRESHOLDS_LOAD_MS} ms: new patients' entries are read one by one until it is`,
      })
    const js = jetstream(nc)
    const held = new Map<number, Lease>()
    const runners = new Map<number, PartitionRunner>()
    const margin = Math.max(500, Math.floor(leaseTtlMs / 3))
    const detectors = options.detectors ?? spo2DetectorFactory()
    let processedBefore = 0
    let draining = false
    let busy: Promise<void> = Promise.resolve()

    const runnerContext = (p: number) => ({
      nc,
      js,
      names,
      partitions,
      checkpoints,
      thresholds,
      thresholdsView,
      factory: detectors,
      logger,
      now: () => clock.now(),
      holdsLease: () => {
        const l = held.get(p)
        return l !== undefined && Date.now() < l.validUntilMs
      },
      checkpointIntervalMs: options.checkpointIntervalMs ?? 10_000,
      tickIntervalMs: options.tickIntervalMs ?? 1_000,
      summarySpreadMs: options.summarySpreadMs ?? 30_000,
    })

    const stopRunner = async (p: number, graceful: boolean): Promise<void> => {
      const r = runners.get(p)
      if (r === undefined) return
      runners.delete(p)
      try {
        await r.stop(graceful)
      } catch (e) {
        logger.log('warn', 'partition-stop-failed', { partition: p, error: String(e) })
      }
      processedBefore += r.processed
    }

    const release = async (p: number): Promise<void> => {
      await stopRunner(p, true)
      const l = held.get(p)
      held.delete(p)
      if (l !== undefined) {
        try {
          // Delete only if it is still our revision: never remove a lease someone else took.
          await leases.delete(`p${p}`, { previousSeq: l.revision })
        } catch {
          // expired or taken meanwhile: nothing to release
        }
      }
      logger.log('info', 'partition-released', { partition: p, workerId })
    }

    const heartbeat = async (): Promise<string[]> => {
      await workers.put(workerId, JSON.stringify({ pid: typeof process === 'undefined' ? null : process.pid }))
      const live: string[] = []
      for await (const k of await workers.keys()) live.push(k)
      if (!live.includes(workerId)) live.push(workerId)
      return live
    }

    // Starting, stopping and handing over a partition can take seconds (checkpoints to load or
    // write); they run in the background, one at a time per partition, so lease renewals never
    // wait behind them.
    const inFlight = new Map<number, Promise<void>>()
    const background = (p: number, f: () => Promise<void>): void => {
      if (inFlight.has(p)) return
      const run = f()
        .catch((e: unknown) => logger.log('warn', 'partition-transition-failed', { partition: p, error: String(e) }))
        .finally(() => inFlight.delete(p))
      inFlight.set(p, run)
    }
    const lost = (p: number, fields: Record<string, unknown>): void => {
      logger.log('warn', 'lease-lost', { partition: p, workerId, ...fields })
      held.delete(p)
      // The runner sees `holdsLease()` false from now on and stops at its next message or tick.
      background(p, () => stopRunner(p, false))
    }

    const renewAll = async (): Promise<void> => {
      await Promise.all(
        [...held].map(async ([p, mine]) => {
          if (Date.now() >= mine.validUntilMs) {
            // Our own deadline passed (this process was paused, or renewals kept failing): another
            // worker may own it by now, so stop at once, without a last checkpoint.
            lost(p, { reason: 'renewal deadline passed' })
            return
          }
          const sentAt = Date.now()
          try {
            mine.revision = await leases.update(`p${p}`, JSON.stringify({ workerId }), mine.revision)
            mine.validUntilMs = sentAt + leaseTtlMs - margin
          } catch (e) {
            lost(p, { error: String(e) })
          }
        }),
      )
    }

    const balance = async (): Promise<void> => {
      if (draining) return
      await renewAll()
      const live = await heartbeat()
      const plan = assignPartitions(partitions, live)
      for (let p = 0; p < partitions; p++) {
        if (draining) return
        if (inFlight.has(p)) continue
        const mine = held.get(p)
        if (mine !== undefined) {
          if (plan[p] !== workerId) {
            background(p, () => release(p))
            continue
          }
          const r = runners.get(p)
          if (r === undefined || r.error !== undefined)
            background(p, async () => {
              if (r !== undefined) logger.log('warn', 'partition-restart', { partition: p, error: String(r.error) })
              await startRunner(p)
            })
        } else if (runners.has(p)) {
          background(p, () => stopRunner(p, false)) // left over from a lost lease
        } else if (plan[p] === workerId) {
          const sentAt = Date.now()
          try {
            const revision = await leases.create(`p${p}`, JSON.stringify({ workerId }))
            held.set(p, { revision, validUntilMs: sentAt + leaseTtlMs - margin })
            logger.log('info', 'partition-acquired', { partition: p, workerId })
            background(p, () => startRunner(p))
          } catch {
            // held by another worker until it releases it or its lease expires
          }
        }
      }
    }

    const startRunner = async (p: number): Promise<void> => {
      await stopRunner(p, false) // a failed runner of this partition, if any
      if (!held.has(p)) return
      const r = new PartitionRunner(p, runnerContext(p))
      runners.set(p, r)
      try {
        await r.start()
      } catch (e) {
        logger.log('error', 'partition-start-failed', { partition: p, error: String(e) })
        runners.delete(p)
        await r.stop(false).catch(() => undefined)
      }
    }

    const interval = Math.max(250, Math.floor(leaseTtlMs / 4))
    const loop = async (): Promise<void> => {
      try {
        await balance()
      } catch (e) {
        logger.log('warn', 'balance-failed', { workerId, error: String(e) })
      }
    }
    const timer = setInterval(() => {
      busy = busy.then(loop)
    }, interval)
    busy = busy.then(loop)
    logger.log('info', 'worker-started', { workerId, tenant: options.tenant, partitions })

    return E.right({
      workerId,
      owned: () => [...runners.keys()].sort((a, b) => a - b),
      processed: () => processedBefore + [...runners.values()].reduce((s, r) => s + r.processed, 0),
      drain: async () => {
        draining = true
        clearInterval(timer)
        await busy
        await Promise.all([...inFlight.values()])
        // Keep renewing while the last checkpoints are written, so the leases stay ours until released.
        const keepAlive = setInterval(() => void renewAll().catch(() => undefined), interval)
        try {
          await Promise.all([...held.keys()].map((p) => release(p)))
        } finally {
          clearInterval(keepAlive)
        }
        try {
          await workers.delete(workerId)
        } catch {
          // the heartbeat expires anyway
        }
        thresholdsView.close()
        logger.log('info', 'worker-drained', { workerId })
      },
    })
  }
}
