import { jetstream } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/nats-core'
import type { OximetrySample } from '@openward/core'
import { publishSamples } from '@openward/ward-stream'
import type { Recording } from '@openward/ward-stream/node'
import * as E from 'fp-ts/lib/Either.js'

/** The simulated patient key of patient `i` of a ward (pseudonymous, one NATS subject token). */
export function patientKeyOf(tenant: string, i: number): string {
  return `${tenant}-${String(i).padStart(4, '0')}`
}

/** Options of {@link startLiveFeed}. */
export interface LiveFeedOptions {
  readonly tenant: string
  readonly partitions: number
  readonly patients: number
  /** Where in its recording patient `i` starts, in samples (default spread over the recording). */
  readonly startAt?: ((i: number, recording: Recording) => number) | undefined
  readonly intervalMs?: number
}

/** A running feed. */
export interface LiveFeed {
  /** Patient keys in order. */
  readonly keys: readonly string[]
  /** Stops publishing for these patients (their devices go quiet). */
  silence(keys: readonly string[]): void
  /** Publish rounds done and failed publishes. */
  stats(): { rounds: number; failed: number }
  stop(): Promise<void>
}

/**
 * A live ward: every `intervalMs` (default 1 s) each patient's device sends its next sample, replayed
 * in a loop from a real 1 Hz recording but stamped with the wall clock, so the board sees live
 * readings and the detectors run in real time.
 */
export function startLiveFeed(
  nc: NatsConnection,
  recordings: readonly Recording[],
  options: LiveFeedOptions,
): LiveFeed {
  const js = jetstream(nc)
  const target = { tenant: options.tenant, partitions: options.partitions }
  const patients = Array.from({ length: options.patients }, (_, i) => {
    const rec = recordings[i % recordings.length]!
    const start = options.startAt?.(i, rec) ?? (i * 97) % rec.samples.length
    return { key: patientKeyOf(options.tenant, i), rec, pos: start }
  })
  const quiet = new Set<string>()
  let rounds = 0
  let failed = 0
  let running = true
  const interval = options.intervalMs ?? 1_000
  const loop = (async () => {
    let next = Date.now()
    while (running) {
      const nowMs = Math.floor(Date.now() / 1000) * 1000
      await Promise.all(
        patients.map(async (p) => {
          if (quiet.has(p.key)) return
          const s = p.rec.samples[p.pos % p.rec.samples.length]!
          p.pos++
          const sample: OximetrySample = { ...s, timeMs: nowMs }
          const r = await publishSamples(js, target, p.key, 'ox', [sample])()
          if (E.isLeft(r)) failed++
        }),
      )
      rounds++
      next += interval
      const wait = next - Date.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      else next = Date.now()
    }
  })()
  return {
    keys: patients.map((p) => p.key),
    silence: (keys) => {
      for (const k of keys) quiet.add(k)
    },
    stats: () => ({ rounds, failed }),
    stop: async () => {
      running = false
      await loop
    },
  }
}
