/**
 * `@openward/cli`: the `openward` command. The programmatic entry lets other tools run a command
 * in-process with their own streams.
 *
 * @packageDocumentation
 */
export type { Command, CommandIo } from './command.js'
export { ExitCode } from './command.js'
export { commands } from './commands/index.js'
export { main } from './main.js'
export { nodeIo } from './node-io.js'
export { UsageError } from './usage-error.js'
