// Release dry run: applies the pending changesets (`changeset version`) to a scratch copy of the
// workspace manifests and checks the result, without touching the checkout: every published package
// moves to one shared version (the `fixed` group while on 0.x) and gets a CHANGELOG entry. The
// tarball contents themselves are checked by check-packages.mjs (npm pack --dry-run).
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { root, workspaces } from './workspaces.mjs'

const scratch = mkdtempSync(join(tmpdir(), 'openward-release-'))
try {
  for (const file of ['package.json', 'package-lock.json', '.changeset'])
    cpSync(join(root, file), join(scratch, file), { recursive: true })
  for (const w of workspaces()) {
    mkdirSync(join(scratch, w.dir), { recursive: true })
    cpSync(join(root, w.dir, 'package.json'), join(scratch, w.dir, 'package.json'))
  }
  mkdirSync(join(scratch, 'node_modules'), { recursive: true })
  cpSync(join(root, 'node_modules', '@changesets'), join(scratch, 'node_modules', '@changesets'), { recursive: true })
  const bin = join(root, 'node_modules', '@changesets', 'cli', 'bin.js')
  const pending = readdirMd(join(scratch, '.changeset'))
  if (pending === 0) {
    console.log('release dry run: no pending changesets')
    process.exit(0)
  }
  execFileSync(process.execPath, [bin, 'version'], { cwd: scratch, stdio: 'pipe', env: { ...process.env, CI: 'true' } })
  const problems = []
  const versions = new Set()
  for (const w of workspaces({ librariesOnly: true })) {
    const manifest = JSON.parse(readFileSync(join(scratch, w.dir, 'package.json'), 'utf8'))
    versions.add(manifest.version)
    if (manifest.version === w.manifest.version)
      problems.push(`${w.name} would not be released (still ${w.manifest.version})`)
    if (!existsSync(join(scratch, w.dir, 'CHANGELOG.md'))) problems.push(`${w.name} would get no CHANGELOG.md`)
  }
  if (versions.size !== 1) problems.push(`the fixed group would split into versions ${[...versions].join(', ')}`)
  if (readdirMd(join(scratch, '.changeset')) !== 0) problems.push('changesets were left unconsumed')
  if (problems.length > 0) {
    console.error(problems.map((p) => `- ${p}`).join('\n'))
    process.exit(1)
  }
  console.log(
    `release dry run ok: ${pending} changesets → every @openward package at ${[...versions][0]}, each with a CHANGELOG`,
  )
} finally {
  rmSync(scratch, { recursive: true, force: true })
}

function readdirMd(dir) {
  return readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').length
}
