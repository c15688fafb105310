import { describeThrown, type OximetrySample } from '@openward/core'
import type { Consumer, JetStreamClient, JsMsg } from '@nats-io/jetstream'
import { DeliverPolicy } from '@nats-io/jetstream'
import type { KV } from '@nats-io/kv'
import type { NatsConnection } from '@nats-io/nats-core'
import { type AlertBands, NHSE_OXIMETRY_HOME_BANDS } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'

import { emptyMinuteSummaries, type MinuteSummaryState, type MinuteTally, pushMinuteSample } from '../minute-summary.js'
import { decodeSampleBatch } from '../sample-batch.js'
import { phaseOf } from '../stagger.js'
import { AckedPublisher } from './acked-publisher.js'
import { partitionOf } from '../partition.js'
import { floorBelowUnsaved, PhaseGroups } from './phase-groups.js'
import { type BandsEntry, bandsEntry, type StoredBands, type ThresholdsView } from './thresholds-view.js'
import { checkKey } from '../ward-names.js'
import type { WardDetector, WardDetectorFactory } from '../ward-detector.js'
import type { DeadLetterReason } from '../ward-error.js'
import type { WardLogger } from '../ward-logger.js'
import type { WardNames } from '../ward-names.js'
import { WARD_OUTPUT_VERSION, type WardDetectorEvent, type WardOutput } from '../ward-output.js'

/** Why a patient's bands are the NHSE bands and not its own. */
type BandsProblem = 'thresholds-invalid' | 'thresholds-defaulted'

/** The bands a patient's entry gives, and why they are the NHSE bands when the entry gives none. */
function bandsOf(stored: StoredBands): { bands: AlertBands; problem?: BandsProblem; why?: string } {
  if (stored !== null && E.isRight(stored)) return { bands: stored.right }
  // An entry the detector cannot use (not JSON, a limit as text, inverted bands) must neither stop
  // the partition nor build an inert detector: the NHSE bands apply, loudly, until it is corrected.
  if (stored !== null)
    return {
      bands: NHSE_OXIMETRY_HOME_BANDS,
      problem: 'thresholds-invalid',
      why: `${stored.left.message}: NHSE Oximetry @home bands apply until the entry is corrected`,
    }
  return {
    bands: NHSE_OXIMETRY_HOME_BANDS,
    problem: 'thresholds-defaulted',
    why: 'no thresholds configured for this patient: NHSE Oximetry @home bands apply',
  }
}

const sameBands = (a: AlertBands, b: AlertBands): boolean =>
  a.normalAtOrAbove === b.normalAtOrAbove && a.reviewAtOrAbove === b.reviewAtOrAbove

/**
 * Version of the per-patient checkpoint record in the checkpoints bucket. 2 added `closedMinute` (a
 * finished minute whose summary is not emitted yet); a version 1 record restores with none.
 */
export const CHECKPOINT_VERSION = 2

interface PatientState {
  readonly key: string
  detector: WardDetector
  bands: AlertBands
  /** A changed thresholds entry, applied from the first batch the server stored at or after its `atMs`. */
  pending: BandsEntry | undefined
  /** Every message of this patient with a sequence ≤ this is in `detector`'s state. */
  coveredThrough: number
  summaries: MinuteSummaryState
  /** This patient's delay of a minute's summary after the minute ends (its phase, ms). */
  readonly summaryDelayMs: number
  /** State changed since the last checkpoint record (a message or a tick). */
  dirty: boolean
  /** Sequence of the first message applied since the last checkpoint record, 0 when none. */
  firstUnsavedSeq: number
  lastSentAtMs: number
  /** Worker clock when this patient's last message was applied (0: none since start). */
  lastArrivalMs: number
  lastSeq: number
}

interface CheckpointRecord {
  readonly v: number
  readonly coveredThrough: number
  readonly bands: AlertBands
  readonly minute: MinuteTally | null
  readonly closedMinute?: MinuteTally | null
  readonly detector: unknown
}

/** What a partition runner needs from its worker. */
export interface PartitionRunnerContext {
  readonly nc: NatsConnection
  readonly js: JetStreamClient
  readonly names: WardNames
  readonly partitions: number
  readonly checkpoints: KV
  readonly thresholds: KV
  /** The worker's watched copy of the thresholds bucket (read first; `thresholds` when it cannot answer). */
  readonly thresholdsView: ThresholdsView
  readonly factory: WardDetectorFactory
  readonly logger: WardLogger
  readonly now: () => number
  /** False once this worker can no longer be sure it holds the partition's lease. */
  readonly holdsLease: () => boolean
  readonly checkpointIntervalMs: number
  readonly tickIntervalMs: number
  /** A minute's summary is emitted up to this long after the minute ends, spread by patient (see `phaseOf`). */
  readonly summarySpreadMs: number
}

