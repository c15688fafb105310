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

/** Exit codes shared by every command (documented in the CLI README). */
export const ExitCode = {
  ok: 0,
  /** The input was read but found invalid (a validation failure, rejected frames with --strict). */
  invalid: 1,
  /** Wrong usage: unknown option, missing argument. */
  usage: 2,
  /** A file, device or server could not be read or reached. */
  io: 3,
  /** An unexpected internal error (a bug): please report it. */
  internal: 70,
} as const
