// Keeps the clinical-safety pack true to the code: every test the hazard log names must exist, every
// test title it quotes must still be in that file, and every hazard id is used by one row only. A renamed or deleted test fails the build
// until the hazard log is updated with it.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { root } from './workspaces.mjs'

// One hazard table per package under docs/clinical-safety/hazards/, indexed by hazard-log.md.
const hazardDir = join(root, 'docs/clinical-safety/hazards')
const log = readdirSync(hazardDir)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => readFileSync(join(hazardDir, f), 'utf8'))
  .join('\n')
const reference = /`((?:packages|examples)\/[^`]+\.test\.ts)`(?:\s*›\s*`([^`]+)`)?/g
const problems = []
let count = 0
for (const [, file, title] of log.matchAll(reference)) {
  count++
  const path = join(root, file)
  if (!existsSync(path)) {
    problems.push(`hazard log names ${file}, which does not exist`)
    continue
  }
  if (title !== undefined && !readFileSync(path, 'utf8').includes(title)) {
    problems.push(`hazard log quotes test "${title}", which is not in ${file}`)
  }
}
const ids = [...log.matchAll(/^\| *(H-[A-Z]+-\d+) /gm)].map((m) => m[1])
const hazards = new Set(ids)
if (hazards.size === 0) problems.push('the hazard log lists no hazards')
// An id names one hazard for good (tests, commits and notes cite it): two rows with one id is an error.
for (const id of hazards)
  if (ids.filter((i) => i === id).length > 1) problems.push(`hazard id ${id} is used by more than one row`)
if (problems.length > 0) {
  console.error(problems.map((p) => `- ${p}`).join('\n'))
  process.exit(1)
}
console.log(`clinical-safety pack ok: ${hazards.size} hazards, ${count} test references resolved`)