/** The runner stopped: lost its lease, or a write failed; the worker restarts it from the checkpoint. */
export class PartitionAbandoned extends Error {
  override readonly name = 'PartitionAbandoned'
}

// Runs of all partitions of this process, started together once the event loop has read what
// arrived (setImmediate: after the I/O phase). Their publishes then share one socket write: the NATS
// client flushes once per microtask turn, and the runs' microtasks are queued ahead of that flush.
const soon: (() => void)[] = []
function runSoon(f: () => void): void {
  if (soon.push(f) === 1)
    setImmediate(() => {
      for (const g of soon.splice(0)) g()
    })
}

const floorKey = (p: number): string => `floor.${p}`
/** Longest wait for the stream to ack the outputs and checkpoints published so far. */
const ACK_TIMEOUT_MS = 10_000
/** Messages taken from the consumer but not processed yet: the reader waits above this. */
const MAX_QUEUED = 2_048
const patientKeyOf = (p: number, k: string): string => `cp.${p}.${k}`
/** A checkpoint interval is written in steps of this: one group of patients per step. */
const CHECKPOINT_STEP_MS = 500
/** An arrival-time tick interval is swept in this many groups of patients. */
const TICK_GROUPS = 4
/** Thresholds of new patients are read this many at a time (all at once was 25,000 requests at a start). */
const PREFETCH_BATCH = 512
/** Longest wait for the watched thresholds to catch up with the bucket before reading it key by key. */
const THRESHOLDS_BARRIER_MS = 2_000

/**
 * Runs one partition while its worker holds the lease: restores the patients' checkpoints, replays
 * the partition's samples in stream order (an ordered consumer: no gaps, no reordering) from the
 * partition floor, runs each patient's detector, publishes outputs with stable message ids, and
 * checkpoints: every patient with unsaved state gets a record once per `checkpointIntervalMs`, at its
 * own phase within the interval (one group of patients per 500 ms step, not all at once); after each
 * step the floor moves up to the first message some patient's record does not hold yet, once those
 * records and every output before them are stored (compare-and-set on the floor revision: a second
 * owner fails here).
 */
export class PartitionRunner {
  private readonly patients = new Map<string, PatientState>()
  /** Patients with messages not in a stored checkpoint record yet (`firstUnsavedSeq` > 0). */
  private readonly unsaved = new Set<PatientState>()
  private readonly checkpointGroups: PhaseGroups<PatientState>
  private readonly tickGroups = new PhaseGroups<PatientState>(TICK_GROUPS)
  private out: AckedPublisher | undefined
  /** The last checkpoint's floor write, while its records and outputs are being acked. */
  private confirming: Promise<void> | undefined
  /** The checkpoint records being written: each checkpoint's records go out once the outputs before them are stored. */
  private recording: Promise<void> = Promise.resolve()
  private queue: JsMsg[] = []
  /** Thresholds entries read ahead for patients not created yet (`stored: null`: none configured). */
  private readonly prefetched = new Map<string, BandsEntry>()
  private unsubscribe: (() => void) | undefined
  private draining = false
  private floorRev = 0
  private position = 0
  private stopped = false
  private stopRequested = false
  private chain: Promise<void> = Promise.resolve()
  private iter: { stop(): void } | undefined
  private timers: ReturnType<typeof setInterval>[] = []
  private failure: unknown
  private lastMessageMs = 0
  private checkpointed = 0
  /** Highest floor a move was started for. */
  private floorAsked = 0
  readonly done: Promise<void>
  private resolveDone!: () => void
  /** Messages processed since start (status, tests). */
  processed = 0

  constructor(
    readonly partition: number,
    private readonly ctx: PartitionRunnerContext,
  ) {
    this.done = new Promise((r) => (this.resolveDone = r))
    this.checkpointGroups = new PhaseGroups(Math.max(1, Math.round(ctx.checkpointIntervalMs / CHECKPOINT_STEP_MS)))
  }

  get floor(): number {
    return this.position
  }

