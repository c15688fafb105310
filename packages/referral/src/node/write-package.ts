import { randomUUID } from 'node:crypto'
import { mkdir, open, readdir, rename, rm, rmdir } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'

import { describeThrown, getOrThrow, type TaggedError, taggedError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { type ReferralPackage } from '../referral-package.js'
import { encodeZip } from '../zip-store.js'

/** Writing the package failed; nothing was left at the destination. @category node */
export interface PackageWriteFailed extends TaggedError<'PackageWriteFailed'> {
  readonly path: string
  readonly reason: 'exists' | 'io' | 'too-large'
}

const failed = (path: string, reason: PackageWriteFailed['reason'], message: string): PackageWriteFailed =>
  taggedError('PackageWriteFailed', message, { path, reason })

async function writeFileSynced(path: string, bytes: Uint8Array): Promise<void> {
  const fh = await open(path, 'wx')
  try {
    await fh.writeFile(bytes)
    await fh.sync()
  } finally {
    await fh.close()
  }
}

// An existing empty directory may be replaced; anything else at the destination is kept and refused.
async function clearDestination(target: string): Promise<PackageWriteFailed | undefined> {
  const existing = await readdir(target).catch((e: NodeJS.ErrnoException) =>
    e.code === 'ENOENT' ? undefined : e.code === 'ENOTDIR' ? ['file'] : ['?'],
  )
  if (existing === undefined) return undefined
  if (existing.length > 0) return failed(target, 'exists', `${target} already exists and is not an empty directory`)
  await rmdir(target)
  return undefined
}

/**
 * Writes the package as a directory, atomically: every file goes into a temporary sibling
 * directory first (flushed to disk), which is then renamed to `outDir`. If anything fails the
 * temporary directory is removed, so `outDir` is either complete or absent. A `TaskEither`: nothing
 * happens until it is run, and its promise never rejects (a `Left` of {@link PackageWriteFailed});
 * {@link writePackageDirectoryOrThrow} rejects with an `OpenwardError`.
 *
 * @example
 * const written = await writePackageDirectory(pkg, 'out/referral')()
 * if (E.isLeft(written)) console.error(written.left.message) // 'exists' | 'io' | 'too-large'
 * @category node
 */
export function writePackageDirectory(pkg: ReferralPackage, outDir: string): TE.TaskEither<PackageWriteFailed, string> {
  return () => writeDirectory(pkg, outDir)
}

/**
 * {@link writePackageDirectory} as a promise of the written path that rejects with an
 * `OpenwardError` holding the {@link PackageWriteFailed}. Just as atomic.
 *
 * @category node
 */
export async function writePackageDirectoryOrThrow(pkg: ReferralPackage, outDir: string): Promise<string> {
  return getOrThrow(await writeDirectory(pkg, outDir))
}

async function writeDirectory(pkg: ReferralPackage, outDir: string): Promise<E.Either<PackageWriteFailed, string>> {
  const target = resolve(outDir)
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${randomUUID()}`)
  try {
    await mkdir(dirname(target), { recursive: true })
    const blocked = await clearDestination(target)
    if (blocked) return E.left(blocked)
    await mkdir(tmp)
    for (const f of pkg.files) {
      const path = join(tmp, f.path)
      if (!path.startsWith(tmp)) throw new Error(`unsafe path ${f.path}`)
      await mkdir(dirname(path), { recursive: true })
      await writeFileSynced(path, f.bytes)
    }
    await rename(tmp, target)
    return E.right(target)
  } catch (thrown) {
    await rm(tmp, { recursive: true, force: true })
    return E.left(failed(target, 'io', `could not write ${target}: ${describeThrown(thrown)}`))
  }
}

/**
 * Writes the package as one ZIP file (stored entries), atomically: a temporary file in the same
 * directory is written, flushed and renamed over nothing (an existing file is refused). A
 * `TaskEither`: nothing happens until it is run (`modified`, the entries' time, is fixed when it is
 * made), and its promise never rejects; {@link writePackageZipOrThrow} rejects with an `OpenwardError`.
 *
 * @example
 * const written = await writePackageZip(pkg, 'out/referral.zip')()
 * if (E.isLeft(written)) console.error(written.left.message)
 * @category node
 */
export function writePackageZip(
  pkg: ReferralPackage,
  zipPath: string,
  modified = new Date(),
): TE.TaskEither<PackageWriteFailed, string> {
  return () => writeZip(pkg, zipPath, modified)
}

/**
 * {@link writePackageZip} as a promise of the written path that rejects with an `OpenwardError`
 * holding the {@link PackageWriteFailed}. Just as atomic.
 *
 * @category node
 */
export async function writePackageZipOrThrow(
  pkg: ReferralPackage,
  zipPath: string,
  modified = new Date(),
): Promise<string> {
  return getOrThrow(await writeZip(pkg, zipPath, modified))
}

async function writeZip(
  pkg: ReferralPackage,
  zipPath: string,
  modified: Date,
): Promise<E.Either<PackageWriteFailed, string>> {
  const target = resolve(zipPath)
  const zip = encodeZip(pkg.files, modified)
  if (E.isLeft(zip)) return E.left(failed(target, 'too-large', zip.left.message))
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${randomUUID()}`)
  try {
    await mkdir(dirname(target), { recursive: true })
    const exists = await open(target, 'r').then(
      async (fh) => (await fh.close(), true),
      () => false,
    )
    if (exists) return E.left(failed(target, 'exists', `${target} already exists`))
    await writeFileSynced(tmp, zip.right)
    await rename(tmp, target)
    return E.right(target)
  } catch (thrown) {
    await rm(tmp, { force: true })
    return E.left(failed(target, 'io', `could not write ${target}: ${describeThrown(thrown)}`))
  }
}
