// Real serial: socat pty pair; `openward record` on one end, Contec V7 frames written on the other.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'

import { deviceProfile, encodeContecV7 } from '@openward/oximeter'
import { openPtyPair, until } from '@openward/testing'
import { describe, expect, it } from 'vitest'

import { record } from '../src/commands/record.js'
import { replay } from '../src/commands/replay.js'
import { main } from '../src/main.js'
import { captureIo } from './capture-io.js'

const dir = mkdtempSync(join(tmpdir(), 'openward-record-'))

const frame = (spo2: number, pulseRate: number) =>
  encodeContecV7({
    _tag: 'ContecV7RealTime',
    signalStrength: 5,
    searchingTooLong: false,
    lowSpo2: false,
    pulseBeep: false,
    probeError: false,
    pleth: 60,
    searchingPulse: false,
    barGraph: 2,
    piInvalid: false,
    reservedBits: 0,
    pulseRate,
    spo2,
    perfusionIndexRaw: 300,
  })

describe('openward record (socat pty)', () => {
  it('records a live Contec V7 stream; replaying the file gives the same readings', async () => {
    // socat's start-up races its exit with a deadline, and socat is stopped whatever the test does.
    const pty = await openPtyPair()
    try {
      const c = captureIo('', dir)
      const recording = main(
        ['record', '--port', pty.sdkPath, '--protocol', 'contec-v7', '-o', 'night.owrec.gz', '--duration', '2'],
        c.io,
        [record],
      )
      // Play the device only once the recorder is listening: opening a serial port flushes what is
      // already queued on it (tcflush TCIOFLUSH in serialport's open), so frames written before then
      // are lost. Its start commands reaching the device say the port is open and read; a fixed sleep
      // here lost frames whenever the open took longer under CI load.
      for (const command of deviceProfile('contec-v7').commands.start)
        await until(() => Buffer.from(pty.received()).includes(Buffer.from(command.bytes)))
      const sent = Array.from({ length: 30 }, (_, i) => [90 + (i % 8), 70 + i] as const)
      await pty.write(Uint8Array.from(sent.flatMap(([spo2, pr]) => [...frame(spo2, pr)])))
      expect(await recording).toBe(0)
      expect(c.stderr()).toBe('recorded 30 samples to night.owrec.gz\n')
      const bytes = readFileSync(join(dir, 'night.owrec.gz'))
      expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b])
      // Stopped deliberately: the end marker closes the recording, and the temporary file was renamed.
      const text = gunzipSync(bytes).toString('utf8')
      expect(text).toMatch(/\n#end \d+\n$/)
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])

      const r = captureIo('', dir)
      expect(await main(['replay', 'night.owrec.gz', '--speed', 'max', '--json'], r.io, [replay])).toBe(0)
      const replayed = r
        .stdout()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { spo2: number; pulseRate: number; clock: string })
      expect(replayed.map((s) => [s.spo2, s.pulseRate])).toEqual(sent)
      expect(replayed.every((s) => s.clock === 'host')).toBe(true)
    } finally {
      await pty.close()
    }
  })

  it('an unknown protocol exits 1 with the list; a missing port exits 3', async () => {
    const a = captureIo('', dir)
    expect(await main(['record', '--port', '/dev/null', '--protocol', 'acme', '-o', 'x.owrec'], a.io, [record])).toBe(1)
    expect(a.stderr()).toMatch(/unknown protocol id "acme"; known ids:/)
    const b = captureIo('', dir)
    expect(
      await main(['record', '--port', '/dev/nope', '--protocol', 'contec-v7', '-o', 'x.owrec'], b.io, [record]),
    ).toBe(3)
    expect(b.stderr()).toMatch(/open \/dev\/nope failed/)
  })
})