  /** Loads the checkpoints and starts consuming; resolves once running. */
  async start(): Promise<void> {
    const { ctx, partition: p } = this
    const floor = await ctx.checkpoints.get(floorKey(p))
    if (floor !== null && floor.operation === 'PUT') {
      this.position = floor.json<{ seq: number }>().seq
      this.checkpointed = this.position
      this.floorAsked = this.position
      this.floorRev = floor.revision
    }
    const keys: string[] = []
    for await (const k of await ctx.checkpoints.keys(`cp.${p}.*`)) keys.push(k)
    for (let i = 0; i < keys.length; i += 256) {
      const entries = await Promise.all(keys.slice(i, i + 256).map((k) => ctx.checkpoints.get(k)))
      for (const e of entries) {
        if (e === null || e.operation !== 'PUT') continue
        const rec = e.json<CheckpointRecord>()
        const key = e.key.slice(`cp.${p}.`.length)
        const restored = rec.v === 1 || rec.v === CHECKPOINT_VERSION ? ctx.factory.restore(rec.detector) : undefined
        if (restored === undefined || E.isLeft(restored)) {
          // A checkpoint we cannot read must not silently restart the patient from nothing.
          throw new PartitionAbandoned(`checkpoint ${e.key} does not restore`)
        }
        this.addPatient({
          key,
          detector: restored.right,
          bands: rec.bands,
          pending: undefined,
          coveredThrough: rec.coveredThrough,
          summaries: { open: rec.minute, closed: rec.closedMinute ?? null },
          summaryDelayMs: this.summaryDelayOf(key),
          dirty: false,
          firstUnsavedSeq: 0,
          lastSentAtMs: 0,
          // From the restore on, as if it had just sent: a finished minute in the checkpoint is sent
          // after `summarySpreadMs` even if the device never sends again.
          lastArrivalMs: ctx.now(),
          lastSeq: rec.coveredThrough,
        })
      }
    }
    // A change to a patient's entry reaches its running detector (H-WS-17: it used to wait until the
    // patient moved to another worker), and a restored patient gets its entry as it is now, not as it
    // was when its checkpoint was written. Either way from the first batch stored at or after the
    // change: what an owner that ran all along did, so a takeover replays the same alerts.
    this.unsubscribe = ctx.thresholdsView.subscribe((key, entry) => {
      const st = this.patients.get(key)
      if (st !== undefined) st.pending = entry
    })
    if (this.patients.size > 0)
      for (const [key, entry] of await this.readThresholds([...this.patients.keys()])) {
        const st = this.patients.get(key)
        if (st !== undefined && st.pending === undefined) st.pending = entry
      }
    ctx.logger.log('info', 'partition-started', { partition: p, fromSeq: this.position + 1, patients: keys.length })
    this.out = new AckedPublisher(ctx.nc)
    const consumer: Consumer = await ctx.js.consumers.get(ctx.names.samplesStream, {
      filter_subjects: ctx.names.partitionFilter(p),
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: this.position + 1,
    })
    const iter = await consumer.consume({ max_messages: 256 })
    this.iter = iter
    this.timers.push(
      setInterval(() => void this.serial(() => this.tick()), Math.max(1, ctx.tickIntervalMs / TICK_GROUPS)),
    )
    this.timers.push(
      setInterval(() => {
        // One group of patients per step; everyone at once as soon as the partition has been idle
        // for a second with unsaved progress: a quiet partition then has nothing to replay after a crash.
        const idle = this.position > this.checkpointed && ctx.now() - this.lastMessageMs >= 1_000
        void this.serial(() => this.checkpoint(idle ? 'all' : 'step'))
      }, ctx.checkpointIntervalMs / this.checkpointGroups.groups),
    )
    void (async () => {
      try {
        // Messages are queued and handled in runs: a run handles everything that arrived, without
        // yielding between messages, so its publishes leave in one socket write (the client flushes
        // once per microtask turn) instead of one write per message.
        for await (const m of iter) {
          if (this.stopped || this.stopRequested) break
          this.queue.push(m)
          if (!this.draining) {
            this.draining = true
            runSoon(() => void this.serial(() => this.drainQueue()))
          }
          if (this.queue.length >= MAX_QUEUED) await this.chain
          if (this.failure !== undefined) break
        }
      } catch (e) {
        this.failure ??= e
      }
      // Asked to stop: `stop` finishes, after its last checkpoint (closing the publisher here failed
      // that checkpoint's wait for its acks, and a graceful hand-over left the floor behind).
      if (this.stopRequested) return
      // The consumer ended without being asked to (server gone, heartbeats missed): the worker must
      // restart this partition from its checkpoint, so record it as a failure.
      this.failure ??= new PartitionAbandoned(`consumer of partition ${this.partition} ended`)
      this.finish()
    })()
  }

