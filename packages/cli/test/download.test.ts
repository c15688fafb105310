// `openward download` over a real socat pty pair, against the oximeter package's Contec V7 device
// emulator serving real stored sessions (../shared/data/captures/contec-spo2-files).
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { decodeRecording } from '@openward/oximeter'
import { openPtyPair as openPty, type PtyPair } from '@openward/testing'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it } from 'vitest'

import { ExitCode } from '../src/command.js'
import { download } from '../src/commands/download.js'
import { main } from '../src/main.js'
import { contecLegacyDevice, contecV7Device, readSpo2File } from '../../oximeter/test/download/contec-devices.js'
import { captureIo } from './capture-io.js'

// Every pty pair is closed after its test whatever happened (close() is safe to repeat), so a test
// that fails or throws before its own close cannot leave socat running.
const opened: PtyPair[] = []
const openPtyPair = async (): Promise<PtyPair> => {
  const pty = await openPty()
  opened.push(pty)
  return pty
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((pty) => pty.close()))
})

const captures = join(import.meta.dirname, '../../../../shared/data/captures/contec-spo2-files')
const hasCaptures = existsSync(captures)
const session = (name: string) => readSpo2File(new Uint8Array(readFileSync(join(captures, name))))

describe.skipIf(!hasCaptures)('openward download (socat pty, emulated Contec V7 with real stored sessions)', () => {
  it('writes one verified recording per stored session, with the device start time; progress on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openward-download-'))
    const pty = await openPtyPair()
    const device = contecV7Device(pty, [
      session('cms60cw_infantlab_20111017200058.SpO2'),
      session('contec_openpsg_session.SpO2'),
    ])
    const c = captureIo('', dir)
    const code = await main(['download', '--protocol', 'contec-v7', '--port', pty.sdkPath, '-o', 'night.owrec'], c.io, [
      download,
    ])
    device.stop()
    await pty.close()
    expect(code, c.stderr()).toBe(ExitCode.ok)
    expect(readdirSync(dir).sort()).toEqual(['night-1.owrec', 'night-2.owrec'])
    const second = decodeRecording(readFileSync(join(dir, 'night-2.owrec'), 'utf8'))
    if (E.isLeft(second)) throw new Error(second.left.message)
    expect(second.right.header.startTimeMs).toBe(Date.UTC(2024, 9, 13, 23, 22, 52))
    expect(second.right.chunks).toHaveLength(12015)
    expect(c.stderr()).toMatch(/user 0 segment 1 \(2\/2\) 100%/)
    expect(c.stderr()).toMatch(
      /wrote night-2\.owrec: user 0 segment 1, 12015 samples every 1 s from 2024-10-13T23:22:52Z/,
    )
  })

  it('a download interrupted for good: exit 3, one error line (interrupted for good, bytes received of declared), and no file that looks complete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openward-download-'))
    const pty = await openPtyPair()
    const device = contecV7Device(pty, [session('contec_openpsg_session.SpO2')], { alwaysSilentAfter: 300 })
    const c = captureIo('', dir)
    const code = await main(
      [
        'download',
        '--protocol',
        'contec-v7',
        '--port',
        pty.sdkPath,
        '-o',
        'night.owrec',
        '--retries',
        '1',
        '--timeout',
        '300',
      ],
      c.io,
      [download],
    )
    device.stop()
    await pty.close()
    expect(code).toBe(ExitCode.io)
    const errors = c
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('openward download:'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/interrupted for good after 2 attempt\(s\) \(\d+ of 24030 bytes\)/)
    expect(readdirSync(dir)).toEqual([]) // neither night.owrec nor its temporary file
  })

  it('contec-legacy: the F5 F5 recorded data, dated by --start (the device stores no date)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openward-download-'))
    const pty = await openPtyPair()
    const device = contecLegacyDevice(pty, session('cms60cw_infantlab_20111017200058.SpO2'))
    const c = captureIo('', dir)
    const code = await main(
      [
        'download',
        '--protocol',
        'contec-legacy',
        '--port',
        pty.sdkPath,
        '-o',
        'legacy.owrec.gz',
        '--start',
        '2011-10-17T20:00:25Z',
      ],
      c.io,
      [download],
    )
    device.stop()
    await pty.close()
    expect(code, c.stderr()).toBe(ExitCode.ok)
    expect(readdirSync(dir)).toEqual(['legacy.owrec.gz'])
    expect(c.stderr()).toMatch(
      /wrote legacy\.owrec\.gz: recorded data, 42 samples every 1 s from 2011-10-17T20:00:25Z \(caller clock\)/,
    )
  })

  it('a port that will not open: exit 3, one readable line naming the port once, and no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openward-download-noport-'))
    const port = join(dir, 'no-such-tty')
    const c = captureIo('', dir)
    const code = await main(['download', '--protocol', 'contec-v7', '--port', port, '-o', 'night.owrec'], c.io, [
      download,
    ])
    expect(code).toBe(ExitCode.io)
    const lines = c
      .stderr()
      .split('\n')
      .filter((l) => l !== '')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(new RegExp(`^openward download: cannot open ${port}: \\S`))
    // Our words name the port once; the port's own error (serialport's) may name it again, no more.
    expect(lines[0]!.split(port).length).toBeLessThanOrEqual(3)
    expect(lines[0]).not.toMatch(/open .*: open /) // before: "cannot open PATH: open PATH: Error: …"
    expect(readdirSync(dir)).toEqual([])
  })

  it('usage: viatom-o2 points to the browser; a missing port is exit 2', async () => {
    const c = captureIo()
    expect(await main(['download', '--protocol', 'viatom-o2', '--port', 'x', '-o', 'y.owrec'], c.io, [download])).toBe(
      ExitCode.usage,
    )
    expect(c.stderr()).toMatch(/downloadViatomO2OverBluetooth/)
    const d = captureIo()
    expect(await main(['download', '--protocol', 'contec-v7', '-o', 'y.owrec'], d.io, [download])).toBe(ExitCode.usage)
    const e = captureIo()
    expect(
      await main(['download', '--protocol', 'contec-legacy', '--port', 'x', '-o', 'y.owrec', '--session', '2'], e.io, [
        download,
      ]),
    ).toBe(ExitCode.usage)
  })
})
