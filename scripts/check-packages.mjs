// After `npm run build`: checks every published package as a user would meet it.
// 1. publint --strict on the manifest and files,
// 2. every export subpath imports under plain Node ESM (`import()`) and CJS (`require()`),
// 3. the main entry (and every non-Node subpath) bundles for the browser with esbuild
//    `platform: 'browser'`, which fails on any Node built-in.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

import * as esbuild from 'esbuild'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'

import { root, workspaces } from './workspaces.mjs'

const failures = []
// Packages that are Node programs by design (a server, a CLI): no browser bundle check.
const nodePackages = new Set(['@openward/fhir-sandbox', '@openward/cli'])
const isNodeOnly = (subpath) => /(^|\/)(node|node-serial|bin)(\/|$)/.test(subpath)

for (const w of workspaces({ librariesOnly: true })) {
  const pkgDir = join(root, w.dir)
  const { messages, pkg } = await publint({ pkgDir, strict: true, level: 'warning' })
  for (const m of messages) failures.push(`${w.name}: publint ${m.type}: ${formatMessage(m, pkg)}`)

  const subpaths = Object.keys(w.manifest.exports ?? {}).filter((s) => s !== './package.json')
  for (const subpath of subpaths) {
    const specifier = subpath === '.' ? w.name : `${w.name}/${subpath.slice(2)}`
    for (const [kind, code] of [
      ['ESM', `const m = await import(${JSON.stringify(specifier)}); if (typeof m !== 'object') process.exit(2)`],
      ['CJS', `const m = require(${JSON.stringify(specifier)}); if (typeof m !== 'object') process.exit(2)`],
    ]) {
      try {
        execFileSync(process.execPath, kind === 'ESM' ? ['--input-type=module', '-e', code] : ['-e', code], {
          cwd: root,
          stdio: 'pipe',
        })
      } catch (error) {
        failures.push(
          `${specifier}: ${kind} import failed: ${String(error.stderr ?? error)
            .split('\n')
            .slice(0, 6)
            .join('\n')}`,
        )
      }
    }
    if (!nodePackages.has(w.name) && !isNodeOnly(subpath)) {
      try {
        await esbuild.build({
          stdin: { contents: `export * from ${JSON.stringify(specifier)}`, resolveDir: root, loader: 'js' },
          bundle: true,
          platform: 'browser',
          format: 'esm',
          write: false,
          logLevel: 'silent',
        })
      } catch (error) {
        const text = (error.errors ?? []).map((e) => `${e.text} (${e.location?.file ?? ''})`).join('; ')
        failures.push(`${specifier}: does not bundle for the browser: ${text || error}`)
      }
    }
  }
  failures.push(...checkPackedFiles(w))
  console.log(
    `checked ${w.name}: publint, ESM + CJS import of ${subpaths.length} subpath(s), browser bundle, pack contents`,
  )
}

/**
 * What `npm pack` would publish: README and LICENSE present, the built entry points present, and no
 * tests, fixtures, benchmarks or recorded data (which may carry licences that forbid shipping them).
 */
function checkPackedFiles(w) {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: join(root, w.dir),
    stdio: 'pipe',
  })
  const [{ files }] = JSON.parse(out.toString())
  const paths = files.map((f) => f.path)
  const problems = []
  for (const required of ['README.md', 'LICENSE', 'package.json', ...exportTargets(w.manifest.exports)]) {
    if (!paths.includes(required)) problems.push(`${w.name}: the package would not contain ${required}`)
  }
  const forbidden =
    /(^|\/)(test|tests|__tests__|bench|fixtures|data)\/|\.(test|spec|bench)\.[cm]?[jt]s$|\.(csv|edf|dcm|bin|hex|SpO2)$/i
  for (const p of paths.filter((p) => forbidden.test(p))) problems.push(`${w.name}: the package would publish ${p}`)
  return problems
}

/** Every file the exports map points at (except the repo-only source condition). */
function exportTargets(node, key = '') {
  if (typeof node === 'string') return key === '@openward/source' ? [] : [node.replace(/^\.\//, '')]
  if (node === null || typeof node !== 'object') return []
  return Object.entries(node).flatMap(([k, v]) => exportTargets(v, k))
}

if (failures.length > 0) {
  console.error(failures.map((f) => `- ${f}`).join('\n'))
  process.exit(1)
}
