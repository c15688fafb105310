/**
 * The real process: `openward import` SIGKILLed mid-write leaves no complete-looking output, and
 * what it left is refused or flagged by `analyze`; a reader that closes the pipe early (`| head`)
 * ends the CLI quietly with exit 0, never an EPIPE stack. Runs the CLI from source through tsx,
 * as `npm run openward` does.
 */
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

const repo = fileURLToPath(new URL('../../../../', import.meta.url))
const bin = join(repo, 'packages/cli/src/bin.ts')
const shared = join(repo, '../shared/data/')
// tsx by absolute URL: the child runs in a temporary directory, where the bare name would not resolve.
const tsx = import.meta.resolve('tsx')
const cli = ['--conditions=@openward/source', '--import', tsx, bin]

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
// spawnSync blocks the test worker's event loop, so vitest's own timeout cannot fire while it waits:
// every synchronous child gets a deadline of its own, and a child that overruns it is SIGKILLed.
const SYNC_MS = 50_000
const sync = { encoding: 'utf8', timeout: SYNC_MS, killSignal: 'SIGKILL' } as const

describe('the CLI as a process', () => {
  it('import SIGKILLed mid-write leaves only a hidden .tmp file, and analyze of it warns (never a clean exit 0 without warning)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openward-kill-'))
    // 400,000 s of 1 Hz CSV: long enough that the write takes a while.
    const rows = Array.from({ length: 400_000 }, (_, t) => `${t},${90 + (t % 9)},${60 + (t % 20)}`)
    writeFileSync(join(dir, 'long.csv'), `t_seconds,spo2,pr\n${rows.join('\n')}\n`)
    const child = spawn(process.execPath, [...cli, 'import', 'long.csv', '-o', 'long.owrec'], {
      cwd: dir,
      stdio: 'ignore',
    })
    let exitedAlready = false
    const exited = new Promise<NodeJS.Signals | null>((done) =>
      child.on('exit', (_, signal) => {
        exitedAlready = true
        done(signal)
      }),
    )
    let temp: string | undefined
    try {
      // Polls until the write is well under way, against the wall clock (a count of 5 ms sleeps
      // stretches under CI load) and racing the child: an import that fails or ends early fails here.
      const deadline = Date.now() + 60_000
      while (temp === undefined && !exitedAlready && Date.now() < deadline) {
        await sleep(5)
        const t = readdirSync(dir).find((f) => f.endsWith('.tmp'))
        if (t !== undefined && statSync(join(dir, t)).size > 1 << 20) temp = t
      }
      expect(temp, `the import never started writing (it exited: ${exitedAlready})`).toBeDefined()
      child.kill('SIGKILL')
      expect(await exited).toBe('SIGKILL')
    } finally {
      if (!exitedAlready) child.kill('SIGKILL') // a failed test never leaves the import running
    }
    const files = readdirSync(dir)
    expect(files).not.toContain('long.owrec') // nothing complete-looking under the output's name
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([temp])
    expect(temp!.startsWith('.long.owrec.')).toBe(true) // hidden, named after its target
    // Someone renames the leftover by hand and analyses it: flagged cut short, never a clean 0.
    copyFileSync(join(dir, temp!), join(dir, 'salvaged.owrec'))
    const analyzed = spawnSync(process.execPath, [...cli, 'analyze', 'salvaged.owrec'], { ...sync, cwd: dir })
    expect(analyzed.stderr).toMatch(
      /is incomplete|no end marker after \d+ body lines: the recording may have been cut short/,
    )
    expect([0, 5]).toContain(analyzed.status)
    if (analyzed.status === 0) expect(analyzed.stderr).toMatch(/warning: salvaged\.owrec: no end marker/)
  }, 120_000)

  it.each([
    ['replay --json', (rec: string) => ['replay', rec, '--speed', 'max', '--json']],
    ['analyze --json of several nights', (rec: string) => ['analyze', '--json', rec, rec, rec]],
  ])(
    '%s | head -c 100 ends quietly: exit 0, no EPIPE on stderr',
    (_, args) => {
      const dir = mkdtempSync(join(tmpdir(), 'openward-epipe-'))
      const imported = spawnSync(
        process.execPath,
        [
          ...cli,
          'import',
          join(shared, 'spo2/physiozoo_304_overnight_1hz.csv'),
          '-o',
          'night.owrec',
          '--start',
          '2026-01-01T22:00:00Z',
        ],
        { ...sync, cwd: dir },
      )
      expect(imported.status, imported.stderr).toBe(0)
      const command = [process.execPath, ...cli, ...args('night.owrec')].map((a) => `'${a}'`).join(' ')
      // coreutils `timeout` bounds the CLI inside the pipe (killing bash alone would leave it holding
      // the pipe, and spawnSync waits for the pipe); it passes the CLI's own exit status through.
      const piped = spawnSync(
        'bash',
        [
          '-c',
          `timeout -s KILL ${SYNC_MS / 1000 - 5} ${command} | head -c 100 >/dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`,
        ],
        { ...sync, cwd: dir },
      )
      expect(piped.stderr).toMatch(/exit=0\n$/)
      expect(piped.stderr).not.toMatch(/EPIPE|Error|\n\s+at /)
    },
    60_000,
  )
})
