// Checks the package graph and module graph:
// 1. every `@openward/*` import in a package's src is declared in its package.json,
// 2. no cycle between packages, and nothing depends on the cli or on examples,
// 3. no runtime import cycle between the source files of one package (type-only imports are erased).
// 4. folder rules (FOLDER_RULES below): a file under packages/oximeter/src/protocols/<family>/ imports
//    only @openward/core, third-party libraries, src/internal, src/decode and its own folder (type-only
//    imports included: a family must be movable as a unit), so no protocol folder imports another; and
//    the shared layers src/decode and src/internal never import a protocol folder.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

import { root, workspaces } from './workspaces.mjs'

const problems = []
const libs = workspaces().filter((w) => w.dir.startsWith('packages/'))
const names = new Set(libs.map((w) => w.name))

/**
 * Folder rules of one package's src: `family` matches a file path relative to src and captures the
 * folder that owns it; `allowed` are the src-relative folders it may import besides its own.
 */
const FOLDER_RULES = {
  'packages/oximeter': {
    family: /^protocols\/([^/]+)\//,
    allowed: ['internal/', 'decode/'],
    packages: ['@openward/core'],
    shared: ['decode/', 'internal/'],
    what: 'protocol folders import only @openward/core, src/internal, src/decode and their own folder',
  },
}

function sourceFiles(dir) {
  const out = []
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (/\.(ts|tsx|mts|cts)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(path)
  }
  return out
}

// Static import/export statements (with their clause, to tell type-only ones apart) and dynamic imports.
const staticRe =
  /(?:^|\n)\s*(import|export)\s+([^'";]*?)\s*from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g
const dynamicRe = /import\s*\(\s*['"]([^'"]+)['"]\s*\)/g

/** True for `import type …`, `export type …` and `import { type A, type B }`: erased at runtime. */
function typeOnly(clause) {
  if (/^type\s/.test(clause)) return true
  const braces = /^\{([^}]*)\}$/.exec(clause.trim())
  if (braces === null) return false
  const names = braces[1]
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '')
  return names.length > 0 && names.every((n) => n.startsWith('type '))
}

/** @returns {{ spec: string, runtime: boolean }[]} */
function importsOf(file) {
  const text = readFileSync(file, 'utf8')
  const specs = []
  for (const m of text.matchAll(staticRe)) {
    if (m[3] !== undefined) specs.push({ spec: m[3], runtime: !typeOnly(m[2]) })
    else specs.push({ spec: m[4], runtime: true })
  }
  for (const m of text.matchAll(dynamicRe)) specs.push({ spec: m[1], runtime: true })
  return specs
}

/** @type {Map<string, Set<string>>} */
const graph = new Map()
for (const w of libs) {
  const declared = new Set([
    ...Object.keys(w.manifest.dependencies ?? {}),
    ...Object.keys(w.manifest.peerDependencies ?? {}),
    ...Object.keys(w.manifest.optionalDependencies ?? {}),
  ])
  const edges = new Set()
  const srcDir = join(root, w.dir, 'src')
  const files = sourceFiles(srcDir)
  /** @type {Map<string, string[]>} */
  const fileGraph = new Map()
  for (const file of files) {
    const local = []
    for (const { spec, runtime } of importsOf(file)) {
      if (spec.startsWith('@openward/')) {
        const pkg = spec.split('/').slice(0, 2).join('/')
        if (pkg === w.name) problems.push(`${relative(root, file)} imports its own package by name (${spec})`)
        else if (!names.has(pkg)) problems.push(`${relative(root, file)} imports unknown package ${pkg}`)
        else {
          edges.add(pkg)
          if (!declared.has(pkg))
            problems.push(`${w.name} imports ${pkg} in ${relative(root, file)} but does not declare it`)
        }
      } else if (spec.startsWith('.') && runtime) {
        // Only runtime edges make a harmful cycle; type-only imports are erased by the compiler.
        const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts')
        local.push(target)
      }
    }
    fileGraph.set(file, local)
    checkFolderRules(w.dir, srcDir, file)
  }
  graph.set(w.name, edges)
  for (const cycle of findCycles(fileGraph)) {
    problems.push(`import cycle in ${w.name}: ${cycle.map((f) => relative(join(root, w.dir), f)).join(' -> ')}`)
  }
}

for (const [from, edges] of graph) {
  if (edges.has('@openward/cli')) problems.push(`${from} depends on @openward/cli (nothing may)`)
}
for (const cycle of findCycles(new Map([...graph].map(([k, v]) => [k, [...v]])))) {
  problems.push(`package cycle: ${cycle.join(' -> ')}`)
}

function checkFolderRules(pkgDir, srcDir, file) {
  const rule = FOLDER_RULES[pkgDir]
  if (rule === undefined) return
  const rel = relative(srcDir, file)
  const own = rule.family.exec(rel)
  const shared = rule.shared.some((dir) => rel.startsWith(dir))
  if (own === null && !shared) return
  for (const { spec } of importsOf(file)) {
    if (spec.startsWith('.')) {
      const target = relative(srcDir, resolve(dirname(file), spec))
      const targetFamily = rule.family.exec(target)
      if (own !== null) {
        if (target.startsWith(`protocols/${own[1]}/`) || rule.allowed.some((dir) => target.startsWith(dir))) continue
        const why =
          targetFamily !== null
            ? `imports another protocol folder (${targetFamily[1]})`
            : `imports src/${target.replace(/\.js$/, '.ts')}`
        problems.push(`${relative(root, file)} ${why}: ${rule.what}`)
      } else if (targetFamily !== null) {
        problems.push(
          `${relative(root, file)} imports protocol folder ${targetFamily[1]}: src/decode and src/internal are shared by every protocol and name none`,
        )
      }
    } else if (
      own !== null &&
      spec.startsWith('@openward/') &&
      !rule.packages.includes(spec.split('/').slice(0, 2).join('/'))
    ) {
      problems.push(`${relative(root, file)} imports ${spec}: ${rule.what}`)
    }
  }
}

/** Depth-first search for back edges; returns each cycle found once. */
function findCycles(g) {
  const cycles = []
  const state = new Map()
  const stack = []
  const visit = (node) => {
    state.set(node, 'open')
    stack.push(node)
    for (const next of g.get(node) ?? []) {
      if (!g.has(next)) continue
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(node, 'done')
  }
  for (const node of g.keys()) if (!state.has(node)) visit(node)
  return cycles
}

if (problems.length > 0) {
  console.error(problems.map((p) => `- ${p}`).join('\n'))
  process.exit(1)
}
console.log(`package graph ok: ${libs.length} packages, no cycles, every @openward import declared, folder rules kept`)
