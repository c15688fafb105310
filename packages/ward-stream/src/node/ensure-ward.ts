import { DiscardPolicy, type JetStreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream'
import { Kvm } from '@nats-io/kv'
import type { NatsConnection } from '@nats-io/nats-core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { jsonFromBytes } from '../json-bytes.js'
import { type InvalidOption, invalidOption, natsFailure, type WardError } from '../ward-error.js'
import { type WardNames, wardNames } from '../ward-names.js'

/** Options of {@link ensureWard}. */
export interface EnsureWardOptions {
  /** Partition count, fixed for the life of the ward (default 16; 1-1024). */
  readonly partitions?: number
  /** Stream and bucket replicas: 1 for one server, 3 for a 3-node cluster (default 1). */
  readonly replicas?: number
  /** `file` (default, survives a server restart) or `memory`. */
  readonly storage?: 'file' | 'memory'
  /** JetStream duplicate window of the samples stream (default 120 000 ms). */
  readonly sampleDuplicateWindowMs?: number
  /** Duplicate window of the output stream; must exceed checkpoint interval + lease TTL + replay time (default 600 000 ms). */
  readonly outputDuplicateWindowMs?: number
  /** How long samples are kept; must exceed the longest outage a worker may catch up from (default 86 400 000 ms). */
  readonly samplesMaxAgeMs?: number
  /** How long outputs are kept (default 7 days). */
  readonly outputMaxAgeMs?: number
  /** Lease (and worker heartbeat) time to live (default 10 000 ms). */
  readonly leaseTtlMs?: number
}

/** A ward's fixed settings, stored in its config bucket. */
export interface WardConfig {
  readonly partitions: number
  readonly leaseTtlMs: number
}

const ns = (ms: number): number => ms * 1_000_000

/**
 * Creates (or checks) a tenant's streams and KV buckets: idempotent, so every worker, writer and
 * `simulate` calls it at start. A ward created with another partition count is refused (moving
 * patients between partitions would break checkpoints).
 */
export function ensureWard(
  nc: NatsConnection,
  jsm: JetStreamManager,
  tenant: string,
  options: EnsureWardOptions = {},
): TE.TaskEither<WardError, { names: WardNames; config: WardConfig }> {
  return async () => {
    const n = wardNames(tenant)
    if (E.isLeft(n)) return n
    const names = n.right
    const partitions = options.partitions ?? 16
    const replicas = options.replicas ?? 1
    const leaseTtlMs = options.leaseTtlMs ?? 10_000
    const unusable = wardConfigProblem(partitions, leaseTtlMs, '')
    if (unusable !== null) return E.left(unusable)
    const storage = options.storage === 'memory' ? StorageType.Memory : StorageType.File
    const stream = async (name: string, subjects: string[], dupMs: number, maxAgeMs: number): Promise<void> => {
      const cfg = {
        name,
        subjects,
        storage,
        num_replicas: replicas,
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.Old,
        duplicate_window: ns(dupMs),
        max_age: ns(maxAgeMs),
      }
      try {
        await jsm.streams.info(name)
        await jsm.streams.update(name, { subjects, duplicate_window: cfg.duplicate_window, max_age: cfg.max_age })
      } catch {
        await jsm.streams.add(cfg)
      }
    }
    try {
      await stream(
        names.samplesStream,
        [names.samplesWildcard],
        options.sampleDuplicateWindowMs ?? 120_000,
        options.samplesMaxAgeMs ?? 86_400_000,
      )
      await stream(
        names.outStream,
        [names.outWildcard, names.ackWildcard],
        options.outputDuplicateWindowMs ?? 600_000,
        options.outputMaxAgeMs ?? 7 * 86_400_000,
      )
      await stream(names.deadStream, [names.deadWildcard], 120_000, options.outputMaxAgeMs ?? 7 * 86_400_000)
      const kvm = new Kvm(nc)
      const kvStorage = options.storage === 'memory' ? 'memory' : 'file'
      const config = await kvm.create(names.configBucket, { replicas, storage: kvStorage })
      await kvm.create(names.leasesBucket, { replicas, storage: kvStorage, ttl: leaseTtlMs })
      await kvm.create(names.workersBucket, { replicas, storage: kvStorage, ttl: leaseTtlMs })
      await kvm.create(names.checkpointsBucket, { replicas, storage: kvStorage })
      await kvm.create(names.thresholdsBucket, { replicas, storage: kvStorage })
      const wanted: WardConfig = { partitions, leaseTtlMs }
      const existing = await config.get('ward')
      if (existing === null || existing.operation !== 'PUT') {
        try {
          await config.create('ward', JSON.stringify(wanted))
          return E.right({ names, config: wanted })
        } catch {
          // another process created it first: fall through and compare
        }
      }
      const stored = await readWardConfig(nc, tenant)()
      if (E.isLeft(stored)) return stored
      if (options.partitions !== undefined && stored.right.partitions !== partitions)
        return E.left(
          invalidOption(
            'partitions',
            `ward ${tenant} already has ${stored.right.partitions} partitions, not ${partitions}`,
          ),
        )
      return E.right({ names, config: stored.right })
    } catch (e) {
      return E.left(natsFailure(`ensureWard ${tenant}`, e))
    }
  }
}

/** Reads a ward's fixed settings (partition count, lease TTL) from its config bucket. */
export function readWardConfig(nc: NatsConnection, tenant: string): TE.TaskEither<WardError, WardConfig> {
  return async () => {
    const n = wardNames(tenant)
    if (E.isLeft(n)) return n
    try {
      const kv = await new Kvm(nc).open(n.right.configBucket)
      const e = await kv.get('ward')
      if (e === null || e.operation !== 'PUT') return E.left(natsFailure('readWardConfig', `ward ${tenant} not set up`))
      return decodeWardConfig(tenant, e.value)
    } catch (err) {
      return E.left(natsFailure('readWardConfig', err))
    }
  }
}

/**
 * The config bucket's entry, checked with the rules `ensureWard` writes it by: a partition count or
 * lease TTL that is not a number would send publishers' samples to partitions no worker owns (or no
 * partition at all), so a damaged entry is an `InvalidOption`, never a ward run on it.
 */
function decodeWardConfig(tenant: string, bytes: Uint8Array): E.Either<WardError, WardConfig> {
  const json = jsonFromBytes(bytes)
  if (E.isLeft(json)) return E.left(invalidOption('config', `ward ${tenant}: the stored config is not JSON`))
  const u = json.right
  const { partitions, leaseTtlMs } = (typeof u === 'object' && u !== null ? u : {}) as Record<string, unknown>
  const unusable = wardConfigProblem(partitions, leaseTtlMs, `ward ${tenant}: stored `)
  return unusable === null ? E.right({ partitions, leaseTtlMs } as WardConfig) : E.left(unusable)
}

/**
 * The one rule for a ward's fixed settings, for `ensureWard`'s options and for the stored config
 * alike: partitions an integer 1–1024, a lease TTL a finite number ≥ 1 000 ms.
 */
function wardConfigProblem(partitions: unknown, leaseTtlMs: unknown, what: string): InvalidOption | null {
  if (typeof partitions !== 'number' || !Number.isInteger(partitions) || partitions < 1 || partitions > 1024)
    return invalidOption('partitions', `${what}partitions ${JSON.stringify(partitions)} is not an integer 1-1024`)
  if (typeof leaseTtlMs !== 'number' || !Number.isFinite(leaseTtlMs) || leaseTtlMs < 1000)
    return invalidOption('leaseTtlMs', `${what}leaseTtlMs ${JSON.stringify(leaseTtlMs)} is not a number ≥ 1000`)
  return null
}
