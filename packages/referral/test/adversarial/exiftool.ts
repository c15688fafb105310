import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Every tag exiftool (an independent reader) finds in `bytes`, as `-a -G1` lines ("[Group] Name: value").
 * Throws when exiftool is missing: the leak checks must not pass by not running.
 */
export function exiftoolTags(bytes: Uint8Array, ext: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'openward-exiftool-'))
  try {
    const file = join(dir, `probe.${ext}`)
    writeFileSync(file, bytes)
    // A deadline of its own: execFileSync blocks the worker, so vitest's timeout could not end a hang.
    return execFileSync('exiftool', ['-a', '-G1', '-u', file], {
      encoding: 'latin1',
      timeout: 60_000,
      killSignal: 'SIGKILL',
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
