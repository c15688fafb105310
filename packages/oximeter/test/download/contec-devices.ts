// Device emulators that serve real stored Contec sessions through the wire protocol, on the device
// end of a socat pty pair. They read the host's commands as the device would and answer them.
import { encodeContecV7 } from '../../src/protocols/contec/contec-v7-encode.js'
import { createContecV7Framer } from '../../src/protocols/contec/contec-v7-framer.js'
import type { PtyPair } from '../support/socat-pty.js'

/** A Contec ".SpO2" file (Contec PC software): header to 0x43C, 7 × u32 LE at 0x420, then (SpO2, PR) at 1 Hz. */
export interface StoredSession {
  readonly start: { year: number; month: number; day: number; hour: number; minute: number; second: number }
  readonly readings: ReadonlyArray<readonly [spo2: number, pulseRate: number]>
}

export function readSpo2File(bytes: Uint8Array): StoredSession {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const u = (k: number) => view.getUint32(0x420 + 4 * k, true)
  const count = u(6)
  const readings: Array<[number, number]> = []
  for (let k = 0; k < count; k++) readings.push([bytes[0x43c + 2 * k] as number, bytes[0x43c + 2 * k + 1] as number])
  return { start: { year: u(0), month: u(1), day: u(2), hour: u(3), minute: u(4), second: u(5) }, readings }
}

/** What a test can do to the transfer. */
export interface Faults {
  /** On the first A6 / F5 F5, go silent after this many data packets / records. */
  silentAfter?: number
  /** Go silent after this many packets on every request (the download can never finish). */
  alwaysSilentAfter?: number
  /** On the first transfer, damage the data packet / record with this index. */
  corruptAt?: number
  /** Damage it on every transfer. */
  alwaysCorrupt?: boolean
}

const pause = () => new Promise((r) => setTimeout(r, 1))

/**
 * The device's side of the line. Once the test has stopped the device nothing more is written, and a
 * write that fails then (the test closing the pty under a transfer still in flight) is the cut line
 * it models, not an unhandled rejection that fails the run; before that, a failed write still throws.
 */
function line(pty: PtyPair) {
  let stopped = false
  return {
    stopped: () => stopped,
    stop: () => {
      stopped = true
    },
    send: (bytes: Uint8Array): Promise<void> =>
      stopped
        ? Promise.resolve()
        : pty.write(bytes).catch((e: unknown) => {
            if (!stopped) throw e
          }),
  }
}

/** Polls what the host wrote; calls `onBytes` with each new piece. Returns a stop function. */
function watch(pty: PtyPair, onBytes: (bytes: Uint8Array) => void): () => void {
  let seen = pty.received().length // what earlier tests' devices were sent is not ours
  const timer = setInterval(() => {
    const all = pty.received()
    if (all.length > seen) {
      const fresh = all.slice(seen)
      seen = all.length
      onBytes(fresh)
    }
  }, 2)
  return () => clearInterval(timer)
}

/**
 * A V7.0-protocol oximeter (CMS60CW-like) with stored segments: answers A7/A2 (0x0C), A3 (0x0A),
 * A5 (0x07 + 0x12), A4 (0x08, 2 bytes per reading) and A6 (0x0F packets of 3 readings).
 */
