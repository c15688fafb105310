import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'

import { describeThrown } from '@openward/core'
import { createSandbox, type Sandbox, type SandboxAuthOptions, type SandboxOptions } from '@openward/fhir-sandbox'

import { type Command, type CommandIo, ExitCode } from '../command.js'
import { integerIn } from '../option-values.js'
import { UsageError } from '../usage-error.js'

const help = `Usage: openward sandbox [--port 8103] [--host 127.0.0.1] [--journal FILE] [--auth CLIENTS.json] [--validate]
                        [--default-count 20] [--max-count 1000]

Starts a local FHIR R4 server (in memory, loopback only) for development and tests, prints its base
URL and keeps running until Ctrl-C (SIGINT) or SIGTERM. Not for patient data.

Options:
  --port N            TCP port (default 8103; 0 picks a free one)
  --host H            loopback interface to bind (default 127.0.0.1; other hosts are refused)
  --journal FILE      append committed writes to an NDJSON journal and replay it on start (no fsync)
  --auth FILE         require Bearer tokens from the mock NHS token endpoint; FILE is JSON:
                      {"clients":[{"clientId":"...","publicJwk":{...,"kid":"..."}}],"tokenLifetimeSeconds":599}
  --validate          validate every write against the base spec and declared profiles (422 if invalid)
  --default-count N   search page size when _count is absent (default 20)
  --max-count N       largest page size (default 1000)

Example:
  openward sandbox --port 8103 --journal data/fhir.ndjson
  curl http://127.0.0.1:8103/fhir/metadata

Exit codes: 0 stopped cleanly, 2 usage, 3 the port, journal or auth file cannot be used.
`

/** How the command waits once the server is up (tests pass their own). */
export type UntilStopped = (sandbox: Sandbox) => Promise<void>

/** Resolves on the first SIGINT or SIGTERM. */
export const untilSignal: UntilStopped = () =>
  new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      done()
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })

/** Builds the `sandbox` command; `untilStopped` decides when the server shuts down. */
export function sandboxCommand(untilStopped: UntilStopped = untilSignal): Command {
  return {
    name: 'sandbox',
    summary: 'run a local in-memory FHIR R4 server on 127.0.0.1 (tests, demos)',
    help,
    run: async (argv, io) => {
      const options = await parseOptions(argv, io)
      let sandbox: Sandbox
      try {
        sandbox = await createSandbox(options)
      } catch (error) {
        io.stderr.write(`openward sandbox: ${describeThrown(error)}\n`)
        return ExitCode.io
      }
      io.stdout.write(`FHIR sandbox listening at ${sandbox.baseUrl}\n`)
      if (options.auth) io.stdout.write(`Token endpoint: ${sandbox.tokenUrl}\n`)
      if (options.journalPath) io.stdout.write(`Journal: ${options.journalPath}\n`)
      io.stdout.write('In memory, loopback only, not for patient data. Press Ctrl-C to stop.\n')
      await untilStopped(sandbox)
      await sandbox.close()
      io.stdout.write('FHIR sandbox stopped\n')
      return ExitCode.ok
    },
  }
}

/** `openward sandbox`. */
export const sandbox: Command = sandboxCommand()

async function parseOptions(argv: readonly string[], io: CommandIo): Promise<SandboxOptions> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '8103' },
      host: { type: 'string', default: '127.0.0.1' },
      journal: { type: 'string' },
      auth: { type: 'string' },
      validate: { type: 'boolean', default: false },
      'default-count': { type: 'string' },
      'max-count': { type: 'string' },
    },
  })
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`)
  const port = integerIn(values.port, 0, 65535, '--port')
  return {
    port,
    host: values.host,
    validateOnWrite: values.validate,
    ...(values.journal ? { journalPath: resolve(io.cwd, values.journal) } : {}),
    ...(values.auth ? { auth: await readAuth(resolve(io.cwd, values.auth)) } : {}),
    ...(values['default-count']
      ? { defaultCount: integerIn(values['default-count'], 0, 1_000_000, '--default-count') }
      : {}),
    ...(values['max-count'] ? { maxCount: integerIn(values['max-count'], 1, 1_000_000, '--max-count') } : {}),
  }
}

async function readAuth(path: string): Promise<SandboxAuthOptions> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new UsageError(`--auth ${path}: ${describeThrown(error)}`)
  }
  const clients = (parsed as { clients?: unknown } | null)?.clients
  const valid =
    Array.isArray(clients) &&
    clients.length > 0 &&
    clients.every(
      (c: { clientId?: unknown; publicJwk?: { kid?: unknown } }) =>
        typeof c?.clientId === 'string' && typeof c.publicJwk?.kid === 'string',
    )
  if (!valid)
    throw new UsageError(`--auth ${path}: expected {"clients":[{"clientId":"...","publicJwk":{...,"kid":"..."}}]}`)
  return parsed as SandboxAuthOptions
}
