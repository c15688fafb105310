import { type Command, type CommandEntry, type CommandIo, ExitCode } from './command.js'
import { commands as defaultCommands } from './commands/index.js'
import { missingPackage } from './missing-package.js'
import { UsageError } from './usage-error.js'

const VERSION = '0.0.0'

/**
 * Runs `openward <command> [args]` and resolves to the exit code. Errors become one clear line on
 * stderr; the stack trace only with `--verbose`. `commands` may list loaded commands (tests) or
 * table entries whose module is imported only when that command runs (the binary).
 */
export async function main(
  argv: readonly string[],
  io: CommandIo,
  commands: readonly (Command | CommandEntry)[] = defaultCommands,
): Promise<number> {
  const verbose = argv.includes('--verbose')
  const args = argv.filter((a) => a !== '--verbose')
  const [name, ...rest] = args
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const entry = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined
    io.stdout.write(entry ? `${(await loaded(entry)).help.trimEnd()}\n` : overview(commands))
    return ExitCode.ok
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`)
    return ExitCode.ok
  }
  const entry = commands.find((c) => c.name === name)
  if (entry === undefined) {
    io.stderr.write(`openward: unknown command '${name}'. Run 'openward --help' for the list.\n`)
    return ExitCode.usage
  }
  let command: Command
  try {
    command = await loaded(entry)
  } catch (error) {
    // A command whose optional package is not installed (the sandbox, sharp) says what to install.
    const missing = missingPackage(error)
    if (missing === undefined) return internalError(name, error, verbose, io)
    io.stderr.write(`openward ${name}: install ${missing} to use this command (npm install ${missing})\n`)
    return ExitCode.missingOptional
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.help.trimEnd()}\n`)
    return ExitCode.ok
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr.write(`openward ${command.name}: ${(error as Error).message}\nRun 'openward ${command.name} --help'.\n`)
      return ExitCode.usage
    }
    return internalError(command.name, error, verbose, io)
  }
}

const loaded = (entry: Command | CommandEntry): Promise<Command> =>
  'run' in entry ? Promise.resolve(entry) : entry.load()

async function internalError(name: string, error: unknown, verbose: boolean, io: CommandIo): Promise<number> {
  // Loaded only on this path: @openward/core is not needed for --help (and may be what failed to load).
  const describe = await import('@openward/core').then(
    (core) => core.describeThrown,
    () => (e: unknown) => (e instanceof Error ? e.message : String(e)),
  )
  io.stderr.write(`openward ${name}: ${describe(error)}\n`)
  if (verbose && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`)
  return ExitCode.internal
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
}

function overview(commands: readonly (Command | CommandEntry)[]): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length))
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)
  return [
    'openward: pulse oximetry, SpO2 analytics, FHIR and referral tools',
    '',
    'Usage: openward <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    "Run 'openward <command> --help' for a command's options and examples.",
    'Global: --help, --version, --verbose (stack traces on errors).',
    'Exit codes: 0 ok, 1 invalid input, 2 usage, 3 cannot read/write/reach, 4 no valid SpO2,',
    '            5 input cut short (partial figures), 6 optional package missing, 70 internal error.',
    '',
  ].join('\n')
}
