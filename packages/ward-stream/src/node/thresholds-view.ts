import { describeThrown } from '@openward/core'
import type { KV, KvEntry } from '@nats-io/kv'
import type { NatsConnection } from '@nats-io/nats-core'
import type { AlertBands } from '@openward/spo2'
import type * as E from 'fp-ts/lib/Either.js'

import { decodePatientBands } from '../patient-thresholds.js'
import type { InvalidOption } from '../ward-error.js'
import type { WardLogger } from '../ward-logger.js'

/** A patient's thresholds-bucket entry, read: its bands, why they cannot be used, or `null` for none. */
export type StoredBands = E.Either<InvalidOption, AlertBands> | null

/** The entry as the detector rule sees it: a deleted or purged key is no entry. */
const storedBands = (entry: KvEntry | null): StoredBands =>
  entry !== null && entry.operation === 'PUT' ? decodePatientBands(entry.value) : null

/**
 * A patient's entry and when the server stored it (`atMs`, the bucket message's timestamp; 0 for a
 * key never written). A change applies from the first sample batch the server stored at or after
 * `atMs`: both are server timestamps, so every owner of the patient applies it at the same batch.
 */
export interface BandsEntry {
  readonly stored: StoredBands
  readonly atMs: number
}

const NO_ENTRY: BandsEntry = { stored: null, atMs: 0 }

export const bandsEntry = (entry: KvEntry | null): BandsEntry =>
  entry === null ? NO_ENTRY : { stored: storedBands(entry), atMs: entry.created.getTime() }

/** Called for every entry the watch delivers (a first load delivers every key once). */
export type ThresholdsListener = (patientKey: string, entry: BandsEntry) => void

/** Pause before watching again after the watch ended (server restart, lost connection). */
const REWATCH_MS = 1_000

/**
 * One worker's copy of the ward's thresholds bucket, kept current by a KV watch: a new patient's
 * bands come from memory instead of one KV read each (50,000 reads made the first seconds of a cold
 * start the slowest of the run), and a changed entry reaches the patient's detector while it runs
 * (H-WS-17: a change used to wait until the patient moved to another worker).
 *
 * A copy can lag the bucket, and a patient's bands must come from an entry written before its first
 * sample was published (a ward sets the thresholds, then the device starts), so `caughtUp` is the
 * read barrier: it asks the stream for its last sequence and waits until the watch has delivered
 * it. While the watch is down the copy says nothing (`current` is `undefined`) and callers read the
 * bucket themselves, as before.
 */
export class ThresholdsView {
  private readonly entries = new Map<string, BandsEntry>()
  private readonly listeners = new Set<ThresholdsListener>()
  private waiters: { seq: number; resolve: (ok: boolean) => void }[] = []
  /** Highest bucket sequence the watch has delivered (and this copy holds). */
  private revision = 0
  private live = false
  private closed = false
  private watching: { stop(): void } | undefined
  private retry: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly kv: KV,
    private readonly nc: NatsConnection,
    private readonly logger: WardLogger,
  ) {}

  /** Starts watching; the first load runs in the background (see `caughtUp`). */
  start(): void {
    void this.watch()
  }

  /** The patient's entry as this copy holds it; `undefined` when the copy cannot answer (watch down). */
  current(patientKey: string): BandsEntry | undefined {
    return this.live ? (this.entries.get(patientKey) ?? NO_ENTRY) : undefined
  }

  /** Every delivered entry, from now on; returns the unsubscribe. */
  subscribe(listener: ThresholdsListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * True once the copy holds everything the bucket held when this was called; false when the bucket
   * cannot be asked or the copy is not there within `timeoutMs` (first load still running, watch down).
   */
  async caughtUp(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    if (!this.live && !(await this.until(0, timeoutMs))) return false
    let seq: number
    try {
      seq = (await this.kv.status()).streamInfo.state.last_seq
    } catch {
      return false
    }
    return this.until(seq, deadline - Date.now())
  }

  /** Resolves true once the copy is live and holds `seq`; false at the deadline or when the watch ends. */
  private until(seq: number, timeoutMs: number): Promise<boolean> {
    if (this.live && this.revision >= seq) return Promise.resolve(true)
    if (this.closed || timeoutMs <= 0) return Promise.resolve(false)
    return new Promise<boolean>((resolve) => {
      const waiter = { seq, resolve }
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter)
        resolve(false)
      }, timeoutMs)
      waiter.resolve = (ok) => {
        clearTimeout(timer)
        resolve(ok)
      }
      this.waiters.push(waiter)
    })
  }

  close(): void {
    this.closed = true
    this.live = false
    clearTimeout(this.retry)
    this.watching?.stop()
    this.release(false)
  }

  private async watch(): Promise<void> {
    if (this.closed) return
    try {
      // A new watch reloads every key: what the last one held may have been deleted since.
      this.entries.clear()
      this.revision = 0
      const iter = await this.kv.watch()
      this.watching = iter
      // The watch delivers the last entry of every key, then each change. The copy answers once it
      // holds the bucket as it was when the watch began: the stream's last sequence then is reached
      // (or the consumer says nothing is pending, for a last entry removed since). Until then
      // `current` says "unknown", never "no thresholds".
      const target = (await this.kv.status()).streamInfo.state.last_seq
      if (target === 0) {
        this.live = !this.closed
        this.release(true)
      }
      for await (const e of iter) {
        const entry = bandsEntry(e)
        this.entries.set(e.key, entry)
        if (e.revision > this.revision) this.revision = e.revision
        if (!this.live && (this.revision >= target || e.delta === 0)) this.live = !this.closed
        for (const l of this.listeners) l(e.key, entry)
        if (this.live && this.waiters.length > 0) this.release(true)
      }
      if (!this.closed && !this.nc.isClosed())
        this.logger.log('warn', 'thresholds-watch-ended', { rewatchInMs: REWATCH_MS })
    } catch (e) {
      this.watching?.stop() // a failure after the watch began (the status request) must not leave it running
      if (!this.closed && !this.nc.isClosed())
        this.logger.log('warn', 'thresholds-watch-failed', { error: describeThrown(e), rewatchInMs: REWATCH_MS })
    }
    this.live = false
    this.release(false)
    // A closed connection is the worker's end, not a fault: nothing to watch again.
    if (this.nc.isClosed()) this.close()
    if (!this.closed) this.retry = setTimeout(() => void this.watch(), REWATCH_MS).unref()
  }

  /** Answers the barrier waiters the copy now satisfies (all of them, false, when it went down). */
  private release(ok: boolean): void {
    const keep: typeof this.waiters = []
    for (const w of this.waiters) {
      if (!ok) w.resolve(false)
      else if (this.revision >= w.seq) w.resolve(true)
      else keep.push(w)
    }
    this.waiters = keep
  }
}
