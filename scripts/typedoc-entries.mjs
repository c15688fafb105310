// Writes each published package's typedoc.json from its exports map, so the API reference documents
// every public entry (subpaths such as @openward/oximeter/web-bluetooth and @openward/fhir/node
// included) and can never drift from what the package publishes. Run by `npm run docs`;
// `--check` (in `npm run check:packages`) fails instead of writing when a file is out of date.
const check = process.argv.includes('--check')
const stale = []
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { root, workspaces } from './workspaces.mjs'

for (const w of workspaces({ librariesOnly: true })) {
  const entryPoints = Object.entries(w.manifest.exports ?? {})
    .filter(([subpath]) => subpath !== './package.json')
    .map(([, target]) => target['@openward/source'])
    .filter((source) => typeof source === 'string')
  // The other per-package options (tsconfig, exclusions) are the root typedoc.json's packageOptions.
  const config = { $schema: 'https://typedoc.org/schema.json', entryPoints }
  const file = join(root, w.dir, 'typedoc.json')
  const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined
  if (JSON.stringify(current?.entryPoints) === JSON.stringify(entryPoints)) continue
  if (check) stale.push(w.name)
  else writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`)
}
if (stale.length > 0) {
  console.error(`typedoc.json out of date with the exports map in: ${stale.join(', ')} (run npm run docs)`)
  process.exit(1)
}