  private finish(): void {
    this.unsubscribe?.()
    for (const t of this.timers) clearInterval(t)
    this.timers = []
    this.out?.close()
    this.resolveDone()
  }

  /** Why it stopped, if it failed. */
  get error(): unknown {
    return this.failure
  }

  /** Records the first failure and stops consuming: the worker restarts the partition from its checkpoint. */
  private abandon(e: unknown): void {
    this.failure ??= e
    this.iter?.stop()
  }

  private serial(f: () => void | Promise<void>): Promise<void> {
    this.chain = this.chain.then(async () => {
      if (this.failure !== undefined || this.stopped) {
        this.draining = false
        return
      }
      try {
        await f()
      } catch (e) {
        this.draining = false
        this.abandon(e)
      }
    })
    return this.chain
  }

  /** Handles every queued message in stream order; awaits only for a patient seen for the first time. */
  private async drainQueue(): Promise<void> {
    while (this.queue.length > 0) {
      const run = this.queue
      this.queue = []
      await this.prefetchThresholds(run)
      for (const m of run) {
        const wait = this.handle(m)
        if (wait !== undefined) await wait
      }
      if (this.out!.pending > 20_000) await this.settle()
    }
    // Reset in the same synchronous step that saw the queue empty: the reader then schedules the next run.
    this.draining = false
  }

  private fence(): void {
    if (!this.ctx.holdsLease()) throw new PartitionAbandoned(`lease of partition ${this.partition} not held`)
  }

  private publish(out: WardOutput): void {
    this.out!.publish(this.ctx.names.outSubject(out.kind, out.patientKey), JSON.stringify(out), out.id)
  }

  private deadLetter(m: JsMsg, reason: DeadLetterReason, message: string): void {
    this.ctx.logger.log('warn', 'dead-letter', { partition: this.partition, seq: m.seq, subject: m.subject, reason })
    const body = { _tag: 'InvalidMessage', reason, message, seq: m.seq, subject: m.subject, partition: this.partition }
    this.out!.publish(
      this.ctx.names.deadSubject(this.partition),
      JSON.stringify(body),
      `dead:${this.partition}:${m.seq}`,
    )
  }

  private summaryDelayOf(key: string): number {
    // Whole seconds (samples come at ~1 Hz), at most a minute: a later minute's end flushes it anyway.
    const spreadS = Math.min(60, Math.floor(this.ctx.summarySpreadMs / 1000))
    return spreadS <= 0 ? 0 : phaseOf(key, spreadS) * 1000
  }

  private addPatient(st: PatientState): void {
    this.patients.set(st.key, st)
    this.checkpointGroups.add(st.key, st)
    this.tickGroups.add(st.key, st)
  }

  private async patient(key: string): Promise<PatientState> {
    const known = this.patients.get(key)
    if (known !== undefined) return known
    let own = this.prefetched.get(key)
    this.prefetched.delete(key)
    if (own === undefined) own = bandsEntry(await this.ctx.thresholds.get(key))
    const { bands, problem, why } = bandsOf(own.stored)
    if (problem !== undefined) this.logBandsProblem(problem, { patientKey: key, partition: this.partition, bands, why })
    const state: PatientState = {
      key,
      detector: this.ctx.factory.create(key, bands),
      bands,
      pending: undefined,
      coveredThrough: 0,
      summaries: emptyMinuteSummaries(),
      summaryDelayMs: this.summaryDelayOf(key),
      dirty: true,
      firstUnsavedSeq: 0,
      lastSentAtMs: 0,
      lastArrivalMs: 0,
      lastSeq: 0,
    }
    this.addPatient(state)
    // A change the watch delivered after the read above, before the patient existed for the listener.
    const now = this.ctx.thresholdsView.current(key)
    if (now !== undefined && now.atMs > own.atMs) state.pending = now
    return state
  }

