import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'

import sharp from 'sharp'
import { isOpenwardError } from '@openward/core'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest'

import {
  type PackageWriteFailed,
  sharpDownscaler,
  writePackageDirectory,
  writePackageDirectoryOrThrow,
  writePackageZip,
  writePackageZipOrThrow,
} from '../src/node/index.js'
import { packageReferral, stripJpeg } from '../src/index.js'
import { image, referralInput } from './helpers/referral-input.js'
import { left, right } from './helpers/right.js'

const work = mkdtempSync(join(tmpdir(), 'openward-referral-'))
afterAll(() => execFileSync('rm', ['-rf', work]))

const pkgPromise = packageReferral(
  referralInput([
    image('jpeg/exiftool__GPS.jpg', 'close-up'),
    image('jpeg/exifr__IMG_20180725_163423-tiny.jpg', 'overview'),
  ]),
)()

// Reads a stored ZIP through its central directory, checking CRCs with node:zlib (not our encoder's CRC).
function readZip(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const count = zip.readUInt16LE(eocd + 10)
  let at = zip.readUInt32LE(eocd + 16)
  const out = new Map<string, Buffer>()
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50)
    const crc = zip.readUInt32LE(at + 16)
    const size = zip.readUInt32LE(at + 20)
    const nameLen = zip.readUInt16LE(at + 28)
    const local = zip.readUInt32LE(at + 42)
    const name = zip.subarray(at + 46, at + 46 + nameLen).toString('utf8')
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const data = zip.subarray(dataAt, dataAt + size)
    expect(crc32(data) >>> 0, name).toBe(crc)
    out.set(name, data)
    at += 46 + nameLen
  }
  return out
}

describe('writing the package (Node)', () => {
  it('writes a complete directory atomically and refuses to overwrite a non-empty one', async () => {
    const pkg = right(await pkgPromise)
    const out = join(work, 'out')
    expect(right(await writePackageDirectory(pkg, out)())).toBe(out)
    for (const f of pkg.files) expect(Buffer.compare(readFileSync(join(out, f.path)), f.bytes), f.path).toBe(0)
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).files).toHaveLength(pkg.manifest.files.length)
    expect(left(await writePackageDirectory(pkg, out)())).toMatchObject({
      _tag: 'PackageWriteFailed',
      reason: 'exists',
    })
    expect(readdirSync(work).filter((n) => n.includes('.tmp-'))).toEqual([])
  })

  it('leaves nothing behind when a write fails half-way', async () => {
    const pkg = right(await pkgPromise)
    const broken = {
      ...pkg,
      files: [...pkg.files.slice(0, 2), { path: 'bad\0name', mediaType: 'x', bytes: new Uint8Array(1) }],
    }
    const out = join(work, 'half')
    expect(left(await writePackageDirectory(broken, out)())).toMatchObject({ reason: 'io' })
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(work).filter((n) => n.includes('.tmp-'))).toEqual([])
  })

  it('writes a stored ZIP that independent code reads back with matching CRCs and bytes', async () => {
    const pkg = right(await pkgPromise)
    const zipPath = join(work, 'referral.zip')
    right(await writePackageZip(pkg, zipPath, new Date('2026-11-22T09:00:00Z'))())
    const entries = readZip(readFileSync(zipPath))
    expect([...entries.keys()]).toEqual(pkg.files.map((f) => f.path))
    for (const f of pkg.files) expect(Buffer.compare(entries.get(f.path)!, f.bytes)).toBe(0)
    writeFileSync(join(work, 'taken.zip'), 'x')
    expect(left(await writePackageZip(pkg, join(work, 'taken.zip'))())).toMatchObject({ reason: 'exists' })
  })
})

describe('writePackage* follow the failure convention', () => {
  it('are lazy TaskEithers: nothing is written until the task runs', async () => {
    const pkg = right(await pkgPromise)
    const out = join(work, 'lazy')
    const zipPath = join(work, 'lazy.zip')
    const writeDir = writePackageDirectory(pkg, out)
    const writeZip = writePackageZip(pkg, zipPath)
    expect([existsSync(out), existsSync(zipPath)]).toEqual([false, false])
    expect(right(await writeDir())).toBe(out)
    expect(right(await writeZip())).toBe(zipPath)
    expectTypeOf(writePackageDirectory).returns.toEqualTypeOf<TE.TaskEither<PackageWriteFailed, string>>()
    expectTypeOf(writePackageZip).returns.toEqualTypeOf<TE.TaskEither<PackageWriteFailed, string>>()
    expectTypeOf<PackageWriteFailed['reason']>().toEqualTypeOf<'exists' | 'io' | 'too-large'>()
  })

  it('the OrThrow twins resolve to the path, or reject with an OpenwardError holding PackageWriteFailed and leave nothing half-written', async () => {
    const pkg = right(await pkgPromise)
    const out = join(work, 'or-throw')
    expect(await writePackageDirectoryOrThrow(pkg, out)).toBe(out)
    expect(await writePackageZipOrThrow(pkg, join(work, 'or-throw.zip'))).toBe(join(work, 'or-throw.zip'))
    const rejections = await Promise.all([
      writePackageDirectoryOrThrow(pkg, out).catch((e: unknown) => e),
      writePackageZipOrThrow(pkg, join(work, 'or-throw.zip')).catch((e: unknown) => e),
    ])
    for (const e of rejections) {
      expect(isOpenwardError(e, 'PackageWriteFailed')).toBe(true)
      expect((e as { error: PackageWriteFailed }).error.reason).toBe('exists')
    }
    const broken = { ...pkg, files: [{ path: 'bad\0name', mediaType: 'x', bytes: new Uint8Array(1) }] }
    const io = await writePackageDirectoryOrThrow(broken, join(work, 'or-throw-io')).catch((e: unknown) => e)
    expect(isOpenwardError(io, 'PackageWriteFailed') && io.error).toMatchObject({ reason: 'io' })
    expect(existsSync(join(work, 'or-throw-io'))).toBe(false)
    expect(readdirSync(work).filter((n) => n.includes('.tmp-'))).toEqual([])
  })
})

describe('sharp downscaler (the only re-encoding path)', () => {
  it('makes a flagged copy of the 12 MP photo under a 1.5 MB limit; the original stays for DICOM', async () => {
    const input = referralInput([image('jpeg/exifr__IMG_20180725_163423.jpg', 'overview')])
    const options = {
      ...input.options,
      sizePolicy: { maxFileBytes: 1_500_000, maxReferralBytes: 1e8, onOversize: 'downscale' as const },
      downscaler: sharpDownscaler(),
    }
    const pkg = right(await packageReferral({ ...input, options })())
    const derived = pkg.files.find((f) => f.path.endsWith('.derived.jpg'))!
    expect(derived.bytes.length).toBeLessThanOrEqual(1_500_000)
    const m = await sharp(derived.bytes).metadata()
    expect(Math.max(m.width!, m.height!)).toBeLessThan(4048)
    expect(m.exif).toBeUndefined()
    expect(right(stripJpeg(derived.bytes)).removed).toEqual([])
    expect(pkg.manifest.files.find((f) => f.role === 'derived-image')!.derived!.method).toMatch(/^sharp resize/)
    expect(pkg.files.some((f) => f.path === 'dicom/01-overview.dcm')).toBe(true)
  })
})
