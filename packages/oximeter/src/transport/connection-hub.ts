import { type DeviceInfo, OpenwardError, type OximetrySample } from '@openward/core'
import { BehaviorSubject, type SchedulerLike, Subject } from 'rxjs'

import type { DeviceProfile } from '../device-profile.js'
import type { ConnectionEventName, RawChunk } from '../recording/raw-chunk.js'
import { createChunkDecoder, type ProtocolRecord } from '../replay/chunk-decoder.js'
import type { StreamDiagnostic } from '../replay/stream-diagnostic.js'
import type { ConnectionState } from './connection-state.js'
import type { TransportError } from './transport-errors.js'

/**
 * The streams behind an {@link OximeterConnection} and the three things a transport reports:
 * bytes received, bytes sent, connection events. Every chunk is stamped with `scheduler.now()`,
 * published on `raw$`, then decoded by the same {@link createChunkDecoder} replay uses.
 */
export function createConnectionHub(profile: DeviceProfile, device: DeviceInfo, scheduler: SchedulerLike) {
  const raw = new Subject<RawChunk>()
  const samples = new Subject<OximetrySample>()
  const records = new Subject<ProtocolRecord>()
  const diagnostics = new Subject<StreamDiagnostic>()
  const state = new BehaviorSubject<ConnectionState>({ status: 'disconnected' })
  const decode = createChunkDecoder(profile, { clock: 'host', device })
  const publish = (chunk: RawChunk): void => {
    raw.next(chunk)
    const out = decode(chunk)
    for (const r of out.records) records.next(r)
    for (const s of out.samples) samples.next(s)
    if (out.diagnostic !== undefined) diagnostics.next(out.diagnostic)
  }
  const all = [raw, samples, records, diagnostics] as const
  return {
    raw$: raw.asObservable(),
    samples$: samples.asObservable(),
    records$: records.asObservable(),
    diagnostics$: diagnostics.asObservable(),
    connection$: state.asObservable(),
    state: () => state.value,
    received: (channel: string, bytes: Uint8Array) =>
      publish({ timeMs: scheduler.now(), direction: 'rx', channel, bytes }),
    sent: (channel: string, bytes: Uint8Array) => publish({ timeMs: scheduler.now(), direction: 'tx', channel, bytes }),
    event: (channel: string, event: ConnectionEventName) =>
      publish({ timeMs: scheduler.now(), direction: 'event', channel, event }),
    setState: (next: ConnectionState) => state.next(next),
    complete: () => {
      state.next({ status: 'closed' })
      for (const s of all) s.complete()
      state.complete()
    },
    fail: (error: TransportError) => {
      state.next({ status: 'failed', error })
      const thrown = new OpenwardError(error)
      for (const s of all) s.error(thrown)
      state.complete()
    },
  }
}

/** @internal */
export type ConnectionHub = ReturnType<typeof createConnectionHub>
