import * as E from 'fp-ts/lib/Either.js'

import { type CommandIo, ExitCode } from '../command.js'
import { type LoadedSamples, loadSamples, type LoadSamplesOptions } from './load-samples.js'

/**
 * Command plumbing, not library API: the one load-or-exit step every command that reads a recording
 * shares: load `path`, or print one
 * line and give back the exit code (3 cannot read, 1 not a recording); on success print the
 * warnings (an old recording without end marker) and the incomplete notice (cut short: the figures
 * cover the part before the damage), each on one line.
 *
 * @example
 * const loaded = await loadOrExit('analyze', path, io)
 * if (E.isLeft(loaded)) return loaded.left
 */
export async function loadOrExit(
  command: string,
  path: string,
  io: CommandIo,
  options: LoadSamplesOptions = {},
): Promise<E.Either<number, LoadedSamples>> {
  const loaded = await loadSamples(path, io, options)()
  if (E.isLeft(loaded)) {
    io.stderr.write(`openward ${command}: ${loaded.left.message}\n`)
    return E.left(loaded.left._tag === 'CannotRead' ? ExitCode.io : ExitCode.invalid)
  }
  for (const w of loaded.right.warnings) io.stderr.write(`openward ${command}: warning: ${path}: ${w}\n`)
  if (loaded.right.incomplete !== undefined)
    io.stderr.write(
      `openward ${command}: warning: ${path} is incomplete (${loaded.right.incomplete}); the figures cover only the part before it\n`,
    )
  return loaded
}

/**
 * `loadOrExit` as `@openward/cli` exports it.
 *
 * @deprecated Command plumbing, not library API: it writes `openward <command>: …` lines to the
 * given stderr and answers an exit code, which only suits the CLI's own commands. Use `loadSamples`
 * (a `TaskEither` of `LoadFailure` or the samples, printing nothing) and report failures your own
 * way, or run a whole command with `main(argv, io)`. Kept, unchanged, for existing callers.
 */
export const publicLoadOrExit: typeof loadOrExit = loadOrExit

/**
 * Why a recording has no figures, or undefined when it has some: no sample with a valid SpO2 (an
 * empty night, a probe never on the finger, a ResMed EDF without an oximeter). "No data" is never
 * reported as ODI 0 (README, exit code 4).
 */
export function noValidSpo2(loaded: LoadedSamples): string | undefined {
  const c = loaded.columns
  if (c !== undefined) {
    if (c.length === 0) return 'the recording holds no samples'
    for (let i = 0; i < c.length; i++) if (c.spo2[i]! > 0) return undefined
    return `none of its ${c.length} samples has a valid SpO2`
  }
  if (loaded.samples.length === 0) return 'the recording holds no samples'
  for (const s of loaded.samples) if (s.spo2 !== null && s.spo2 > 0) return undefined
  return `none of its ${loaded.samples.length} samples has a valid SpO2`
}

/**
 * The exit code after the figures were printed: 4 when there was no valid SpO2 (no figures at all,
 * whether or not the file was also cut short), 5 when the input was cut short, else 0.
 */
export function exitAfterFigures(loaded: LoadedSamples, noData: string | undefined): number {
  if (noData !== undefined) return ExitCode.noData
  return loaded.incomplete === undefined ? ExitCode.ok : ExitCode.incomplete
}