  /**
   * Reads the thresholds of every patient in the run seen for the first time, all at once: one KV
   * round trip after the other, in order, cost seconds when a partition starts with 1,000+ patients
   * (the p99 of the first bench was that start). The patients are still created in stream order.
   */
  private async prefetchThresholds(run: readonly JsMsg[]): Promise<void> {
    const fresh = new Set<string>()
    for (const m of run) {
      const tokens = m.subject.split('.')
      const key = tokens[4]
      if (tokens.length !== 5 || Number(tokens[3]) !== this.partition || key === undefined) continue
      if (this.patients.has(key) || this.prefetched.has(key) || E.isLeft(checkKey('patientKey', key))) continue
      fresh.add(key)
    }
    if (fresh.size === 0) return
    for (const [key, entry] of await this.readThresholds([...fresh])) this.prefetched.set(key, entry)
  }

  /**
   * The patients' entries as the bucket holds them now: from the worker's watched copy once it has
   * caught up with the bucket (one stream-info request, however many patients), else read key by key
   * (copy still loading or its watch down). A key that could not be read is left out; `patient()`
   * reads it again, in order, and fails the partition if it cannot.
   */
  private async readThresholds(keys: readonly string[]): Promise<Map<string, BandsEntry>> {
    const out = new Map<string, BandsEntry>()
    const view = this.ctx.thresholdsView
    if (await view.caughtUp(THRESHOLDS_BARRIER_MS))
      for (const key of keys) {
        const stored = view.current(key)
        if (stored !== undefined) out.set(key, stored)
      }
    const rest = out.size === keys.length ? [] : keys.filter((k) => !out.has(k))
    for (let i = 0; i < rest.length; i += PREFETCH_BATCH)
      await Promise.all(
        rest.slice(i, i + PREFETCH_BATCH).map(async (key) => {
          try {
            out.set(key, bandsEntry(await this.ctx.thresholds.get(key)))
          } catch {
            // left out: read again when needed
          }
        }),
      )
    return out
  }

  /**
   * Gives the patient the bands of its changed entry, before the first batch stored at or after the
   * change: the detector keeps its state (level, runs, quality gate) and judges that batch by the new
   * bands, so a patient in `review` under the NHSE bands whose target becomes 88–92 % de-escalates by
   * the usual recovery rule, and one whose bands tighten escalates after the usual persistence.
   */
  private applyPending(st: PatientState, pending: BandsEntry): void {
    st.pending = undefined
    const { bands, problem, why } = bandsOf(pending.stored)
    if (sameBands(bands, st.bands)) return
    const fields = { patientKey: st.key, partition: this.partition, from: st.bands, bands }
    const next = st.detector.withBands?.(bands)
    if (next === undefined) {
      this.ctx.logger.log('error', 'thresholds-not-applied', {
        ...fields,
        why: 'this detector cannot change its bands while running: drain the worker to apply them',
      })
      return
    }
    st.detector = next
    st.bands = bands
    st.dirty = true
    if (problem === undefined) this.ctx.logger.log('info', 'thresholds-applied', fields)
    else this.logBandsProblem(problem, { ...fields, why })
  }

  /** NHSE bands instead of the patient's own: an unusable entry is an error, no entry a warning (H-WS-7, H-WS-15). */
  private logBandsProblem(problem: BandsProblem, fields: Readonly<Record<string, unknown>>): void {
    this.ctx.logger.log(problem === 'thresholds-invalid' ? 'error' : 'warn', problem, fields)
  }

  /** Handles one message; a promise only when the patient is new (its thresholds are read first). */
  private handle(m: JsMsg): Promise<void> | undefined {
    this.fence()
    const seq = m.seq
    const tokens = m.subject.split('.')
    const pToken = Number(tokens[3])
    const subjectKey = tokens[4] ?? ''
    if (tokens.length !== 5 || pToken !== this.partition) {
      this.deadLetter(
        m,
        'wrong-subject',
        `subject ${m.subject} is not ${this.ctx.names.samplesSubject(this.partition, '<patientKey>')}`,
      )
    } else {
      const decoded = decodeSampleBatch(m.data)
      if (E.isLeft(decoded)) this.deadLetter(m, decoded.left.reason, decoded.left.message)
      else if (decoded.right.patientKey !== subjectKey)
        this.deadLetter(m, 'wrong-subject', `batch for ${decoded.right.patientKey} on ${m.subject}`)
      else if (partitionOf(subjectKey, this.ctx.partitions) !== this.partition)
        this.deadLetter(
          m,
          'wrong-partition',
          `${subjectKey} belongs to partition ${partitionOf(subjectKey, this.ctx.partitions)}`,
        )
      else {
        const batch = decoded.right
        const known = this.patients.get(subjectKey)
        if (known === undefined)
          return this.patient(subjectKey).then((st) => {
            if (seq > st.coveredThrough) this.apply(st, m, batch.samples, seq, batch.sentAtMs)
            this.advance(seq)
          })
        if (seq > known.coveredThrough) this.apply(known, m, batch.samples, seq, batch.sentAtMs)
      }
    }
    this.advance(seq)
    return undefined
  }

