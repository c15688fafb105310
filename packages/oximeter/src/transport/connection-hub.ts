import { type DeviceInfo, OpenwardError, type OximetrySample } from '@openward/core'
import { BehaviorSubject, type SchedulerLike, Subject } from 'rxjs'

import type { DeviceProfile } from '../decode/device-profile.js'
import type { ConnectionEventName, RawChunk } from '../recording/raw-chunk.js'
import { type ChunkDecodeOutput, createChunkDecoder, type ProtocolRecord } from '../decode/chunk-decoder.js'
import type { StreamDiagnostic } from '../decode/stream-diagnostic.js'
import type { ConnectionState } from './connection-state.js'
import type { TransportError } from './transport-errors.js'

/**
 * The streams behind an {@link OximeterConnection} and the three things a transport reports:
 * bytes received, bytes sent, connection events. Every chunk is stamped with `scheduler.now()`
 * when it happens, published on `raw$`, then decoded by the same {@link createChunkDecoder}
 * replay uses.
 *
 * Chunks are held until `start(profile)` (the profile is known only once the device's services
 * are found) and released one scheduler tick later, so a caller who subscribes right after the
 * transport's promise resolves still sees the `connected` event and the first values (PLX Features).
 */
export function createConnectionHub(device: DeviceInfo, scheduler: SchedulerLike) {
  const raw = new Subject<RawChunk>()
  const samples = new Subject<OximetrySample>()
  const records = new Subject<ProtocolRecord>()
  const diagnostics = new Subject<StreamDiagnostic>()
  const state = new BehaviorSubject<ConnectionState>({ status: 'disconnected' })
  let decode: ((chunk: RawChunk) => ChunkDecodeOutput) | undefined
  let held: RawChunk[] | undefined = []
  const emit = (chunk: RawChunk): void => {
    if (decode === undefined) return
    raw.next(chunk)
    const out = decode(chunk)
    for (const r of out.records) records.next(r)
    for (const s of out.samples) samples.next(s)
    if (out.diagnostic !== undefined) diagnostics.next(out.diagnostic)
  }
  const release = (): void => {
    const chunks = held ?? []
    held = undefined
    for (const chunk of chunks) emit(chunk)
  }
  const publish = (chunk: RawChunk): void => {
    if (held === undefined) emit(chunk)
    else held.push(chunk)
  }
  const all = [raw, samples, records, diagnostics] as const
  return {
    raw$: raw.asObservable(),
    samples$: samples.asObservable(),
    records$: records.asObservable(),
    diagnostics$: diagnostics.asObservable(),
    connection$: state.asObservable(),
    state: () => state.value,
    start: (profile: DeviceProfile): void => {
      if (decode !== undefined) return
      decode = createChunkDecoder(profile, { clock: 'host', device })
      scheduler.schedule(release)
    },
    received: (channel: string, bytes: Uint8Array) =>
      publish({ timeMs: scheduler.now(), direction: 'rx', channel, bytes }),
    sent: (channel: string, bytes: Uint8Array) => publish({ timeMs: scheduler.now(), direction: 'tx', channel, bytes }),
    event: (channel: string, event: ConnectionEventName) =>
      publish({ timeMs: scheduler.now(), direction: 'event', channel, event }),
    setState: (next: ConnectionState) => state.next(next),
    complete: () => {
      release()
      state.next({ status: 'closed' })
      for (const s of all) s.complete()
      state.complete()
    },
    fail: (error: TransportError) => {
      release()
      state.next({ status: 'failed', error })
      const thrown = new OpenwardError(error)
      for (const s of all) s.error(thrown)
      state.complete()
    },
  }
}

/** @internal */
export type ConnectionHub = ReturnType<typeof createConnectionHub>
