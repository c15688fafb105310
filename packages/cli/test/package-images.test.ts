import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import exifr from 'exifr'
import { afterAll, describe, expect, it } from 'vitest'

import { main } from '../src/main.js'
import { captureIo } from './capture-io.js'

// Real photos from the shared assets (read in place, not copied; see shared PROVENANCE.md).
const jpegDir = fileURLToPath(new URL('../../../../shared/data/images/jpeg/', import.meta.url))
const work = mkdtempSync(join(tmpdir(), 'openward-cli-package-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const base = [
  'package-images',
  '--nhs-number',
  '999 000 0018',
  '--reason',
  'changing mole',
  '--requester',
  'Dr A Smith',
  '--consent',
]

describe('openward package-images', () => {
  it('packages three photos into a directory: clean JPEGs without GPS, DICOM, bundle, manifest', async () => {
    const out = join(work, 'referral')
    const { io, stdout, stderr } = captureIo('', jpegDir)
    const args = [
      ...base,
      '--body-site',
      'left forearm',
      '--role',
      'overview',
      '--role',
      'close-up',
      '--role',
      'dermoscopic',
    ]
    const code = await main(
      [...args, 'exifr__IMG_20180725_163423-tiny.jpg', 'exiftool__GPS.jpg', 'exiftool__Google.jpg', '-o', out],
      io,
    )
    expect(stderr()).not.toContain('packaging [') // not a TTY: no progress bar
    expect(code).toBe(0)
    expect(stdout()).toContain(`wrote ${out}`)
    expect(readdirSync(out).sort()).toEqual(['bundle.json', 'dicom', 'images', 'manifest.json'])
    for (const f of readdirSync(join(out, 'images')))
      expect(await exifr.gps(readFileSync(join(out, 'images', f)))).toBeUndefined()
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest.files.filter((f: any) => f.role === 'dicom-wrapped')).toHaveLength(3)
    const bundle = JSON.parse(readFileSync(join(out, 'bundle.json'), 'utf8'))
    expect(bundle.entry.filter((e: any) => e.resource.resourceType === 'Media')).toHaveLength(3)
    expect(stderr()).toMatch(/warning: .*below the 1600 px/)
  })

  it('shows a progress bar on stderr when it is a TTY, and writes a zip', async () => {
    const { io, stderr } = captureIo('', jpegDir)
    const tty = { ...io, stderr: { ...io.stderr, isTTY: true } }
    const zip = join(work, 'referral.zip')
    expect(await main([...base, '--zip', 'exiftool__GPS.jpg', 'exiftool__IPTC.jpg', '-o', zip], tty)).toBe(0)
    expect(stderr()).toContain('packaging [########################] 2/2')
    expect(readFileSync(zip).subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 3, 4]))
  })

  it('refuses bad input with typed reasons and leaves no output behind', async () => {
    const out = join(work, 'refused')
    const run = async (args: string[]) => {
      const c = captureIo('', jpegDir)
      return { code: await main(args, c.io), err: c.stderr() }
    }
    const badNhs = await run([
      'package-images',
      '--nhs-number',
      '9990000019',
      '--reason',
      'x',
      '--requester',
      'y',
      'exiftool__GPS.jpg',
      '-o',
      out,
    ])
    expect(badNhs).toMatchObject({ code: 1 })
    expect(badNhs.err).toContain('InvalidReferral')
    const tooBig = await run([...base, '--max-file-bytes', '100000', 'exifr__IMG_20180725_163423-tiny.jpg', '-o', out])
    expect(tooBig.code).toBe(1)
    expect(tooBig.err).toContain('SizeLimitExceeded')
    expect((await run([...base, 'missing.jpg', '-o', out])).code).toBe(3)
    expect((await run([...base, '--body-site', 'elbowish', 'exiftool__GPS.jpg', '-o', out])).code).toBe(2)
    expect((await run([...base, 'exiftool__GPS.jpg'])).code).toBe(2)
    expect(existsSync(out)).toBe(false)
  })
})