  private advance(seq: number): void {
    this.position = seq
    this.lastMessageMs = this.ctx.now()
    this.processed++
  }

  private apply(st: PatientState, m: JsMsg, samples: readonly OximetrySample[], seq: number, sentAtMs: number): void {
    const pending = st.pending
    if (pending !== undefined && Number(m.timestampNanos / 1_000_000n) >= pending.atMs) this.applyPending(st, pending)
    st.lastSentAtMs = sentAtMs
    st.lastArrivalMs = this.ctx.now()
    st.lastSeq = seq
    st.dirty = true
    if (st.firstUnsavedSeq === 0) {
      st.firstUnsavedSeq = seq
      this.unsaved.add(st)
    }
    const now = this.ctx.now()
    for (const s of samples) {
      for (const m of pushMinuteSample(st.summaries, s, st.summaryDelayMs)) this.emitSummary(st, m, seq, sentAtMs)
      for (const e of st.detector.push(s, now)) this.emitEvent(st, e)
    }
    st.coveredThrough = seq
  }

  private emitEvent(st: PatientState, e: WardDetectorEvent): void {
    this.publish({
      v: WARD_OUTPUT_VERSION,
      id: e.id,
      kind: e.kind,
      tenant: this.ctx.names.tenant,
      patientKey: st.key,
      partition: this.partition,
      sourceSeq: st.lastSeq,
      sentAtMs: st.lastSentAtMs,
      emittedAtMs: this.ctx.now(),
      event: e,
    })
  }

  // Per-minute summaries by sample time, emitted at the patient's phase after the minute (see
  // `pushMinuteSample`): the same minutes, ids and contents on a replay.
  private emitSummary(st: PatientState, m: MinuteTally, seq: number, sentAtMs: number): void {
    this.publish({
      v: WARD_OUTPUT_VERSION,
      id: `${st.key}:summary:${m.startMs}`,
      kind: 'summary',
      tenant: this.ctx.names.tenant,
      patientKey: st.key,
      partition: this.partition,
      sourceSeq: seq,
      sentAtMs,
      emittedAtMs: this.ctx.now(),
      minuteStartMs: m.startMs,
      samples: m.samples,
      validSamples: m.valid,
      minSpo2: m.min,
      meanSpo2: m.valid > 0 ? Math.round((m.sum / m.valid) * 10) / 10 : null,
      lastSpo2: m.lastSpo2,
      lastPulseRate: m.lastPulseRate,
      lastTimeMs: m.lastTimeMs,
    })
  }

  /** Arrival-time checks of one group of patients (each group once per `tickIntervalMs`). */
  private tick(): void {
    this.fence()
    const now = this.ctx.now()
    for (const st of this.tickGroups.next()) {
      for (const e of st.detector.tick(now)) {
        st.dirty = true
        this.emitEvent(st, e)
      }
      // A finished minute waiting for its phase while no samples come (the device stopped): sent after
      // `summarySpreadMs` of silence, not held until the data resumes. Same id and content as a
      // sample-time emission, so a replay that emits it again is a duplicate the stream drops.
      const closed = st.summaries.closed
      if (closed !== null && st.lastArrivalMs > 0 && now - st.lastArrivalMs >= this.ctx.summarySpreadMs) {
        st.summaries.closed = null
        st.dirty = true
        this.emitSummary(st, closed, st.lastSeq, st.lastSentAtMs)
      }
    }
  }

  /** Waits until every output published so far is stored; any failure abandons the partition. */
  private async settle(): Promise<void> {
    try {
      await this.out!.settle(ACK_TIMEOUT_MS)
    } catch (e) {
      throw new PartitionAbandoned(`an output was not stored: ${describeThrown(e)}`)
    }
  }

