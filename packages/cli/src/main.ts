import { describeThrown } from '@openward/core'

import { type Command, type CommandIo, ExitCode } from './command.js'
import { commands as defaultCommands } from './commands/index.js'
import { UsageError } from './usage-error.js'

const VERSION = '0.0.0'

/**
 * Runs `openward <command> [args]` and resolves to the exit code. Errors become one clear line on
 * stderr; the stack trace only with `--verbose`.
 */
export async function main(
  argv: readonly string[],
  io: CommandIo,
  commands: readonly Command[] = defaultCommands,
): Promise<number> {
  const verbose = argv.includes('--verbose')
  const args = argv.filter((a) => a !== '--verbose')
  const [name, ...rest] = args
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined
    io.stdout.write(target ? `${target.help.trimEnd()}\n` : overview(commands))
    return ExitCode.ok
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`)
    return ExitCode.ok
  }
  const command = commands.find((c) => c.name === name)
  if (command === undefined) {
    io.stderr.write(`openward: unknown command '${name}'. Run 'openward --help' for the list.\n`)
    return ExitCode.usage
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
    const message = describeThrown(error)
    io.stderr.write(`openward ${command.name}: ${message}\n`)
    if (verbose && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`)
    return ExitCode.internal
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
}

function overview(commands: readonly Command[]): string {
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
    'Exit codes: 0 ok, 1 invalid input, 2 usage, 3 file/device/server unreachable, 70 internal error.',
    '',
  ].join('\n')
}
