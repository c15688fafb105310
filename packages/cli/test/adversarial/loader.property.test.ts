/**
 * Property tests of the shared loader on bytes: whatever a file holds (a real recording or CSV cut
 * anywhere, bytes flipped, random bytes), `loadSamples` answers with a typed result, never throws,
 * and never presents a cut-short recording as whole.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

import { makeSample } from '@openward/core'
import { encodeSamplesRecording } from '@openward/oximeter'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { loadSamples } from '../../src/input/load-samples.js'
import { captureIo } from '../capture-io.js'

const shared = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'openward-loader-prop-'))
const csv = readFileSync(`${shared}spo2/ubicomp_varied_fio2_100001_masimo_1hz.csv`)
const o2 = readFileSync(`${shared}captures/viatom-o2/o2ring_tolnaiz_20250306222056.v3.bin`)
const samples = Array.from({ length: 300 }, (_, i) =>
  makeSample({
    timeMs: 1_000_000 + i * 1000,
    clock: 'recording',
    spo2: 90 + (i % 9),
    pulseRate: 60,
    provenance: { protocol: 'import:csv' },
  }),
)
const recording = Buffer.from([...encodeSamplesRecording(samples, { protocol: 'import:csv' })].join(''))

async function load(bytes: Uint8Array) {
  const path = join(dir, 'input')
  writeFileSync(path, bytes)
  return loadSamples(path, captureIo('', dir).io)()
}

describe('loadSamples on adversarial bytes (property)', () => {
  it('a whole recording cut at any byte is never loaded as whole: fewer samples come flagged incomplete or warned', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: recording.length - 1 }), async (cut) => {
        const r = await load(recording.subarray(0, cut))
        if (E.isLeft(r)) return // a cut inside the header: refused, fine
        expect(r.right.samples.length).toBeLessThan(samples.length + 1)
        expect(r.right.incomplete !== undefined || r.right.warnings.some((w) => /no end marker/.test(w))).toBe(true)
      }),
      { numRuns: 150 },
    )
  })

  it('flipped bytes in a CSV, an O2 file, a recording or its gzip: a typed answer, never a throw', async () => {
    const sources = [csv, o2, recording, gzipSync(recording)]
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: sources.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        async (which, flips) => {
          const bytes = Uint8Array.from(sources[which]!)
          for (const [at, value] of flips) bytes[at % bytes.length] = value
          const r = await load(bytes)
          if (E.isLeft(r)) {
            expect(['CannotRead', 'InvalidRecording']).toContain(r.left._tag)
            expect(r.left.message.length).toBeLessThan(600)
          } else for (const s of r.right.samples) expect(s.spo2 === null || (s.spo2 > 0 && s.spo2 <= 100)).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('random bytes are refused with a reason, never read as samples', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 4096 }), async (bytes) => {
        const r = await load(bytes)
        if (E.isRight(r))
          expect(r.right.samples.length).toBeGreaterThanOrEqual(0) // a random CSV-looking text may parse
        else expect(r.left.message).toMatch(/is not a valid recording: .+/)
      }),
      { numRuns: 200 },
    )
  })
})