  /**
   * Writes checkpoint records, then moves the floor. `step`: the dirty patients of the group whose turn
   * it is (each patient once per interval, at its phase); `all`: every dirty patient (idle, handing
   * over). Runs in the partition's chain only to snapshot the records (synchronous, consistent with
   * `position`); storing them and moving the floor happen beside the processing, which would otherwise
   * stall behind thousands of KV writes. A checkpoint's records are published only once every output
   * published before them is stored: a record claims its patient's messages up to `position` are
   * done, and a record stored beside a refused output would make the restarted partition skip the
   * messages that output came from (H-WS-18: the outputs and the bucket are different streams, with
   * different leaders in a cluster). The floor goes up to just below the first message some
   * patient's record does not hold yet, once those records are stored; a step's floor move waits
   * while the previous one is confirming (the next step moves it), a move of `all` queues behind it.
   */
  checkpoint(which: 'step' | 'all'): void {
    const { ctx, partition: p } = this
    const position = this.position
    this.fence()
    // KV puts as plain acked publishes to `$KV.<bucket>.<key>` (ADR-8), all in flight at once.
    const kvPrefix = `$KV.${ctx.names.checkpointsBucket}.`
    const records: [subject: string, body: string][] = []
    for (const st of which === 'all' ? this.patients.values() : this.checkpointGroups.next()) {
      if (!st.dirty) continue
      const rec: CheckpointRecord = {
        v: CHECKPOINT_VERSION,
        // Processing is in stream order, so at `position` this patient has seen all its messages ≤ position.
        coveredThrough: position,
        bands: st.bands,
        minute: st.summaries.open,
        closedMinute: st.summaries.closed,
        detector: st.detector.snapshot(),
      }
      st.dirty = false
      st.firstUnsavedSeq = 0
      this.unsaved.delete(st)
      st.coveredThrough = Math.max(st.coveredThrough, position)
      records.push([kvPrefix + patientKeyOf(p, st.key), JSON.stringify(rec)])
    }
    // Every output of the messages ≤ position was published before this mark.
    const outputs = this.out!.mark()
    if (records.length > 0)
      this.recording = this.recording
        .then(async () => {
          if (this.failure !== undefined) return
          try {
            await this.out!.waitThrough(outputs, ACK_TIMEOUT_MS)
          } catch (e) {
            throw new PartitionAbandoned(`an output was not stored: ${describeThrown(e)}`)
          }
          for (const [subject, body] of records) this.out!.publish(subject, body)
        })
        .catch((e: unknown) => this.abandon(e))
    const written = this.recording
    const target = floorBelowUnsaved(
      position,
      (function* (u) {
        for (const st of u) yield st.firstUnsavedSeq
      })(this.unsaved),
    )
    if (target <= this.floorAsked || (this.confirming !== undefined && which === 'step')) return
    this.floorAsked = target
    const move: Promise<void> = (this.confirming ?? Promise.resolve())
      .then(() => written)
      // Every record above and every output before them was published before this mark.
      .then(() => this.moveFloor(target, this.out!.mark()))
      .catch((e: unknown) => this.abandon(e))
      .finally(() => {
        if (this.confirming === move) this.confirming = undefined
      })
    this.confirming = move
  }

  private async moveFloor(position: number, mark: number): Promise<void> {
    const { ctx, partition: p } = this
    if (this.failure !== undefined) return
    try {
      await this.out!.waitThrough(mark, ACK_TIMEOUT_MS)
    } catch (e) {
      throw new PartitionAbandoned(`an output or checkpoint was not stored: ${describeThrown(e)}`)
    }
    this.fence()
    const body = JSON.stringify({ seq: position, atMs: ctx.now() })
    try {
      this.floorRev =
        this.floorRev === 0
          ? await ctx.checkpoints.create(floorKey(p), body)
          : await ctx.checkpoints.update(floorKey(p), body, this.floorRev)
    } catch (e) {
      throw new PartitionAbandoned(`floor of partition ${p} changed under us: ${String(e)}`)
    }
    this.checkpointed = position
  }

  /** Stops consuming; `graceful` writes a last checkpoint first (drain, handing a partition over). */
  async stop(graceful: boolean): Promise<void> {
    this.stopRequested = true
    if (graceful && this.failure === undefined && !this.stopped) {
      this.iter?.stop()
      await this.serial(() => this.checkpoint('all'))
      await this.recording
      await this.confirming
    }
    this.stopped = true
    this.iter?.stop()
    await this.chain
    this.finish()
    await this.done
  }
}