export function contecV7Device(pty: PtyPair, segments: readonly StoredSession[], faults: Faults = {}) {
  const framer = createContecV7Framer()
  const wire = line(pty)
  const log: number[] = []
  let transfers = 0
  let streaming = 0 // generation: A7 stops the current transfer
  const pack = (type: number, data: number[]) => encodeContecV7({ _tag: 'ContecV7Packet', type, name: '', data })
  const serve = async (segment: StoredSession, generation: number) => {
    const first = transfers++ === 0
    const r = segment.readings
    let batch: Uint8Array[] = []
    for (let p = 0; p * 3 < r.length; p++) {
      if (generation !== streaming || wire.stopped()) return
      if (first && faults.silentAfter !== undefined && p >= faults.silentAfter) return
      if (faults.alwaysSilentAfter !== undefined && p >= faults.alwaysSilentAfter) return
      const readings = [0, 1, 2].map((k) => ({ spo2: r[p * 3 + k]?.[0] ?? 0, pulseRate: r[p * 3 + k]?.[1] ?? 0 }))
      const bytes = encodeContecV7({ _tag: 'ContecV7StorageData', type: 0x0f, readings })
      if (p === faults.corruptAt && (first || faults.alwaysCorrupt)) bytes[4] = (bytes[4] as number) & 0x7f // bit 7 cleared: a framing error
      batch.push(bytes)
      if (batch.length === 64) {
        await wire.send(Buffer.concat(batch))
        batch = []
        await pause()
      }
    }
    if (batch.length > 0 && generation === streaming) await wire.send(Buffer.concat(batch))
  }
  const unwatch = watch(pty, (bytes) => {
    for (const rec of framer.push(bytes).records) {
      if (rec._tag !== 'ContecV7Command') continue
      log.push(rec.code)
      const [user = 0, seg = 0] = rec.params
      const segment = segments[seg]
      switch (rec.code) {
        case 0xa7:
        case 0xa2:
          streaming++
          void wire.send(pack(0x0c, []))
          break
        case 0xa3:
          void wire.send(pack(0x0a, [user, segments.length]))
          break
        case 0xa5:
          if (segment === undefined) break
          void wire.send(
            Buffer.concat([
              pack(0x07, [
                user,
                seg,
                Math.floor(segment.start.year / 100),
                segment.start.year % 100,
                segment.start.month,
                segment.start.day,
              ]),
              pack(0x12, [user, seg, segment.start.hour, segment.start.minute, segment.start.second, 0]),
            ]),
          )
          break
        case 0xa4: {
          const n = (segment?.readings.length ?? 0) * 2
          void wire.send(pack(0x08, [user, seg, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]))
          break
        }
        case 0xa6:
          if (segment !== undefined) void serve(segment, streaming)
          break
        default:
          void wire.send(pack(0x0b, [rec.code, 5]))
      }
    }
  })
  const stop = () => {
    wire.stop()
    unwatch()
  }
  return { stop, commands: log, transfers: () => transfers }
}

/** Legacy 3-byte record of a reading: F0 | PR bit 7, 80 | PR bits 6–0, SpO2. */
export const legacyRecord = (spo2: number, pulseRate: number) =>
  [0xf0 | (pulseRate >>> 7), 0x80 | (pulseRate & 0x7f), spo2 & 0x7f] as const

/**
 * A legacy CMS50D+ with one recorded session: streams live 5-byte frames until `F5 F5`, then the
 * preamble `F2 80 00` × 3, the 3 length bytes and the records; `F6 F6 F6` back to live.
 */
export function contecLegacyDevice(pty: PtyPair, session: StoredSession, faults: Faults = {}) {
  const wire = line(pty)
  let transfers = 0
  let generation = 0
  const serve = async (gen: number) => {
    const first = transfers++ === 0
    const length = session.readings.length * 3 - 1
    const head = [0xf2, 0x80, 0x00, 0xf2, 0x80, 0x00, 0xf2, 0x80, 0x00]
    head.push(0x80 | ((length >>> 14) & 0x7f), 0x80 | ((length >>> 7) & 0x7f), length & 0x7f)
    await wire.send(Uint8Array.from(head))
    let batch: number[] = []
    for (const [k, [spo2, pr]] of session.readings.entries()) {
      if (gen !== generation || wire.stopped()) return
      if (first && faults.silentAfter !== undefined && k >= faults.silentAfter) return
      if (faults.alwaysSilentAfter !== undefined && k >= faults.alwaysSilentAfter) return
      const rec = [...legacyRecord(spo2, pr)]
      if (k === faults.corruptAt && (first || faults.alwaysCorrupt)) rec[2] = (rec[2] as number) | 0x80 // SpO2 byte with bit 7 set
      batch.push(...rec)
      // A stray live frame now and then, as real units interleave them (spec note §3.1(a)).
      if (k % 500 === 250) batch.push(0x85, 0x40, 0x03, 0x4b, 0x61)
      if (batch.length >= 768) {
        await wire.send(Uint8Array.from(batch))
        batch = []
        await pause()
      }
    }
    if (batch.length > 0 && gen === generation) await wire.send(Uint8Array.from(batch))
  }
  let tail: number[] = []
  const unwatch = watch(pty, (bytes) => {
    tail.push(...bytes)
    const text = tail.map((b) => b.toString(16)).join(' ')
    if (text.includes('f5 f5')) {
      tail = []
      generation++
      void serve(generation)
    } else if (text.includes('f6 f6 f6')) {
      tail = []
      generation++
    }
    if (tail.length > 8) tail = tail.slice(-8)
  })
  const stop = () => {
    wire.stop()
    unwatch()
  }
  return { stop, transfers: () => transfers }
}
