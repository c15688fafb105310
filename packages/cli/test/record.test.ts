// Real serial: socat pty pair; `openward record` on one end, Contec V7 frames written on the other.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'

import { encodeContecV7 } from '@openward/oximeter'
import { SerialPort } from 'serialport'
import { describe, expect, it } from 'vitest'

import { record } from '../src/commands/record.js'
import { replay } from '../src/commands/replay.js'
import { main } from '../src/main.js'
import { captureIo } from './capture-io.js'

const dir = mkdtempSync(join(tmpdir(), 'openward-record-'))

async function ptyPair() {
  const child = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let err = ''
  const paths = await new Promise<string[]>((resolve) =>
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString()
      const found = [...err.matchAll(/PTY is (\S+)/g)].map((m) => m[1]!)
      if (found.length === 2 && err.includes('starting data transfer loop')) resolve(found)
    }),
  )
  return { sdk: paths[0]!, device: paths[1]!, stop: () => child.kill('SIGTERM') }
}

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
    const pty = await ptyPair()
    const c = captureIo('', dir)
    const recording = main(
      ['record', '--port', pty.sdk, '--protocol', 'contec-v7', '-o', 'night.owrec.gz', '--duration', '1'],
      c.io,
      [record],
    )
    const device = new SerialPort({ path: pty.device, baudRate: 115200 })
    await new Promise((r) => device.once('open', r))
    await new Promise((r) => setTimeout(r, 150))
    const sent = Array.from({ length: 30 }, (_, i) => [90 + (i % 8), 70 + i] as const)
    for (const [spo2, pr] of sent) device.write(Buffer.from(frame(spo2, pr)))
    await new Promise((r) => device.drain(r))
    expect(await recording).toBe(0)
    device.close()
    pty.stop()
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
