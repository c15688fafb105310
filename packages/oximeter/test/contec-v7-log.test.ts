import { describe, expect, it } from 'vitest'

import { type ContecV7Record, contecV7ToSamples, createContecV7Framer } from '../src/index.js'
import { hasCaptures, readCaptureText } from './shared-captures.js'

interface IoBlock {
  readonly direction: 'read' | 'write'
  readonly timeMs: number
  readonly bytes: Uint8Array
}

/**
 * Read/Write completions of the HHD Device Monitoring Studio HTML export (InfantLab CMS60CW run,
 * 17.10.2011): each block gives a timestamp, "Buffer size: 0xNN bytes" and a hex dump.
 */
function ioBlocks(htmlText: string): IoBlock[] {
  const text = htmlText.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ')
  const re =
    /(Read|Write) Request \((?:UP|DOWN)\), (\d\d)\.(\d\d)\.(\d{4}) (\d\d):(\d\d):(\d\d)\.(\d{1,3})[^\n]*\s+Buffer size: 0x([0-9a-f]+) bytes/gi
  const blocks: IoBlock[] = []
  for (const m of text.matchAll(re)) {
    const size = parseInt(m[9]!, 16)
    if (size === 0) continue
    const after = text.slice((m.index ?? 0) + m[0].length).replace(/^\s*Status: 0x[0-9a-f]+/i, '')
    const hex = after.match(/\b[0-9A-F]{2}\b/g)?.slice(0, size) ?? []
    if (hex.length !== size) continue
    const [, dir, dd, mo, yyyy, hh, mi, ss, ms] = m
    const timeMs = Date.UTC(+yyyy!, +mo! - 1, +dd!, +hh!, +mi!, +ss!, +ms!.padEnd(3, '0')) // '37.0' is 37.000 s
    blocks.push({
      direction: dir === 'Read' ? 'read' : 'write',
      timeMs,
      bytes: Uint8Array.from(hex, (h) => parseInt(h, 16)),
    })
  }
  return blocks
}

describe.runIf(hasCaptures)('Contec V7 serial monitor log (InfantLab CMS60CW, PROVENANCE.md)', () => {
  const blocks = hasCaptures ? ioBlocks(readCaptureText('contec-v7-serial/cms60cw_infantlab_log_one_run.htm')) : []

  it('finds the 1,103 reads (10,702 bytes) and 45 writes (863 bytes)', () => {
    const reads = blocks.filter((b) => b.direction === 'read')
    const writes = blocks.filter((b) => b.direction === 'write')
    expect([reads.length, reads.reduce((n, b) => n + b.bytes.length, 0)]).toEqual([1103, 10702])
    expect([writes.length, writes.reduce((n, b) => n + b.bytes.length, 0)]).toEqual([45, 863])
  })

  it('decodes the device stream read by read: 1,177 real-time frames, sentinels → null', () => {
    const framer = createContecV7Framer()
    const records: { r: ContecV7Record; timeMs: number }[] = []
    for (const b of blocks.filter((x) => x.direction === 'read'))
      for (const r of framer.push(b.bytes).records) records.push({ r, timeMs: b.timeMs })
    const rt = records.flatMap(({ r }) => (r._tag === 'ContecV7RealTime' ? [r] : []))
    expect(rt).toHaveLength(1177)
    expect(rt.filter((r) => r.spo2 === 127 && r.pulseRate === 255)).toHaveLength(893)
    expect(rt.filter((r) => r.spo2 === 97 && r.pulseRate === 82)).toHaveLength(284)
    expect(rt.filter((r) => r.probeError)).toHaveLength(159)
    const samples = records.flatMap(({ r, timeMs }) => contecV7ToSamples(r, { timeMs, clock: 'recording' }))
    expect(samples.filter((s) => s.spo2 === null)).toHaveLength(893)
    expect(samples.every((s) => s.spo2 === null || s.spo2 === 97)).toBe(true)
    // Sample times follow the log's read timestamps (21:25:52 → 21:41:07 on 17.10.2011).
    expect(samples[0]!.timeMs).toBeGreaterThanOrEqual(Date.UTC(2011, 9, 17, 21, 25, 52))
    expect(samples.at(-1)!.timeMs).toBeLessThanOrEqual(Date.UTC(2011, 9, 17, 21, 41, 8))
  })

  it('decodes the host writes as V7 command packets (A2/A7 hello, A8/A9/AA ids, AF keep-alive, A1 start)', () => {
    const framer = createContecV7Framer()
    const codes: number[] = []
    let discarded = 0
    for (const b of blocks.filter((x) => x.direction === 'write')) {
      const out = framer.push(b.bytes)
      discarded += out.bytesDiscarded
      for (const r of out.records) if (r._tag === 'ContecV7Command') codes.push(r.code)
    }
    // Besides 94 command packets (846 bytes) the vendor software writes 17 single bytes (0x10–0x1F,
    // probes at 9600 baud): they are not V7 commands and are the only bytes not decoded.
    expect(codes).toHaveLength(94)
    expect(discarded + framer.pendingBytes).toBe(17)
    expect(codes).toEqual(expect.arrayContaining([0xa2, 0xa7, 0xa8, 0xa9, 0xaa, 0xaf, 0xa1]))
  })
})
