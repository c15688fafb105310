import { describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { existsSync } from 'node:fs'

import { decode } from '../src/commands/decode.js'
import { main } from '../src/main.js'
import { captureIo } from './capture-io.js'

const lines = (out: string) =>
  out
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)

async function run(args: string[], stdin: Uint8Array | string = '') {
  const c = captureIo(stdin)
  const code = await main(['decode', ...args], c.io, [decode])
  return { code, out: c.stdout(), err: c.stderr() }
}

describe('openward decode', () => {
  it('prints a PLX continuous record with named fields plus spo2 and pulseRate', async () => {
    const { code, out } = await run(['--protocol', 'plx-continuous', '--hex', '00 6200 4800'])
    expect(code).toBe(0)
    const [r] = lines(out)
    expect(r).toMatchObject({ _tag: 'PlxContinuous', spo2: 98, pulseRate: 72, normal: { spo2: { value: 98 } } })
  })

  it('prints null (not 2047) for an SFLOAT NaN', async () => {
    const [r] = lines((await run(['--protocol', 'plx-continuous', '--hex', '00 ff07 4800'])).out)
    expect(r).toMatchObject({ spo2: null, pulseRate: 72 })
  })

  it('decodes several message values separated by commas and reports rejected ones as error lines', async () => {
    const { code, out } = await run(['--protocol', 'plx-continuous', '--hex', '00 6200 4800, 1f 6200', '--strict'])
    const [ok, bad] = lines(out)
    expect(ok).toMatchObject({ spo2: 98 })
    expect(bad).toMatchObject({ error: { _tag: 'Truncated', offset: 5 } })
    expect(typeof (bad!.error as { message: unknown }).message).toBe('string')
    expect(code).toBe(1)
  })

  it('decodes a Contec V7 stream and reports a trailing partial frame', async () => {
    const { code, out } = await run(['--protocol', 'contec-v7', '--hex', '01e994c095ffffffff 01e0849392'])
    const [r, tail] = lines(out)
    expect(r).toMatchObject({ _tag: 'ContecV7RealTime', probeError: true, spo2: null, pulseRate: null })
    expect(r!.raw).toEqual({ spo2: 127, pulseRate: 255 }) // the device's own values are kept
    expect(tail).toMatchObject({ error: { _tag: 'Truncated', offset: 9, actual: 5 } })
    expect(code).toBe(0)
  })

  it('reads a binary file from stdin with --file -', async () => {
    const { out } = await run(
      ['--protocol', 'contec-legacy', '--file', '-'],
      Uint8Array.of(0xc5, 0x33, 0x46, 0x02, 0x60),
    )
    expect(lines(out)).toEqual([expect.objectContaining({ _tag: 'ContecLegacyFrame', spo2: 96, pulseRate: 130 })])
  })

  const fs20f = fileURLToPath(
    new URL('../../../../shared/data/captures/fs20f/fs20f_roger_sample_raw_data.hex', import.meta.url),
  )
  it.runIf(existsSync(fs20f))('decodes the FS20F capture given as hex text', async () => {
    const { readFileSync } = await import('node:fs')
    const { out } = await run(['--protocol', 'viatom-fs20f', '--hex', readFileSync(fs20f, 'utf8')])
    const records = lines(out)
    expect(records).toHaveLength(2148)
    expect(records.filter((r) => r._tag === 'ViatomFs20fParams').every((r) => r.spo2 !== null)).toBe(true)
    expect(records.some((r) => 'error' in r)).toBe(false)
  })

  it('rejects bad usage with exit 2', async () => {
    expect((await run(['--protocol', 'nope', '--hex', '00'])).code).toBe(2)
    expect((await run(['--protocol', 'sfloat', '--hex', '0'])).code).toBe(2)
    expect((await run(['--protocol', 'sfloat'])).code).toBe(2)
  })

  it('reports an unreadable file with exit 3', async () => {
    expect((await run(['--protocol', 'sfloat', '--file', '/nonexistent/x.bin'])).code).toBe(3)
  })
})
