/**
 * What a command sees of the outside world. The binary passes the real process streams; tests pass
 * string buffers, so every command runs in-process under vitest.
 */
export interface CommandIo {
  readonly stdout: { write(chunk: string | Uint8Array): unknown; readonly isTTY?: boolean }
  readonly stderr: { write(chunk: string | Uint8Array): unknown; readonly isTTY?: boolean }
  /** Reads all of standard input (for `-` file arguments). */
  readonly readStdin: () => Promise<Uint8Array>
  readonly cwd: string
  readonly env: Readonly<Record<string, string | undefined>>
}

/** One `openward <name>` sub-command. */
export interface Command {
  readonly name: string
  /** One line for the command list. */
  readonly summary: string
  /** The full `--help` text: usage, options, examples, exit codes. */
  readonly help: string
  /** Runs the command; resolves to the process exit code. Throws only for bugs. */
  readonly run: (argv: readonly string[], io: CommandIo) => Promise<number>
}

/**
 * A line of the command table: the name and summary `openward --help` lists, and how to load the
 * command's module. Only the command that runs is imported, so `--help` and light commands never
 * load the FHIR sandbox, the referral packager or sharp.
 */
export interface CommandEntry {
  readonly name: string
  readonly summary: string
  readonly load: () => Promise<Command>
}

/**
 * Exit codes shared by every command (documented, with examples, in the CLI README). A script can
 * rely on them: 0 is only ever "done, and the figures are whole".
 */
export const ExitCode = {
  ok: 0,
  /** The input was read but is invalid: not the format it claims, empty, garbage, a damaged gzip, a failed validation. */
  invalid: 1,
  /** Wrong usage: unknown option, missing argument, an output that would overwrite an input. */
  usage: 2,
  /** A file, device or server could not be read, written or reached (missing, a directory, no permission). */
  io: 3,
  /** The input was read, but there is no (or too little) valid SpO2: the figures are "n/a", never 0. */
  noData: 4,
  /** The input is cut short or damaged part-way: the figures cover only the part before the damage. */
  incomplete: 5,
  /** A feature needs an optional package that is not installed (the message names it). */
  missingOptional: 6,
  /** An unexpected internal error (a bug): please report it. */
  internal: 70,
} as const

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

/** For several inputs at once: the most serious code wins (io, invalid, incomplete, no data, ok). */
export function worstExit(codes: readonly number[]): number {
  const order: readonly number[] = [
    ExitCode.internal,
    ExitCode.io,
    ExitCode.invalid,
    ExitCode.incomplete,
    ExitCode.noData,
  ]
  for (const code of order) if (codes.includes(code)) return code
  return codes.find((c) => c !== ExitCode.ok) ?? ExitCode.ok
}
