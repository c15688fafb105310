// The workspace list, read from the root package.json, for the repository scripts.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('..', import.meta.url))

/** @returns {{ dir: string, name: string, manifest: any }[]} */
export function workspaces({ librariesOnly = false } = {}) {
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  /** @type {string[]} */
  const dirs = []
  for (const pattern of rootManifest.workspaces) {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2))
      if (!existsSync(parent)) continue
      for (const entry of readdirSorted(parent)) dirs.push(join(pattern.slice(0, -2), entry))
    } else dirs.push(pattern)
  }
  return dirs
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) }))
    .map(({ dir, manifest }) => ({ dir, name: manifest.name, manifest }))
    .filter((w) => !librariesOnly || (w.dir.startsWith('packages/') && w.manifest.private !== true))
}

function readdirSorted(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
}
import { readdirSync } from 'node:fs'
