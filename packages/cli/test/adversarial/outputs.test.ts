/**
 * Adversarial outputs: an output that is an input (by path, symbolic link or hard link), a missing,
 * unwritable or directory target. Each must give its documented exit code in one line, leave the
 * input byte-for-byte as it was, and leave nothing behind that looks like a finished output.
 * Extend it: add a row to `CASES`.
 */
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { main } from '../../src/main.js'
import { captureIo } from '../capture-io.js'

const shared = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url))
const csvBytes = readFileSync(`${shared}spo2/ubicomp_varied_fio2_100001_masimo_1hz.csv`)

function fresh() {
  const dir = mkdtempSync(join(tmpdir(), 'openward-outputs-'))
  const input = join(dir, 'night.csv')
  writeFileSync(input, csvBytes)
  return { dir, input }
}

async function run(dir: string, args: string[]) {
  const c = captureIo('', dir)
  const code = await main(args, c.io)
  return { code, err: c.stderr() }
}

const CASES: readonly {
  readonly name: string
  readonly args: (d: { dir: string; input: string }) => string[]
  readonly code: number
  readonly says: RegExp
}[] = [
  {
    name: 'import -o the input itself',
    args: ({ input }) => ['import', input, '-o', input],
    code: 2,
    says: /refusing to write .*night\.csv: it is the input/,
  },
  {
    name: 'import -o the input by another spelling (./x/../night.csv)',
    args: () => ['import', 'night.csv', '-o', './sub/../night.csv'],
    code: 2,
    says: /it is the input night\.csv/,
  },
  {
    name: 'import -o a symbolic link to the input',
    args: ({ dir, input }) => {
      symlinkSync(input, join(dir, 'link.owrec'))
      return ['import', input, '-o', join(dir, 'link.owrec')]
    },
    code: 2,
    says: /it is the input/,
  },
  {
    name: 'import -o a hard link to the input (same inode)',
    args: ({ dir, input }) => {
      linkSync(input, join(dir, 'hard.owrec'))
      return ['import', input, '-o', join(dir, 'hard.owrec')]
    },
    code: 2,
    says: /it is the input/,
  },
  {
    name: 'report -o the input itself',
    args: ({ input }) => ['report', input, '-o', input, '--format', 'json'],
    code: 2,
    says: /refusing to write .*night\.csv: it is the input/,
  },
  {
    name: 'report -o into a directory nobody may write (/sys)',
    args: ({ input }) => ['report', input, '-o', '/sys/report.html'],
    code: 3,
    says: /cannot write \/sys\/report\.html: (permission denied|read-only file system)/,
  },
  {
    name: 'import -o into a directory that does not exist',
    args: ({ input }) => ['import', input, '-o', 'missing/dir/night.owrec'],
    code: 3,
    says: /cannot write missing\/dir\/night\.owrec: directory .*: no such file/,
  },
  {
    name: 'import -o under a regular file',
    args: ({ input }) => ['import', input, '-o', `${input}/night.owrec`],
    code: 3,
    says: /cannot write .*: directory .*night\.csv: a part of the path is not a directory|is not a directory/,
  },
  {
    name: 'import -o an existing directory',
    args: ({ dir, input }) => {
      mkdirSync(join(dir, 'out'))
      return ['import', input, '-o', join(dir, 'out')]
    },
    code: 3,
    says: /it is a directory/,
  },
  {
    name: 'import -o into a directory nobody may write (/sys, refused even to root)',
    args: ({ input }) => ['import', input, '-o', '/sys/night.owrec'],
    code: 3,
    says: /cannot write \/sys\/night\.owrec: (permission denied|read-only file system)/,
  },
  {
    name: 'record -o into a directory that does not exist (checked before the port is opened)',
    args: () => ['record', '--port', '/dev/openward-no-such-port', '--protocol', 'contec-v7', '-o', 'missing/x.owrec'],
    code: 3,
    says: /cannot write missing\/x\.owrec: directory/,
  },
  {
    name: 'package-images --zip -o one of the images',
    args: ({ dir }) => {
      const photo = join(dir, 'photo.jpg')
      writeFileSync(photo, readFileSync(`${shared}images/jpeg/exifr__IMG_20180725_163423-tiny.jpg`))
      return [
        'package-images',
        '--nhs-number',
        '9000000009',
        '--reason',
        'r',
        '--requester',
        'Dr A',
        '--zip',
        '-o',
        photo,
        photo,
      ]
    },
    code: 2,
    says: /refusing to write .*photo\.jpg: it is the input/,
  },
]

describe('adversarial outputs', () => {
  for (const c of CASES) {
    it(`${c.name} → exit ${c.code}, one line, input untouched, nothing complete-looking left`, async () => {
      const d = fresh()
      mkdirSync(join(d.dir, 'sub'))
      const before = new Set(readdirSync(d.dir))
      const { code, err } = await run(d.dir, c.args(d))
      expect(code, err).toBe(c.code)
      expect(err).toMatch(c.says)
      expect(err.trim().split('\n')).toHaveLength(1)
      expect(readFileSync(d.input)).toEqual(csvBytes)
      const added = readdirSync(d.dir).filter(
        (f) => !before.has(f) && !['link.owrec', 'hard.owrec', 'out', 'photo.jpg'].includes(f),
      )
      expect(added).toEqual([])
    })
  }

  it('a successful import leaves exactly the output: the temporary file was renamed, not copied', async () => {
    const d = fresh()
    const { code } = await run(d.dir, ['import', d.input, '-o', 'night.owrec.gz'])
    expect(code).toBe(0)
    expect(readdirSync(d.dir).sort()).toEqual(['night.csv', 'night.owrec.gz'])
    expect(existsSync(join(d.dir, 'night.owrec.gz'))).toBe(true)
    const analyzed = await run(d.dir, ['analyze', 'night.owrec.gz'])
    expect(analyzed.code).toBe(0)
    expect(analyzed.err).toBe('')
  })

  it('an import over an existing output replaces it whole (the old file stays readable until the rename)', async () => {
    const d = fresh()
    writeFileSync(join(d.dir, 'night.owrec'), 'old contents\n')
    expect((await run(d.dir, ['import', d.input, '-o', 'night.owrec'])).code).toBe(0)
    const text = readFileSync(join(d.dir, 'night.owrec'), 'utf8')
    expect(text.startsWith('{"format":"openward-recording"')).toBe(true)
    expect(text.endsWith(`#end ${csvBytes.toString().trim().split('\n').length - 1}\n`)).toBe(true)
  })
})
