import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * An esbuild plugin for the binary's build (tsup.config.ts) and the memory bench: each
 * `import { a, b } from '@openward/<package>'` in a bundled source file becomes imports of the files that
 * define `a` and `b`, read from the package's barrel (`src/index.ts`, which re-exports its API by name).
 *
 * Why: esbuild splits code per file, by the set of entry points that can *reach* a file through imports,
 * whether or not the entry uses anything in it. Through a barrel every command reached every module of
 * the package, so `openward analyze` loaded (parsed and ran) chunks of other commands' code: the oximeter's
 * decoders, and rxjs through @openward/spo2's detectors (about 2 MiB of its peak memory; README, "Memory of
 * a long recording"). With the barrels resolved, a command reaches only the files it imports.
 *
 * Also `fp-ts/lib/X.js` (CommonJS, which esbuild bundles whole and cannot tree-shake) becomes
 * `fp-ts/es6/X.js`, the ES modules io-ts's ES build already imports: one tree-shaken copy instead of two.
 * (The libraries do the same through their `#fp-ts/*` imports; the binary is bundled, so Node never loads
 * an es6 file itself.)
 *
 * `rxjs` is treated the same way, from its ES2015 modules (`dist/esm`, whose index re-exports by name) rather
 * than the CommonJS build Node's `node` condition picks: esbuild includes a CommonJS package whole once any
 * file imports it, so a command that reached one file importing `Observable` (spo2's `internal/detector.ts`,
 * for its `runDetector`) loaded all of rxjs's ~400 modules. Through rxjs's own index, every command would
 * still reach every operator; resolved to the defining files, a command reaches only what it imports.
 *
 * Type-only specifiers are dropped (erased anyway); a name the barrel does not re-export by name (an
 * `export *`) keeps its import from the barrel, so the output is the same program either way.
 *
 * @param {{ skip?: readonly string[] }} [options] packages left as they are (the external ones).
 */
export function deepImports({ skip = [] } = {}) {
  const packagesDir = fileURLToPath(new URL('../../', import.meta.url))
  const rxjsEsm = join(dirname(createRequire(import.meta.url).resolve('rxjs/package.json')), 'dist/esm/index.js')
  /** @type {Map<string, Map<string, { file: string, name: string }> | null>} */
  const barrels = new Map()
  const barrelOf = (specifier) => {
    if (!barrels.has(specifier))
      barrels.set(
        specifier,
        specifier === 'rxjs'
          ? readBarrel(rxjsEsm, (from) => `${from}.js`)
          : readBarrel(join(packagesDir, specifier.slice('@openward/'.length), 'src/index.ts'), (from) =>
              from.replace(/\.js$/, '.ts'),
            ),
      )
    return barrels.get(specifier)
  }
  return {
    name: 'openward-deep-imports',
    setup(build) {
      build.onResolve({ filter: /^rxjs$/ }, () => ({ path: rxjsEsm }))
      build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        if (path.includes('/node_modules/')) return undefined
        const source = await readFile(path, 'utf8')
        const contents = source
          .replace(/(['"])fp-ts\/lib\/([\w-]+)\.js\1/g, '$1fp-ts/es6/$2.js$1')
          .replace(IMPORT_FROM_BARREL, (statement, typeOnly, specifiers, _quote, from) => {
            const map = typeOnly || skip.includes(from) ? null : barrelOf(from)
            return map === null ? statement : deep(statement, specifiers, from, map)
          })
        return { contents, loader: 'ts', resolveDir: dirname(path) }
      })
    },
  }
}

/** `import [type] { … } from '@openward/<package>'` (no subpath) or `'rxjs'`, over several lines as Prettier writes it. */
const IMPORT_FROM_BARREL = /^import\s+(type\s+)?\{([^}]*)\}\s*from\s*(['"])(@openward\/[\w-]+|rxjs)\3;?/gm

/** The imports of one statement, grouped by defining file; the line count is kept (source maps). */
function deep(statement, specifiers, barrel, map) {
  /** @type {Map<string, string[]>} */
  const byFile = new Map()
  for (const raw of specifiers.split(',')) {
    const spec = raw.trim()
    if (spec === '' || /^type\s/.test(spec)) continue
    const [imported, local = imported] = spec.split(/\s+as\s+/)
    const target = map.get(imported)
    const from = target?.file ?? barrel
    const name = target?.name ?? imported
    const list = byFile.get(from) ?? []
    list.push(name === local ? name : `${name} as ${local}`)
    byFile.set(from, list)
  }
  const lines = [...byFile].map(([from, names]) => `import { ${names.join(', ')} } from ${JSON.stringify(from)};`)
  return lines.join(' ') + '\n'.repeat(statement.split('\n').length - 1)
}

/**
 * Name → defining file from a barrel's `export [type] { a, b as c } from './x.js'` lines (`toFile` maps the
 * written path to the file); `null` when there is no barrel to read.
 */
function readBarrel(indexPath, toFile) {
  if (!existsSync(indexPath)) return null
  const map = new Map()
  const source = readFileSync(indexPath, 'utf8')
  for (const [, typeOnly, names, from] of source.matchAll(/^export\s+(type\s+)?\{([^}]*)\}\s*from\s*'(\.[^']+)'/gm)) {
    if (typeOnly) continue
    const file = resolve(dirname(indexPath), toFile(from))
    if (!existsSync(file)) continue
    for (const raw of names.split(',')) {
      const spec = raw.trim()
      if (spec === '' || /^type\s/.test(spec)) continue
      const [name, exported = name] = spec.split(/\s+as\s+/)
      map.set(exported, { file, name })
    }
  }
  return map
}
