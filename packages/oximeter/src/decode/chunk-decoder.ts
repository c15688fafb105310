import type { ClockSource, DeviceInfo, Implausible, OximetrySample } from '@openward/core'

import type { DeviceProfile } from './device-profile.js'
import { DEVICE_REGISTRY } from '../device-registry.js'
import type { Framer } from './framer.js'
import type { OximeterRecord } from './oximeter-record.js'
import type { ProtocolId } from '../protocol-id.js'
import type { RawChunk } from '../recording/raw-chunk.js'
import { refuseImplausible } from './plausible-samples.js'
import type { StreamDiagnostic } from './stream-diagnostic.js'

/** A decoded record and the protocol whose framer produced it. @category transports */
export interface ProtocolRecord {
  readonly protocol: ProtocolId
  readonly channel: string
  readonly timeMs: number
  readonly record: OximeterRecord
}

/** What one chunk decoded to. @category transports */
export interface ChunkDecodeOutput {
  readonly records: readonly ProtocolRecord[]
  readonly samples: readonly OximetrySample[]
  readonly diagnostic?: StreamDiagnostic
}

/** Options of {@link createChunkDecoder}. @category transports */
export interface ChunkDecoderOptions {
  readonly clock: ClockSource
  readonly device?: DeviceInfo
}

/**
 * The one path from raw chunks to samples, shared by every live transport and by replay, so a
 * replayed recording decodes exactly as the live run did: one framer per channel (serial line or
 * characteristic), created on first use and reset on every `connected` event, then the registry's
 * normalisation with the chunk's receive time.
 *
 * A GATT channel is decoded by the protocol that owns that characteristic in the registry (a PLX
 * device's 0x2A5E values go to `plx-spot-check` even when the session protocol is `plx-continuous`).
 *
 * @category transports
 */
export function createChunkDecoder(
  profile: DeviceProfile,
  options: ChunkDecoderOptions,
): (chunk: RawChunk) => ChunkDecodeOutput {
  const framers = new Map<string, ChannelState>()
  let refused: Implausible[] = []
  const onImplausible = (reason: Implausible) => void refused.push(reason)
  const context = (timeMs: number) =>
    options.device === undefined
      ? { timeMs, clock: options.clock, onImplausible }
      : { timeMs, clock: options.clock, device: options.device, onImplausible }
  const empty: ChunkDecodeOutput = { records: [], samples: [] }
  return (chunk) => {
    if (chunk.direction === 'event') {
      if (chunk.event === 'connected') for (const entry of framers.values()) entry.framer.reset()
      return empty
    }
    if (chunk.direction === 'tx') return empty
    refused = []
    if (chunk.direction === 'sample') {
      // Recorded samples (importers) were normalised elsewhere; they meet the same range check.
      const samples = refuseImplausible([chunk.sample], onImplausible)
      if (refused.length === 0) return { records: [], samples }
      return { records: [], samples, diagnostic: lost(chunk.timeMs, chunk.channel, profile.protocol, refused) }
    }
    let entry = framers.get(chunk.channel)
    if (entry === undefined) {
      const owner = profileForChannel(profile, chunk.channel)
      entry = { profile: owner, framer: owner.createFramer(), lastReceiveTimeMs: Number.NEGATIVE_INFINITY }
      framers.set(chunk.channel, entry)
    }
    const out = entry.framer.push(chunk.bytes)
    const records: ProtocolRecord[] = []
    const received: OximetrySample[] = []
    const ctx = context(chunk.timeMs)
    for (const record of out.records) {
      records.push({ protocol: entry.profile.protocol, channel: chunk.channel, timeMs: chunk.timeMs, record })
      for (const sample of entry.profile.toSamples(record, ctx)) received.push(sample)
    }
    // Registry profiles have refused impossible values already (reported through the context);
    // this pass covers profiles built by hand, and finds nothing left in registry output.
    const samples = distinctReceiveTimes(refuseImplausible(received, onImplausible), chunk.timeMs, entry)
    if (out.bytesDiscarded === 0 && out.checksumFailures === 0 && out.errors.length === 0 && refused.length === 0)
      return { records, samples }
    const diagnostic: StreamDiagnostic = {
      timeMs: chunk.timeMs,
      channel: chunk.channel,
      protocol: entry.profile.protocol,
      bytesDiscarded: out.bytesDiscarded,
      checksumFailures: out.checksumFailures,
      errors: out.errors,
      ...(refused.length === 0 ? {} : { implausible: refused }),
    }
    return { records, samples, diagnostic }
  }
}

function lost(timeMs: number, channel: string, protocol: ProtocolId, implausible: Implausible[]): StreamDiagnostic {
  return { timeMs, channel, protocol, bytesDiscarded: 0, checksumFailures: 0, errors: [], implausible }
}

interface ChannelState {
  readonly profile: DeviceProfile
  readonly framer: Framer<OximeterRecord>
  /** Time of the last sample stamped with a receive time on this channel. */
  lastReceiveTimeMs: number
}

/**
 * Gives each sample stamped with the chunk's receive time a distinct, increasing time. One chunk (a
 * serial read, a notification) can hold several readings; with one shared time every consumer keyed
 * on time (a FHIR identifier of device + time + code, a detector's "first sample at a time wins")
 * would keep one and silently lose the others. The receive clock cannot tell when within the chunk
 * each reading was taken, so they are spaced 1 ms apart ending at the receive time, never at or
 * before the channel's previous reading. Samples on the device's own clock keep their times.
 */
function distinctReceiveTimes(
  samples: readonly OximetrySample[],
  receivedAtMs: number,
  channel: ChannelState,
): readonly OximetrySample[] {
  const stamped = (s: OximetrySample) => s.timeMs === receivedAtMs && s.clock !== 'device'
  let count = 0
  for (const s of samples) if (stamped(s)) count++
  if (count === 0) return samples
  let next = Math.max(receivedAtMs - (count - 1), channel.lastReceiveTimeMs + 1)
  if (count === 1 && next === receivedAtMs) {
    // The usual chunk: one stamped reading, later than the channel's last. Nothing to change.
    channel.lastReceiveTimeMs = receivedAtMs
    return samples
  }
  const out = samples.map((s) => {
    if (!stamped(s)) return s
    const timeMs = next++
    return timeMs === s.timeMs ? s : { ...s, timeMs }
  })
  channel.lastReceiveTimeMs = next - 1
  return out
}

/**
 * The profile that decodes values of `channel` (a characteristic UUID) for a session of `profile`:
 * its own subscriptions first, then any profile of the same service that subscribes to or reads it.
 */
export function profileForChannel(profile: DeviceProfile, channel: string): DeviceProfile {
  const uuid = channel.toLowerCase()
  const service = profile.gatt?.service
  if (service === undefined || profile.gatt?.subscribe.some((s) => s.uuid === uuid)) return profile
  const sameService = Object.values(DEVICE_REGISTRY).filter((p) => p.gatt?.service === service)
  return (
    sameService.find((p) => p.gatt?.subscribe.some((s) => s.uuid === uuid)) ??
    sameService.find((p) => p.gatt?.subscribe.length === 0 && p.gatt.read?.includes(uuid)) ??
    profile
  )
}
