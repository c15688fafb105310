import { describe, expect, it } from 'vitest'

import type { Command } from '../src/command.js'
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
})
