import type { WriteStream } from 'node:fs'
import { open, realpath, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, resolve } from 'node:path'
import type { Writable } from 'node:stream'
import { createGzip } from 'node:zlib'

import * as E from 'fp-ts/lib/Either.js'

import { type CommandIo, ExitCode } from '../command.js'
import { describeFsError } from '../input/read-input.js'

/** Why an output could not be written: it would overwrite an input (exit 2) or the file system said no (exit 3). */
export type OutputFailure =
  | { readonly _tag: 'OutputIsInput'; readonly message: string }
  | { readonly _tag: 'CannotWrite'; readonly message: string }

/** The exit code for an {@link OutputFailure}. */
export const outputFailureExit = (f: OutputFailure): number =>
  f._tag === 'OutputIsInput' ? ExitCode.usage : ExitCode.io

/**
 * A file being written under a temporary name next to its target (`.<name>.<pid>-<n>.tmp`, same
 * directory so the rename cannot cross file systems). Readers of `target` see either nothing (or
 * the previous file) or the whole new file: `commit` flushes, fsyncs and renames; a process killed
 * before that leaves only the hidden temporary file, never a complete-looking output.
 */
export interface AtomicOutput {
  /** Appends text or bytes (gzipped when the target ends in `.gz`); resolves when buffered. */
  write(chunk: string | Uint8Array): Promise<void>
  /** A synchronous append for callers that cannot wait (live recording); errors surface at `commit`. */
  writeSync(chunk: string | Uint8Array): void
  /** Ends the file, fsyncs it and renames it into place. */
  commit(): Promise<E.Either<OutputFailure, void>>
  /** Removes the temporary file (after a failure); the target is untouched. */
  abort(): Promise<void>
}

let counter = 0

/**
 * Checks that `output` is writable and is none of `inputs` (same path, or the same file through a
 * symbolic or hard link: same device and inode), then opens its temporary file.
 *
 * @example
 * const out = await openAtomicOutput('night.owrec', io, { inputs: ['night.csv'] })
 * if (E.isLeft(out)) return fail(out.left)
 * await out.right.write(text); await out.right.commit()
 */
export async function openAtomicOutput(
  output: string,
  io: CommandIo,
  options: { readonly inputs?: readonly string[]; readonly gzip?: boolean } = {},
): Promise<E.Either<OutputFailure, AtomicOutput>> {
  const target = resolve(io.cwd, output)
  const same = await sameAsInput(target, options.inputs ?? [], io)
  if (same !== undefined)
    return E.left({
      _tag: 'OutputIsInput',
      message: `refusing to write ${output}: it is the input ${same}; choose another output name`,
    })
  const dir = dirname(target)
  const dirStat = await stat(dir).catch((e: unknown) => e as Error)
  if (dirStat instanceof Error)
    return E.left({
      _tag: 'CannotWrite',
      message: `cannot write ${output}: directory ${dir}: ${describeFsError(dirStat)}`,
    })
  if (!dirStat.isDirectory())
    return E.left({ _tag: 'CannotWrite', message: `cannot write ${output}: ${dir} is not a directory` })
  const targetStat = await stat(target).catch(() => undefined)
  if (targetStat?.isDirectory() === true)
    return E.left({ _tag: 'CannotWrite', message: `cannot write ${output}: it is a directory` })
  const temp = resolve(dir, `.${basename(target)}.${process.pid}-${counter++}.tmp`)
  let handle
  try {
    handle = await open(temp, 'wx', 0o644)
  } catch (error) {
    return E.left({ _tag: 'CannotWrite', message: `cannot write ${output}: ${describeFsError(error)}` })
  }
  const file: WriteStream = handle.createWriteStream()
  const sink: Writable = (options.gzip ?? output.endsWith('.gz')) ? createGzip() : file
  if (sink !== file) sink.pipe(file)
  let failure: unknown
  const closed = new Promise<void>((done) => {
    file.on('close', done)
    file.on('error', (e) => {
      failure ??= e
      done()
    })
    sink.on('error', (e) => {
      failure ??= e
      done()
    })
  })
  const cannotWrite = (e: unknown): OutputFailure => ({
    _tag: 'CannotWrite',
    message: `cannot write ${output}: ${describeFsError(e)}`,
  })
  return E.right({
    write: (chunk) =>
      new Promise<void>((done) => {
        if (failure !== undefined || sink.write(chunk)) done()
        else {
          const go = () => {
            sink.off('drain', go)
            done()
          }
          sink.on('drain', go)
          void closed.then(go)
        }
      }),
    writeSync: (chunk) => {
      if (failure === undefined) sink.write(chunk)
    },
    commit: async () => {
      sink.end()
      await closed
      if (failure !== undefined) {
        await unlink(temp).catch(() => undefined)
        return E.left(cannotWrite(failure))
      }
      try {
        // fsync before the rename, so a crash after it cannot leave a renamed but empty file.
        const synced = await open(temp, 'r+')
        await synced.sync()
        await synced.close()
        await rename(temp, target)
        return E.right(undefined)
      } catch (error) {
        await unlink(temp).catch(() => undefined)
        return E.left(cannotWrite(error))
      }
    },
    abort: async () => {
      sink.destroy()
      file.destroy()
      await unlink(temp).catch(() => undefined)
    },
  })
}

/** The input that `output` is (by path, real path, or device and inode), if any. */
export async function outputIsInput(
  output: string,
  inputs: readonly string[],
  io: CommandIo,
): Promise<string | undefined> {
  return sameAsInput(resolve(io.cwd, output), inputs, io)
}

async function sameAsInput(target: string, inputs: readonly string[], io: CommandIo): Promise<string | undefined> {
  const targetReal = await realpath(target).catch(() => undefined)
  const targetStat = await stat(target).catch(() => undefined)
  for (const input of inputs) {
    if (input === '-') continue
    const path = resolve(io.cwd, input)
    if (path === target) return input
    if (targetReal !== undefined && (await realpath(path).catch(() => undefined)) === targetReal) return input
    const s = await stat(path).catch(() => undefined)
    if (s !== undefined && targetStat !== undefined && s.dev === targetStat.dev && s.ino === targetStat.ino)
      return input
  }
  return undefined
}
