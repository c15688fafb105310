import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'

import * as E from 'fp-ts/lib/Either.js'

import type { CommandIo } from '../command.js'

/**
 * The bytes of a command's input file, relative to the command's working directory, or all of
 * standard input for `-`. A read failure is a left with a short reason (commands exit 3 with it):
 * "no such file", "is a directory", "permission denied", never a stack.
 */
export async function readInputBytes(path: string, io: CommandIo): Promise<E.Either<string, Uint8Array>> {
  try {
    return E.right(path === '-' ? await io.readStdin() : new Uint8Array(await readFile(resolve(io.cwd, path))))
  } catch (error) {
    return E.left(describeFsError(error))
  }
}

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  ERR_FS_FILE_TOO_LARGE: 'file too large to read into memory',
  EEXIST: 'already exists',
}

/** A file-system error as a few words (its code's meaning), for one-line messages. */
export function describeFsError(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  if (typeof code === 'string' && FS_REASONS[code] !== undefined) return FS_REASONS[code]
  return typeof message === 'string' ? message.split('\n', 1)[0]! : String(error)
}
