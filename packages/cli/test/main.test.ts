import { describe, expect, it } from 'vitest'

import type { Command, CommandEntry } from '../src/command.js'
import { commands } from '../src/commands/index.js'
import { main } from '../src/main.js'
import { UsageError } from '../src/usage-error.js'
import { captureIo } from './capture-io.js'

const echo: Command = {
  name: 'echo',
  summary: 'prints its arguments',
  help: 'Usage: openward echo <words...>',
  run: async (argv, io) => {
    if (argv.length === 0) throw new UsageError('nothing to echo')
    if (argv[0] === 'boom') throw new Error('exploded')
    io.stdout.write(`${argv.join(' ')}\n`)
    return 0
  },
}

describe('openward main', () => {
  it('lists commands with --help', async () => {
    const c = captureIo()
    expect(await main(['--help'], c.io, [echo])).toBe(0)
    expect(c.stdout()).toContain('echo')
    expect(c.stdout()).toContain('prints its arguments')
  })

  it('prints a command help', async () => {
    const c = captureIo()
    expect(await main(['echo', '--help'], c.io, [echo])).toBe(0)
    expect(c.stdout()).toBe('Usage: openward echo <words...>\n')
  })

  it('runs a command', async () => {
    const c = captureIo()
    expect(await main(['echo', 'a', 'b'], c.io, [echo])).toBe(0)
    expect(c.stdout()).toBe('a b\n')
  })

  it('rejects an unknown command with exit 2', async () => {
    const c = captureIo()
    expect(await main(['nope'], c.io, [echo])).toBe(2)
    expect(c.stderr()).toContain("unknown command 'nope'")
  })

  it('turns usage errors into one line and exit 2', async () => {
    const c = captureIo()
    expect(await main(['echo'], c.io, [echo])).toBe(2)
    expect(c.stderr()).toContain('openward echo: nothing to echo')
  })

  it('reports unexpected errors in one line, stack only with --verbose', async () => {
    const quiet = captureIo()
    expect(await main(['echo', 'boom'], quiet.io, [echo])).toBe(70)
    expect(quiet.stderr()).toBe('openward echo: exploded\n')
    const loud = captureIo()
    await main(['echo', 'boom', '--verbose'], loud.io, [echo])
    expect(loud.stderr()).toContain('at ')
  })

  it('imports a command module only when that command runs (--help loads none)', async () => {
    const loads: string[] = []
    const lazy: CommandEntry[] = ['echo', 'other'].map((name) => ({
      name,
      summary: `the ${name} command`,
      load: async () => {
        loads.push(name)
        return { ...echo, name }
      },
    }))
    const c = captureIo()
    expect(await main(['--help'], c.io, lazy)).toBe(0)
    expect(c.stdout()).toContain('the other command')
    expect(loads).toEqual([])
    expect(await main(['echo', 'x'], c.io, lazy)).toBe(0)
    expect(loads).toEqual(['echo'])
  })

  it('a command whose optional package is missing says what to install, exit 6, no stack', async () => {
    const missing: CommandEntry = {
      name: 'sandbox',
      summary: 'needs the sandbox',
      load: () =>
        Promise.reject(
          Object.assign(new Error("Cannot find package '@openward/fhir-sandbox' imported from /x/dist/bin.js"), {
            code: 'ERR_MODULE_NOT_FOUND',
          }),
        ),
    }
    const c = captureIo()
    expect(await main(['sandbox'], c.io, [missing])).toBe(6)
    expect(c.stderr()).toBe(
      'openward sandbox: install @openward/fhir-sandbox to use this command (npm install @openward/fhir-sandbox)\n',
    )
  })

  it('every entry of the real command table loads a command of the same name', async () => {
    for (const entry of commands) expect((await entry.load()).name).toBe(entry.name)
  })
})
