import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'

import { describeThrown } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import type { CommandIo } from '../command.js'

/**
 * The bytes of a command's input file, relative to the command's working directory, or all of
 * standard input for `-`. A read failure is a left with the reason (commands exit 3 with it).
 */
export async function readInputBytes(path: string, io: CommandIo): Promise<E.Either<string, Uint8Array>> {
  try {
    return E.right(path === '-' ? await io.readStdin() : new Uint8Array(await readFile(resolve(io.cwd, path))))
  } catch (error) {
    return E.left(describeThrown(error))
  }
}
