// Typechecks every workspace (src + tests) with its own tsconfig, two at a time (2-core machines).
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

import { root, workspaces } from './workspaces.mjs'

const targets = [
  '.',
  ...workspaces()
    .map((w) => w.dir)
    .filter((dir) => existsSync(join(root, dir, 'tsconfig.json'))),
]
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')

function check(dir) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', join(root, dir), '--noEmit', '--pretty'], { stdio: 'pipe' })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    child.on('close', (code) => resolve({ dir, code, out }))
  })
}

const queue = [...targets]
const failures = []
async function worker() {
  for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
    const { code, out } = await check(dir)
    console.log(`${code === 0 ? 'ok  ' : 'FAIL'} typecheck ${dir}`)
    if (code !== 0) failures.push(`--- ${dir}\n${out}`)
  }
}
await Promise.all([worker(), worker()])
if (failures.length > 0) {
  console.error(failures.join('\n'))
  process.exit(1)
}
